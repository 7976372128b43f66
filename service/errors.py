"""Domain exceptions, and the one place they become answers: a renderer per surface.

Services raise these with a message a person can act on, in Japanese. The API answers
``{"error": code, "message": text}``; the customer's page answers in plain Japanese; the
console shows the message on the panel the button was on (other forms: back to their page).
Nothing shows a traceback.
"""

import logging
from http import HTTPStatus
from urllib.parse import urlsplit

from flask import Flask
from flask import current_app
from flask import flash
from flask import jsonify
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from service.urls import local_path

log = logging.getLogger(__name__)
# Longest piece of a person's input an error message may quote back.
QUOTE_LIMIT = 40


class TebikiError(Exception):
    """A request we refuse for a reason we can name to the person who made it."""

    status = HTTPStatus.BAD_REQUEST
    code = "bad_request"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(TebikiError):
    """A value is present but not acceptable (a landline number, an unknown guide...)."""

    status = HTTPStatus.UNPROCESSABLE_ENTITY
    code = "invalid_input"

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class InvalidJson(TebikiError):
    """The request body is not the JSON the call takes."""

    code = "invalid_json"


class Unauthorized(TebikiError):
    """No valid credentials came with the request."""

    status = HTTPStatus.UNAUTHORIZED
    code = "unauthorized"


class Forbidden(TebikiError):
    """The caller is known but may not do this (an operator's API key uploading an image)."""

    status = HTTPStatus.FORBIDDEN
    code = "forbidden"


class BadSignature(Forbidden):
    """A provider's callback is not signed with the secret we share with it."""

    code = "bad_signature"


class TooLarge(TebikiError):
    """What was sent is over a size limit; the message names the limit."""

    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    code = "too_large"


class NotFound(TebikiError):
    """The thing asked for does not exist (or is not this caller's to see)."""

    status = HTTPStatus.NOT_FOUND
    code = "not_found"


class Conflict(TebikiError):
    """The action does not fit the session's current state (already revoked, expired...)."""

    status = HTTPStatus.CONFLICT
    code = "conflict"


class LinkGone(TebikiError):
    """The customer's link worked once but no longer does."""

    status = HTTPStatus.GONE
    code = "gone"

    def __init__(self, reason: str):
        super().__init__(
            "この案内は終わりました。" if reason == "revoked" else "この案内の期限が切れました。"
        )
        self.reason = reason  # "expired" or "revoked"


class TooManyAttempts(TebikiError):
    """Too many tries in a short time: wait before trying again (``retry_after`` seconds)."""

    status = HTTPStatus.TOO_MANY_REQUESTS
    code = "too_many_attempts"

    def __init__(self, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def quote(text: str) -> str:
    """Return ``text`` fit to repeat in a message: short, on one line."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= QUOTE_LIMIT else flat[: QUOTE_LIMIT - 1] + "…"


# --- renderers, one per surface ---------------------------------------------------------


def _surface() -> str:
    if request.blueprint in ("api", "sms") or request.path.startswith("/api/"):
        return "api"
    if request.blueprint == "customer":
        return "customer"
    if request.blueprint == "help":
        return "help"
    if request.blueprint in ("console", "auth", "admin"):
        return "console"
    return "page"


def _api(status: int, code: str, message: str, **extra):
    response = jsonify({"error": code, "message": message, **extra})
    response.status_code = status
    if status == HTTPStatus.UNAUTHORIZED:
        response.headers["WWW-Authenticate"] = 'Bearer realm="tebiki"'
    return response


def _page(status: int, message: str | None = None, back: str | None = None):
    return render_template("error.html", status=status, message=message, back=back), status


def _customer(error: TebikiError):
    if isinstance(error, NotFound):
        return render_template("customer/unknown.html"), error.status
    if isinstance(error, LinkGone):
        return render_template("customer/gone.html", reason=error.reason), error.status
    if request.endpoint == "customer.short_code":
        # The short-code page says what went wrong beside the box to type in again.
        reason = getattr(error, "reason", None)
        return render_template(
            "customer/short_code.html", error=None if reason else error.message, reason=reason
        ), error.status
    token = (request.view_args or {}).get("token")
    back = url_for("customer.step", token=token) if token else None
    return _page(error.status, error.message, back)


def _console(error: TebikiError):
    if request.method == "GET" or isinstance(error, NotFound):
        # A missing thing (or one that is not this person's) has no page to go back to.
        return _page(error.status, error.message)
    flash(error.message, "error")
    session_id = (request.view_args or {}).get("session_id")
    if session_id:
        # A panel button that was refused: the panel again, saying why, with the refusal's
        # status (nothing changed, so there is nothing to redirect to).
        panel = current_app.view_functions["console.session"]
        return make_response(panel(session_id=session_id), error.status)
    return redirect(_back(), 303)


def _back() -> str:
    """Return where a console form that failed goes back to: the page the form was on."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
        if local_path(path):
            return path
    return url_for("console.index")


def domain_error(error: TebikiError):
    """Answer a refused request on whichever surface it came in."""
    response = make_response(_domain_answer(error))
    retry_after = getattr(error, "retry_after", None)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _domain_answer(error: TebikiError):
    surface = _surface()
    if surface == "api":
        extra = {"field": error.field} if isinstance(error, InvalidInput) else {}
        return _api(error.status, error.code, error.message, **extra)
    if surface == "customer":
        return _customer(error)
    if surface == "console":
        return _console(error)
    if surface == "help" and isinstance(error, NotFound):
        # A self-service visitor came from a shop's page: the way on is the help index.
        return render_template("help/unknown.html"), error.status
    return _page(error.status, error.message)


# The API's words for HTTP-level refusals (werkzeug's own are English, for humans).
HTTP_MESSAGES = {
    HTTPStatus.BAD_REQUEST: "リクエストの形が正しくありません。",
    HTTPStatus.NOT_FOUND: "その URL はありません。",
    HTTPStatus.METHOD_NOT_ALLOWED: "この URL はそのメソッドを受け付けません。",
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: "リクエストが大きすぎます。",
    HTTPStatus.UNSUPPORTED_MEDIA_TYPE: "この形式のリクエストは受け付けません。",
}


PAGE_MESSAGES = {
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: "送ったデータが大きすぎます。小さくして送ってください。",
}


def http_error(error: HTTPException):
    """Answer an HTTP-level refusal (404 route, 405 method, 413 size...) on its surface."""
    status = error.code or HTTPStatus.INTERNAL_SERVER_ERROR
    if isinstance(error, RateLimitExceeded):
        # Our limits' own words (service/limits.py), on every surface; Flask-Limiter adds
        # Retry-After to the answer.
        if _surface() == "api":
            return _api(status, "rate_limited", error.description)
        return _page(status, error.description)
    if _surface() == "api":
        code = (error.name or "error").lower().replace(" ", "_")
        return _api(status, code, HTTP_MESSAGES.get(status, error.description or error.name))
    if isinstance(error, CSRFError) and _surface() == "customer":
        # The form outlived its cookie (a browser that dropped it, a very old tab): nothing
        # was changed, so show the page again and ask for one more tap.
        return redirect(request.path + "?notice=retry", 303)
    # A body over the limit is refused before any view runs: say so (an admin's upload).
    return _page(status, PAGE_MESSAGES.get(status))


def unexpected(error: Exception):
    """Log a failure we did not foresee and answer without any detail of it."""
    if isinstance(error, HTTPException):
        return http_error(error)
    # The endpoint, not the path: a customer's path holds the secret link token.
    log.exception("unhandled error on %s %s", request.method, request.endpoint or "(no route)")
    status = HTTPStatus.INTERNAL_SERVER_ERROR
    if _surface() == "api":
        return _api(status, "internal_error", "サーバー側で問題が起きました。")
    return _page(status)


def register(app: Flask) -> None:
    """Map every domain exception, HTTP error and surprise to its surface's answer."""
    app.register_error_handler(TebikiError, domain_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected)
