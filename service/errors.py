"""Domain exceptions, and the one place they become HTTP answers for each surface."""

from http import HTTPStatus


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


class NotFound(TebikiError):
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
        super().__init__(reason)
        self.reason = reason  # "expired" or "revoked"


def init_app(app) -> None:
    """Answer errors no blueprint handled: JSON under /api/, a plain Japanese page elsewhere."""
    from flask import jsonify
    from flask import render_template
    from flask import request
    from werkzeug.exceptions import HTTPException
    from werkzeug.exceptions import InternalServerError

    def wants_json() -> bool:
        return request.path.startswith("/api/")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            return jsonify({"error": code, "message": exc.description}), exc.code
        return render_template("error.html", status=exc.code), exc.code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        if wants_json():
            body = {"error": "internal_error", "message": "Something went wrong on our side."}
            return jsonify(body), 500
        return render_template("error.html", status=500), InternalServerError.code
