"""The guidance session lifecycle: start, open, move between steps, ask for help, finish, revoke.

Every change locks the session row, appends to the event log and commits; publishing the
events to live watchers follows the commit (see ``service.live``).
"""

import enum
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from service import tokens
from service.db import db
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
FINISHED = (SessionStatus.COMPLETED, SessionStatus.REVOKED, SessionStatus.EXPIRED)


class Action(enum.StrEnum):
    """What the customer's buttons ask for."""

    NEXT = "next"
    BACK = "back"
    HELP = "help"
    DONE = "done"


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
) -> GuidanceSession:
    """Create a session for ``phone`` and text it the link.

    A refused text does not undo the session: the operator still has the QR code and the
    link, and the status says ``delivery_failed``.
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
    try:
        result = sms.send(number, settings.sms_text(settings.url(session)))
    except SmsError as exc:
        session.status = SessionStatus.DELIVERY_FAILED
        _record(session, EventType.SMS_FAILED, now, reason=str(exc)[:200])
    else:
        _record(
            session, EventType.SMS_SENT, now, provider=result.provider, message_id=result.message_id
        )
    db.session.commit()
    return session


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
    if status in (SessionStatus.EXPIRED, SessionStatus.REVOKED):
        raise LinkGone(status.value)
    return session


def open_link(session: GuidanceSession, now: datetime) -> None:
    """Note that the customer has opened the link; the first time, put them on step 1."""
    if session.opened_at is not None:
        return
    session = _locked(session)
    if session.opened_at is None:
        session.opened_at = now
        session.current_step = 1
        if session.status in (SessionStatus.SENT, SessionStatus.DELIVERY_FAILED):
            session.status = SessionStatus.OPENED
        _record(session, EventType.OPENED, now, step=1)
    db.session.commit()


def act(session: GuidanceSession, action: Action, shown_step: int, now: datetime) -> None:
    """Carry out the customer's ``action``, pressed on the page that showed ``shown_step``.

    A press from a page that is no longer current (a double tap, a stale tab) is ignored,
    so one tap never moves the customer two steps.
    """
    session = _locked(session)
    if session.status_at(now) in FINISHED:
        db.session.rollback()
        raise LinkGone(session.status_at(now).value)
    if session.current_step != shown_step:
        db.session.rollback()
        return
    total = session.guide_version.total_steps
    if action is Action.NEXT and shown_step < total:
        session.current_step = shown_step + 1
        _record(session, EventType.STEP, now, step=session.current_step, direction="next")
    elif action is Action.BACK and shown_step > 1:
        session.current_step = shown_step - 1
        _record(session, EventType.STEP, now, step=session.current_step, direction="back")
    elif action is Action.HELP:
        _record(session, EventType.HELP, now, step=shown_step)
    elif action is Action.DONE and shown_step == total:
        session.status = SessionStatus.COMPLETED
        session.completed_at = now
        _record(session, EventType.COMPLETED, now, step=shown_step)
    db.session.commit()


def revoke(session: GuidanceSession, now: datetime, *, operator=None, api_key=None) -> None:
    """Kill the link for good; revoking twice changes nothing."""
    session = _locked(session)
    if session.status is SessionStatus.REVOKED:
        db.session.rollback()
        return
    session.status = SessionStatus.REVOKED
    session.revoked_at = now
    _record(
        session, EventType.REVOKED, now, step=session.current_step, by=_actor(operator, api_key)
    )
    db.session.commit()


def events_after(session_id: str, after_id: int) -> list[Payload]:
    """Return the stored events of a session with an id above ``after_id``, oldest first.

    Called from long-lived streams, so it hands its connection back to the pool at once.
    """
    try:
        rows = db.session.scalars(
            select(SessionEvent)
            .where(SessionEvent.session_id == session_id, SessionEvent.id > after_id)
            .order_by(SessionEvent.id)
        )
        return [event_payload(row) for row in rows]
    finally:
        db.session.close()


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
