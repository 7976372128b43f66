"""The customer's phone page: one step per screen, plain forms, no JavaScript needed."""

import re

from flask import Blueprint
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user

from service import inputs
from service.content.published import published
from service.customer import preview
from service.customer import voice
from service.db import utcnow
from service.errors import InvalidInput
from service.hints.suggest import shows_domain
from service.live.sse import sse_response
from service.media.pictures import pictures
from service.models.sessions import ENDED_BY_CUSTOMER
from service.sessions import lifecycle
from service.sessions import links
from service.sessions import queries
from service.sessions import shortcodes
from service.sessions.clients import describe
from service.sessions.events import FINAL
from service.sessions.events import FOLLOWED_BY_CUSTOMER
from service.sessions.events import TERMINAL
from service.sessions.lifecycle import Action
from service.sessions.lifecycle import PressResult
from service.sessions.progress import asked_back
from service.sessions.progress import landing
from service.sessions.progress import progress
from service.sessions.progress import skips

bp = Blueprint("customer", __name__)

# Link previews (messaging apps, carrier scanners) fetch the link before the customer taps
# it; they must not count as the customer opening it.
PREVIEW_AGENTS = re.compile(
    r"bot\b|crawler|spider|preview|facebookexternalhit|line-poker|slack|discord|whatsapp|skype",
    re.IGNORECASE,
)
NOTICES = {"helped", "retry"}
MAX_CHOICE = 20
MAX_VERSION = 2**31 - 1
PRESS_REFUSED = (
    "ボタンの情報をうまく受け取れませんでした。手順の画面にもどって、もう一度押してください。"
)


@bp.after_request
def _private(response):
    # The token in the URL is the key to the session: keep it out of Referer headers
    # and out of every cache between here and the phone.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/g/<token>")
def step(token: str):
    """Show the customer the step they are on (opening the link the first time)."""
    now = utcnow()
    session, last_event_id = queries.for_link(token)
    links.ensure_link_works(session, now)
    if request.method == "HEAD" or PREVIEW_AGENTS.search(request.user_agent.string or ""):
        return render_template("customer/preview.html")
    if current_user.is_authenticated:
        # An operator clicking the link on the console is not the customer opening it.
        return render_template("customer/preview.html", staff=True)
    if lifecycle.open_link(session, now, describe(request.user_agent.string)):
        last_event_id = queries.last_event_id(session.id)
    if session.status in ENDED_BY_CUSTOMER:
        return voice.finished_page(session)
    if session.device_guessed:
        # The browser did not say which phone (a PC, a browser that hides it): showing the
        # steps of a phone picked at random would mislead. The operator picks; this follows.
        return render_template(
            "customer/which_phone.html",
            guide_session=session,
            last_event_id=last_event_id,
        )
    version = published(session.guide_version)
    current = version.step(session.current_step)
    skipped = skips(session)
    following_number = landing(current.next_step, skipped)
    following = version.step(following_number) if following_number else None
    images = pictures([current.image_digest, following.image_digest if following else None])
    position, total = progress(session)
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
        mail_domain=session.mail_domain if shows_domain(current, skipped) else None,
        other_app=asked_back(current.number, skipped) is not None,
        # Read with the session: the customer's page has no use for the whole event log.
        last_event_id=last_event_id,
    )


@bp.post("/g/<token>")
def act(token: str):
    """Carry out a press of 次へ, 戻る, a choice, わからない or できました."""
    now = utcnow()
    # The lookup takes the row lock the press needs: one statement instead of two.
    session = lifecycle.for_press(token, now)
    action_name, _, choice = request.form.get("action", "").partition(":")
    try:
        action = Action(action_name)
    except ValueError:
        raise InvalidInput("action", PRESS_REFUSED) from None
    shown_step = inputs.number(request.form.get("step"), "step", 1, inputs.MAX_STEP, PRESS_REFUSED)
    shown_version = inputs.number(
        request.form.get("version", "0"), "version", 0, MAX_VERSION, PRESS_REFUSED
    )
    choice_index = (
        inputs.number(choice, "action", 0, MAX_CHOICE, PRESS_REFUSED)
        if action is Action.CHOOSE
        else 0
    )
    result = lifecycle.act(
        session, action, shown_step, now, choice=choice_index, shown_version=shown_version
    )
    notice = {"notice": "helped"} if result is PressResult.HELPED else {}
    return redirect(url_for(".step", token=token, **notice), 303)


def _for_the_page(event: dict) -> dict | None:
    """Keep what the page must react to, and nothing else about the session."""
    if event["type"] not in FOLLOWED_BY_CUSTOMER:
        return None
    return {"id": event["id"], "type": event["type"], "step": event["step"]}


@bp.get("/g/<token>/events")
def follow(token: str):
    """Tell an open page when the operator moved the customer, so it can reload."""
    session = links.for_token(token, utcnow())
    return sse_response(
        session.id,
        queries.events_after,
        ends=TERMINAL,
        final=FINAL,
        shape=_for_the_page,
        customer=True,
    )


@bp.route("/c", methods=["GET", "POST"])
def short_code():
    """The fixed page where a customer types the number the operator reads out."""
    if request.method == "GET":
        return render_template("customer/short_code.html")
    settings = links.settings()
    session = shortcodes.redeem(
        request.form.get("code", "")[:100],
        shortcodes.client_key(request.remote_addr),
        settings,
        utcnow(),
    )
    return redirect(settings.path(session), 303)


# A guide as the customer will see it, before anyone is sent it (see content/preview.py).
bp.add_url_rule("/p/<preview_token>", "preview", preview.show)
# After the end: the customer's one optional tap (see sessions/feedback.py).
bp.add_url_rule("/g/<token>/feedback", "feedback", voice.give, methods=["POST"])
