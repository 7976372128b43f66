"""Sessions through the API: create, read, steer, revoke, follow."""

from flask import g
from flask import jsonify
from flask import url_for

from service import catalog
from service.api import answers
from service.api import requests
from service.api import schemas
from service.api.spec import given
from service.api.spec import validate
from service.auth import accounts
from service.db import utcnow
from service.errors import InvalidInput
from service.errors import quote
from service.hints import choose
from service.inputs import MAX_STEP
from service.live.sse import sse_response
from service.sessions import access
from service.sessions import links
from service.sessions import queries
from service.sessions import shortcodes
from service.sessions import steering
from service.sessions.events import FINAL
from service.sessions.events import TERMINAL
from service.sessions.events import Actor
from service.sessions.progress import labels
from service.sessions.progress import main_route
from service.sessions.progress import skips

SESSION = {"HTTP_200": answers.Session}


def _session(session_id: str):
    """Return the session named in the path, if this key may reach it (else 404)."""
    return access.get_for_key(g.api_key, session_id)


def _answer(session_id: str, status: int = 200, **extra):
    session = _session(session_id)
    return jsonify({**schemas.session_json(session, utcnow()), **extra}), status


@validate(json=requests.NewSession, HTTP_201=answers.Session)
def create_session():
    """Create a session and text its link."""
    data = given().json
    device = data.device
    hints = choose.resolve(data.issuer, data.mail_domain)
    operator = _operator(data.operator)
    # "unknown", as the console's 「わからない」: the session moves to the phone's family
    # when the customer opens the link.
    guessed = device == catalog.UNKNOWN_DEVICE
    if guessed:
        device = catalog.stand_in_device(missing=InvalidInput).slug
    session = links.start(
        guide_version=catalog.guide(device, data.guide).current_version,
        phone=data.phone,
        settings=links.settings(),
        now=utcnow(),
        by=Actor.api_key(g.api_key),
        hints=hints,
        device_guessed=guessed,
        reference=data.reference,
        operator=operator,
    )
    response = jsonify(schemas.session_json(session, utcnow()))
    response.headers["Location"] = url_for("api.get_session", session_id=session.id)
    return response, 201


def _operator(email: str | None):
    """Return the operator a CRM names by email (they then see the session), or None."""
    if email is None:
        return None
    user = accounts.by_email(email)
    if user is None or not user.is_active:
        message = "'operator' はサインインできるスタッフのメールアドレスで送ってください。"
        raise InvalidInput("operator", message)
    return user


@validate(**SESSION)
def get_session(session_id: str):
    """Show a session as it is now."""
    return _answer(session_id)


@validate(**SESSION)
def revoke_session(session_id: str):
    """Kill the customer's link."""
    steering.revoke(_session(session_id), utcnow(), by=Actor.api_key(g.api_key))
    return _answer(session_id)


@validate(HTTP_201=answers.ShortCode)
def create_short_code(session_id: str):
    """Make a 6-digit code for the operator to read aloud."""
    settings = links.settings()
    issued = shortcodes.issue(_session(session_id), settings, utcnow(), by=Actor.api_key(g.api_key))
    return jsonify(
        {
            "code": issued.code,
            "entry_url": settings.public_url + url_for("customer.short_code"),
            "expires_at": issued.expires_at.isoformat(),
        }
    ), 201


@validate(json=requests.MoveTo, **SESSION)
def move_session(session_id: str):
    """Put the customer on a step: ``{"key": ...}``, or ``{"step": n}`` as the screens number it."""
    session = _session(session_id)
    data = given().json
    version = session.guide_version
    if data.key is not None:
        target = version.step_by_key(data.key)
        if target is None:
            raise InvalidInput("key", "その key の手順はこの案内にありません。")
        number = target.number
    else:
        if data.step is None:
            message = f"'step' は 1 から {MAX_STEP} の整数で送ってください（または 'key'）。"
            raise InvalidInput("step", message)
        label = data.step
        skipped = skips(session)
        numbers = [n for n, shown in labels(version, skipped).items() if shown == label]
        if len(numbers) > 1:
            # Several steps are shown as this number (on different answers): the main
            # route's one is meant, if it is among them.
            on_main = [n for n in numbers if n in main_route(version, skipped)]
            numbers = on_main or numbers
        if len(numbers) != 1:
            keys = quote(", ".join(version.step(n).key for n in numbers) or "なし")
            message = f"手順 {label} は一つに決まりません（{keys}）。key で指定してください。"
            raise InvalidInput("step", message)
        number = numbers[0]
    steering.move_to(session, number, utcnow(), by=Actor.api_key(g.api_key))
    return _answer(session_id)


@validate(json=requests.SwitchTo, **SESSION)
def switch_session(session_id: str):
    """Move the session to another device's (or task's) guide."""
    session = _session(session_id)
    data = given().json
    target = catalog.guide(data.device, data.guide)
    steering.switch(session, target.current_version, utcnow(), by=Actor.api_key(g.api_key))
    return _answer(session_id)


@validate(json=requests.Extension, **SESSION)
def extend_session(session_id: str):
    """Give the link more minutes."""
    session = _session(session_id)
    steering.extend(session, given().json.minutes, utcnow(), by=Actor.api_key(g.api_key))
    return _answer(session_id)


@validate(HTTP_200=answers.Resent)
def resend_session(session_id: str):
    """Queue another text of the same link; ``sms_sent`` or ``sms_failed`` follows as an event."""
    steering.resend(_session(session_id), utcnow(), by=Actor.api_key(g.api_key))
    return _answer(session_id, sms="queued")


@validate(HTTP_200=None)
def session_events(session_id: str):
    """Stream the session's events (Server-Sent Events, resumable by Last-Event-ID)."""
    session_id = _session(session_id).id
    return sse_response(session_id, queries.events_after, ends=TERMINAL, final=FINAL)
