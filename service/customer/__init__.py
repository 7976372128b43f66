"""The customer's phone page: one step per screen, plain forms, no JavaScript needed."""

import re

from flask import Blueprint
from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from service import guidance
from service import shortcodes
from service.clients import describe
from service.db import utcnow
from service.errors import LinkGone
from service.errors import NotFound
from service.guidance import Action
from service.guidance import LinkSettings
from service.guidance import Outcome
from service.live import sse_response
from service.media import pictures
from service.models import SessionStatus

bp = Blueprint("customer", __name__)

# Link previews (messaging apps, carrier scanners) fetch the link before the customer taps
# it; they must not count as the customer opening it.
PREVIEW_AGENTS = re.compile(
    r"bot\b|crawler|spider|preview|facebookexternalhit|line-poker|slack|discord|whatsapp|skype",
    re.IGNORECASE,
)
NOTICES = {"helped", "retry"}
# What the operator does (or time does) that the customer's open page must follow.
FOLLOW = {"moved", "switched", "revoked", "expired"}


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
    # The form outlived its cookie (a browser that dropped it, a very old tab): nothing was
    # changed, so show the page again and ask for one more tap.
    return redirect(request.path + "?notice=retry", 303)


@bp.get("/g/<token>")
def step(token: str):
    now = utcnow()
    session = guidance.for_token(token, now)
    if request.method == "HEAD" or PREVIEW_AGENTS.search(request.user_agent.string or ""):
        return render_template("customer/preview.html")
    if current_user.is_authenticated:
        # An operator clicking the link on the console is not the customer opening it.
        return render_template("customer/preview.html", staff=True)
    guidance.open_link(session, now, describe(request.user_agent.string))
    if session.status is SessionStatus.COMPLETED:
        return render_template("customer/finished.html", guide_session=session)
    version = session.guide_version
    current = version.step(session.current_step)
    following = version.step(current.next_step) if current.next_step else None
    images = pictures([current.image_digest, following.image_digest if following else None])
    position, total = guidance.progress(session)
    notice = request.args.get("notice")
    return render_template(
        "customer/step.html",
        guide_session=session,
        step=current,
        position=position,
        total=total,
        can_go_back=len(session.path) > 1,
        picture=images.get(current.image_digest),
        prefetch=images.get(following.image_digest) if following else None,
        notice=notice if notice in NOTICES else None,
        # One indexed query: the customer's page has no use for the whole event log.
        last_event_id=guidance.last_event_id(session.id),
    )


@bp.post("/g/<token>")
def act(token: str):
    now = utcnow()
    session = guidance.for_token(token, now)
    action_name, _, choice = request.form.get("action", "").partition(":")
    try:
        action = Action(action_name)
        shown_step = int(request.form.get("step", ""))
        shown_version = int(request.form.get("version", "0"))
        choice_index = int(choice) if action is Action.CHOOSE else 0
    except ValueError:
        # A hand-made or truncated form: show the page again rather than an error.
        return redirect(url_for(".step", token=token), 303)
    outcome = guidance.act(
        session, action, shown_step, now, choice=choice_index, shown_version=shown_version
    )
    notice = {"notice": "helped"} if outcome is Outcome.HELPED else {}
    return redirect(url_for(".step", token=token, **notice), 303)


@bp.get("/g/<token>/events")
def follow(token: str):
    """Tell an open page when the operator moved the customer, so it can reload."""
    session = guidance.for_token(token, utcnow())

    def operator_changes(session_id: str, after_id: int) -> list[dict]:
        # Only what the page must react to, and nothing else about the session.
        return [
            {"id": event["id"], "type": event["type"], "step": event["step"]}
            for event in guidance.events_after(session_id, after_id)
            if event["type"] in FOLLOW
        ]

    return sse_response(session.id, operator_changes, customer=True)


@bp.route("/c", methods=["GET", "POST"])
def short_code():
    """The fixed page where a customer types the number the operator reads out."""
    if request.method == "GET":
        return render_template("customer/short_code.html")
    settings = LinkSettings.from_config(current_app.config)
    try:
        session = shortcodes.redeem(
            request.form.get("code", ""),
            shortcodes.client_key(request.remote_addr),
            settings,
            utcnow(),
        )
    except shortcodes.TooManyAttempts as error:
        return render_template("customer/short_code.html", error=error.message), 429
    except shortcodes.WrongCode as error:
        return render_template("customer/short_code.html", reason=error.reason), 422
    return redirect(settings.url(session).removeprefix(settings.public_url), 303)
