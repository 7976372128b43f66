"""The guidance session lifecycle: start, open, move between steps, ask for help, finish, revoke.

Every change locks the session row, appends to the event log and commits; publishing the
events to live watchers follows the commit (see ``service.live``).
"""

import enum
import functools
import logging
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from service import catalog
from service import tokens
from service.clients import Client
from service.clients import matches
from service.db import db
from service.db import utcnow
from service.errors import Conflict
from service.errors import InvalidInput
from service.errors import LinkGone
from service.errors import NotFound
from service.live import Payload
from service.live import event_payload
from service.models import ApiKey
from service.models import EventType
from service.models import GuidanceSession
from service.models import GuideVersion
from service.models import SessionEvent
from service.models import SessionStatus
from service.models import User
from service.phones import normalize_mobile
from service.sms import SmsError
from service.sms import SmsProvider

LINK_PATH = "/g/"
MAX_EXTEND_MINUTES = 60
log = logging.getLogger(__name__)


class Action(enum.StrEnum):
    """What the customer's buttons ask for."""

    NEXT = "next"
    BACK = "back"
    CHOOSE = "choose"
    HELP = "help"
    DONE = "done"


class Outcome(enum.Enum):
    """What a customer's press did."""

    MOVED = "moved"
    HELPED = "helped"
    COMPLETED = "completed"
    IGNORED = "ignored"


@dataclass(frozen=True)
class LinkSettings:
    """What a link looks like and how long it lives."""

    secret_key: str
    public_url: str
    ttl: timedelta
    shop_name: str

    @classmethod
    def from_config(cls, config) -> "LinkSettings":
        return cls(
            secret_key=config["SECRET_KEY"],
            public_url=config["PUBLIC_URL"],
            ttl=timedelta(minutes=config["LINK_TTL_MINUTES"]),
            shop_name=config["SHOP_NAME"],
        )

    def url(self, session: GuidanceSession) -> str:
        """Return the customer's link for ``session``."""
        return self.public_url + LINK_PATH + tokens.link_token(self.secret_key, session.token_salt)

    def sms_text(self, url: str) -> str:
        """Return the text announcing ``url``: short enough for one segment by default."""
        return f"{self.shop_name}です。ご案内の画面はこちら\n{url}"


def start(
    *,
    guide_version: GuideVersion,
    phone: str,
    settings: LinkSettings,
    sms: SmsProvider,
    now: datetime,
    operator: User | None = None,
    api_key: ApiKey | None = None,
    device_guessed: bool = False,
) -> GuidanceSession:
    """Create a session for ``phone`` and text it the link.

    With ``device_guessed`` the operator did not know the phone: the session starts on
    ``guide_version`` and moves to the same task for the phone's family when it is opened.

    The session is committed before the text goes out, so a link that reached a phone always
    leads somewhere. A refused text does not undo the session: the operator still has the QR
    code and the link, and the status says ``delivery_failed``.
    """
    number = normalize_mobile(phone)
    salt = tokens.new_salt()
    session = GuidanceSession(
        id=tokens.new_id(),
        token_salt=salt,
        token_hash=tokens.digest(tokens.link_token(settings.secret_key, salt)),
        guide_version=guide_version,
        operator=operator,
        api_key_id=api_key.id if api_key else None,
        phone=number,
        status=SessionStatus.SENT,
        created_at=now,
        expires_at=now + settings.ttl,
        passphrase=tokens.new_passphrase(),
        device_guessed=device_guessed,
    )
    db.session.add(session)
    guide = guide_version.guide
    _record(
        session,
        EventType.CREATED,
        now,
        device=guide.device.slug,
        guide=guide.slug,
        version=guide_version.number,
        by=_actor(operator, api_key),
    )
    db.session.commit()
    _text_link(session, settings, sms, now)
    return session


def _text_link(
    session: GuidanceSession, settings: LinkSettings, sms: SmsProvider, now: datetime
) -> bool:
    """Send the link by SMS, log how it went, and say whether the provider took it."""
    try:
        result = sms.send(session.phone, settings.sms_text(settings.url(session)))
    except Exception as exc:
        if not isinstance(exc, SmsError):
            log.exception("SMS provider failed for session %s", session.id)
        if session.status is SessionStatus.SENT:  # an opened link stays opened
            session.status = SessionStatus.DELIVERY_FAILED
        _record(session, EventType.SMS_FAILED, now, reason=str(exc)[:200] or type(exc).__name__)
        db.session.commit()
        return False
    _record(
        session, EventType.SMS_SENT, now, provider=result.provider, message_id=result.message_id
    )
    db.session.commit()
    return True


def get(session_id: str) -> GuidanceSession:
    """Return the session with ``session_id`` or raise ``NotFound``."""
    session = db.session.get(GuidanceSession, session_id)
    if session is None:
        raise NotFound(f"No session with id {session_id!r}.")
    return session


def for_token(token: str, now: datetime) -> GuidanceSession:
    """Return the session a customer's link opens, or raise ``NotFound`` / ``LinkGone``."""
    session = db.session.scalar(
        select(GuidanceSession).where(GuidanceSession.token_hash == tokens.digest(token))
    )
    if session is None:
        raise NotFound("unknown link")
    status = session.status_at(now)
    if status is SessionStatus.EXPIRED:
        note_expiry(session, now)
    if status in (SessionStatus.EXPIRED, SessionStatus.REVOKED):
        raise LinkGone(status.value)
    return session


def open_link(session: GuidanceSession, now: datetime, client: Client | None = None) -> None:
    """Note that the customer has opened the link; the first time, put them on step 1.

    ``client`` is the phone the browser reported; the console compares it with the device
    the operator chose.
    """
    learn = bool(client and client.family) and (
        session.client_family is None or session.device_guessed
    )
    if session.opened_at is not None and not learn:
        return
    try:
        _open(session, now, client)
    except StaleDataError:
        db.session.rollback()  # a second tab opened it at the same moment: once is enough


def _open(session: GuidanceSession, now: datetime, client: Client | None) -> None:
    session = _locked(session)
    if session.opened_at is not None:
        # Opened before by a browser that did not say which phone: learn it now.
        if client is not None and client.family and session.client_family is None:
            _note_client(session, client)
        if client is not None and session.device_guessed:
            _switch_to_family(session, client.family, now)
        db.session.commit()
        return
    _ensure_live(session, now)
    session.opened_at = now
    session.current_step = 1
    session.path = [1]
    if session.status in (SessionStatus.SENT, SessionStatus.DELIVERY_FAILED):
        session.status = SessionStatus.OPENED
    details = {}
    if client is not None and session.device_guessed:
        _switch_to_family(session, client.family, now)
    if client is not None:
        _note_client(session, client)
        details = {
            "client": client.label,
            "matches_device": matches(session.guide_version.guide.device.family, client.family),
        }
    _record(session, EventType.OPENED, now, step=1, progress=list(progress(session)), **details)
    db.session.commit()


def act(
    session: GuidanceSession,
    action: Action,
    shown_step: int,
    now: datetime,
    choice: int = 0,
    shown_version: int | None = None,
) -> Outcome:
    """Carry out the customer's ``action``, pressed on the page that showed ``shown_step``.

    A move pressed on a page that is no longer current (a double tap, a stale tab) is
    ignored, so one tap never moves the customer two steps; わからない always reaches the
    operator. A press made on a page of another guide version (the operator switched the
    guide meanwhile) is ignored the same way. Returns what happened, so the page can say so.
    """
    try:
        return _act(session, action, shown_step, now, choice, shown_version)
    except StaleDataError:
        # Another press changed the session between our read and our write (SQLite).
        db.session.rollback()
        return Outcome.IGNORED


def _act(
    session: GuidanceSession,
    action: Action,
    shown_step: int,
    now: datetime,
    choice: int,
    shown_version: int | None,
) -> Outcome:
    session = _locked(session)
    if session.status is SessionStatus.COMPLETED:
        db.session.rollback()
        return Outcome.IGNORED  # a second できました: they are done, nothing to change
    _ensure_live(session, now)
    if action is Action.HELP:
        _record(session, EventType.HELP, now, step=shown_step)
        db.session.commit()
        return Outcome.HELPED
    stale_version = shown_version and shown_version != session.guide_version_id
    if session.current_step != shown_step or stale_version:
        db.session.rollback()
        return Outcome.IGNORED
    step = session.guide_version.step(shown_step)
    outcome = Outcome.IGNORED
    if action is Action.NEXT and step.next_step is not None:
        _move(session, step.next_step, now, direction="next")
        outcome = Outcome.MOVED
    elif action is Action.CHOOSE and 0 <= choice < len(step.choices):
        picked = step.choices[choice]
        _move(session, picked.next_step, now, direction="choice", choice=picked.label)
        outcome = Outcome.MOVED
    elif action is Action.BACK and len(session.path) > 1:
        session.path = session.path[:-1]
        session.current_step = session.path[-1]
        _record(
            session,
            EventType.STEP,
            now,
            step=session.current_step,
            direction="back",
            progress=list(progress(session)),
        )
        outcome = Outcome.MOVED
    elif action is Action.DONE and step.is_end:
        session.status = SessionStatus.COMPLETED
        session.completed_at = now
        _record(session, EventType.COMPLETED, now, step=shown_step)
        outcome = Outcome.COMPLETED
    if outcome is Outcome.IGNORED:
        db.session.rollback()
        return outcome
    db.session.commit()
    return outcome


def progress(session: GuidanceSession) -> tuple[int, int]:
    """Return (position, total) along the customer's path, as the counter 「2 / 5」 shows.

    The total counts the steps taken so far plus those ahead on the main route (the first
    answer of each choice), so it can change when the customer picks another answer.
    """
    version = session.guide_version
    position = len(session.path) or 1
    ahead, seen = 0, set(session.path)
    step = version.step(session.current_step or 1)
    while True:
        following = (
            step.next_step
            if step.next_step is not None
            else (step.choices[0].next_step if step.choices else None)
        )
        if following is None or following in seen:
            break
        seen.add(following)
        ahead += 1
        step = version.step(following)
    return position, position + ahead


def _one_at_a_time(action):
    """Report a change that lost a race with another (SQLite's version check) as a Conflict."""

    @functools.wraps(action)
    def run(*args, **kwargs):
        try:
            return action(*args, **kwargs)
        except StaleDataError:
            db.session.rollback()
            raise Conflict(
                "The session changed at the same moment; look again and retry."
            ) from None

    return run


@_one_at_a_time
def revoke(session: GuidanceSession, now: datetime, *, operator=None, api_key=None) -> None:
    """Kill the link for good; revoking twice changes nothing.

    A finished session keeps its outcome: revoking a completed or expired one is refused.
    """
    session = _locked(session)
    status = session.status_at(now)
    if status is SessionStatus.REVOKED:
        db.session.rollback()
        return
    if status in (SessionStatus.COMPLETED, SessionStatus.EXPIRED):
        db.session.rollback()
        raise Conflict(f"The session is already {status.value}; there is nothing to revoke.")
    session.status = SessionStatus.REVOKED
    session.revoked_at = now
    _record(
        session, EventType.REVOKED, now, step=session.current_step, by=_actor(operator, api_key)
    )
    db.session.commit()


@_one_at_a_time
def move_to(session: GuidanceSession, step: int, now: datetime, *, operator=None, api_key=None):
    """Put the customer on ``step`` (the operator's choice); their page follows."""
    session = _locked(session)
    ensure_active(session, now)
    if session.opened_at is None:
        db.session.rollback()
        raise Conflict("The customer has not opened the link yet.")
    if not 1 <= step <= session.guide_version.total_steps:
        db.session.rollback()
        raise InvalidInput(
            "step", f"Step must be between 1 and {session.guide_version.total_steps}."
        )
    session.path = [*session.path, step]
    session.current_step = step
    _record(
        session,
        EventType.MOVED,
        now,
        step=step,
        progress=list(progress(session)),
        by=_actor(operator, api_key),
    )
    db.session.commit()


@_one_at_a_time
def switch(
    session: GuidanceSession,
    guide_version: GuideVersion,
    now: datetime,
    *,
    operator=None,
    api_key=None,
) -> None:
    """Move the session to another device's (or task's) guide, from its first step."""
    session = _locked(session)
    ensure_active(session, now)
    session.guide_version = guide_version
    if session.opened_at is not None:
        session.path = [1]
        session.current_step = 1
    guide = guide_version.guide
    _record(
        session,
        EventType.SWITCHED,
        now,
        step=session.current_step,
        device=guide.device.slug,
        guide=guide.slug,
        version=guide_version.number,
        by=_actor(operator, api_key),
    )
    db.session.commit()


@_one_at_a_time
def extend(
    session: GuidanceSession, minutes: int, now: datetime, *, operator=None, api_key=None
) -> None:
    """Give the link ``minutes`` more, counted from now if it had already run out."""
    if not 1 <= minutes <= MAX_EXTEND_MINUTES:
        raise InvalidInput("minutes", f"Minutes must be between 1 and {MAX_EXTEND_MINUTES}.")
    session = _locked(session)
    if session.status in (SessionStatus.COMPLETED, SessionStatus.REVOKED):
        db.session.rollback()
        raise Conflict(f"The session is {session.status.value}; it cannot be extended.")
    session.expires_at = max(session.expires_at, now) + timedelta(minutes=minutes)
    _record(
        session,
        EventType.EXTENDED,
        now,
        step=session.current_step,
        minutes=minutes,
        expires_at=session.expires_at.isoformat(),
        by=_actor(operator, api_key),
    )
    db.session.commit()


@_one_at_a_time
def resend(
    session: GuidanceSession,
    settings: LinkSettings,
    sms: SmsProvider,
    now: datetime,
    *,
    operator=None,
    api_key=None,
) -> bool:
    """Text the same link again (the customer could not find the first SMS).

    Returns whether the provider took the text; a refusal is logged, not raised.
    """
    session = _locked(session)
    ensure_active(session, now)
    if session.phone is None:
        db.session.rollback()
        raise Conflict("This session has no phone number to text.")
    _record(session, EventType.RESENT, now, step=session.current_step, by=_actor(operator, api_key))
    if session.status is SessionStatus.DELIVERY_FAILED:
        session.status = SessionStatus.SENT
    db.session.commit()
    return _text_link(session, settings, sms, now)


def _note_client(session: GuidanceSession, client: Client) -> None:
    session.client_os = client.os[:40] or None
    session.client_browser = client.browser[:60] or None
    session.client_model = client.model[:60] or None
    session.client_family = client.family or None


def _switch_to_family(session: GuidanceSession, family: str, now: datetime) -> None:
    """Put a guessed session on the same task for the phone family its browser reported."""
    target = catalog.device_for_family(family)
    if target is None:
        return  # the browser did not say: stay guessed, the console says so
    current = session.guide_version.guide
    if target.id == current.device_id:
        session.device_guessed = False
        return
    guide = next((g for g in target.guides if g.slug == current.slug), None)
    if guide is None or guide.current_version is None:
        return
    session.guide_version = guide.current_version
    session.device_guessed = False
    if session.opened_at is not None:
        session.path, session.current_step = [1], 1
    _record(
        session,
        EventType.SWITCHED,
        now,
        step=session.current_step,
        device=target.slug,
        guide=guide.slug,
        version=guide.current_version.number,
        by="auto",
    )


def ensure_active(session: GuidanceSession, now: datetime) -> None:
    """Refuse operator actions on a session that has ended."""
    status = session.status_at(now)
    if status in (SessionStatus.COMPLETED, SessionStatus.REVOKED, SessionStatus.EXPIRED):
        db.session.rollback()
        raise Conflict(f"The session is {status.value}.")


def note_expiry(session: GuidanceSession, now: datetime) -> None:
    """Log a session's expiry once, dated when it happened, so watchers and reports see it."""
    if session.status_at(now) is not SessionStatus.EXPIRED:
        return
    # Logged for this expiry: an extended link that runs out again is logged again.
    logged = select(SessionEvent.id).where(
        SessionEvent.session_id == session.id,
        SessionEvent.type == EventType.EXPIRED,
        SessionEvent.at == session.expires_at,
    )
    if db.session.scalar(logged) is not None:
        return
    try:
        session = _locked(session)
        if session.status_at(now) is SessionStatus.EXPIRED and db.session.scalar(logged) is None:
            _record(session, EventType.EXPIRED, session.expires_at, step=session.current_step)
            # Rewriting the row bumps its version: two watchers noticing at once log it once.
            flag_modified(session, "status")
            db.session.commit()
        else:
            db.session.rollback()
    except StaleDataError:
        db.session.rollback()


def last_event_id(session_id: str) -> int:
    """Return the id of a session's newest event (0 if none): where a page's stream starts."""
    newest = select(func.max(SessionEvent.id)).where(SessionEvent.session_id == session_id)
    return db.session.scalar(newest) or 0


def events_after(session_id: str, after_id: int) -> list[Payload]:
    """Return the stored events of a session with an id above ``after_id``, oldest first.

    Called from long-lived streams at every wake-up and heartbeat, so it also notices expiry,
    and it hands its connection back to the pool at once.
    """
    try:
        session = db.session.get(GuidanceSession, session_id)
        if session is not None:
            note_expiry(session, utcnow())
        rows = db.session.scalars(
            select(SessionEvent)
            .where(SessionEvent.session_id == session_id, SessionEvent.id > after_id)
            .order_by(SessionEvent.id)
        )
        return [event_payload(row) for row in rows]
    finally:
        db.session.close()


def _move(session: GuidanceSession, to_step: int, now: datetime, **details: Any) -> None:
    session.path = [*session.path, to_step]
    session.current_step = to_step
    _record(session, EventType.STEP, now, step=to_step, progress=list(progress(session)), **details)


def _ensure_live(session: GuidanceSession, now: datetime) -> None:
    """Refuse (and roll back) when the link stopped working while this request waited."""
    status = session.status_at(now)
    if status in (SessionStatus.EXPIRED, SessionStatus.REVOKED):
        db.session.rollback()
        raise LinkGone(status.value)


def _locked(session: GuidanceSession) -> GuidanceSession:
    """Reload ``session`` holding its row lock, so concurrent changes apply one at a time."""
    return db.session.scalars(
        select(GuidanceSession)
        .where(GuidanceSession.id == session.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _record(
    session: GuidanceSession,
    type_: EventType,
    now: datetime,
    step: int | None = None,
    **data: Any,
) -> None:
    details = {key: value for key, value in data.items() if value is not None}
    db.session.add(SessionEvent(session=session, type=type_, step=step, at=now, data=details))


def _actor(operator: User | None, api_key: ApiKey | None) -> str | None:
    if operator is not None:
        return f"user:{operator.id}"
    if api_key is not None:
        return f"api_key:{api_key.id}"
    return None
