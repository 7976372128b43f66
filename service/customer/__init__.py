"""The customer's phone page: one step per screen, plain forms, no JavaScript needed."""

from flask import Blueprint
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_wtf.csrf import CSRFError

from service import guidance
from service.db import utcnow
from service.errors import LinkGone
from service.errors import NotFound
from service.guidance import Action
from service.models import SessionStatus

bp = Blueprint("customer", __name__)


@bp.after_request
def _private(response):
    # The token in the URL is the key to the session: keep it out of Referer headers
    # and out of every cache between here and the phone.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(NotFound)
def _unknown(error):
    return render_template("customer/unknown.html"), 404


@bp.errorhandler(LinkGone)
def _gone(error):
    return render_template("customer/gone.html", reason=error.reason), 410


@bp.errorhandler(CSRFError)
def _stale_form(error):
    # The form outlived its cookie (a browser that dropped it, a very old tab): show the
    # step again with a fresh form; nothing was changed, so nothing is lost.
    return redirect(request.path, 303)


@bp.get("/g/<token>")
def step(token: str):
    now = utcnow()
    session = guidance.for_token(token, now)
    guidance.open_link(session, now)
    version = session.guide_version
    if session.status is SessionStatus.COMPLETED:
        return render_template("customer/finished.html", session=session)
    current = version.steps[session.current_step - 1]
    return render_template(
        "customer/step.html",
        session=session,
        step=current,
        total=version.total_steps,
        helped=request.args.get("helped") == "1",
    )


@bp.post("/g/<token>")
def act(token: str):
    now = utcnow()
    session = guidance.for_token(token, now)
    try:
        action = Action(request.form.get("action", ""))
        shown_step = int(request.form.get("step", ""))
    except ValueError:
        # A hand-made or truncated form: show the page again rather than an error.
        return redirect(url_for(".step", token=token), 303)
    guidance.act(session, action, shown_step, now)
    helped = {"helped": "1"} if action is Action.HELP else {}
    return redirect(url_for(".step", token=token, **helped), 303)
