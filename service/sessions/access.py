"""Who may see and steer which session: the one rule every view naming a session goes through.

An admin sees and steers every session. An operator sees and steers only the sessions they
started (``operator_id`` is theirs). A session an integration started through the API has no
operator (``operator_id`` is NULL): only admins see it, for now. A session someone may not see
is answered exactly like one that does not exist, so its id tells them nothing.

The console's panel, its event stream and every button, the history and the SMS outbox ask
here. API keys follow the same rule: an admin's key reaches every session, an operator's
key only the sessions it created.
"""

from sqlalchemy import ColumnElement
from sqlalchemy import select
from sqlalchemy import true
from sqlalchemy.orm import selectinload

from service.db import db
from service.errors import NotFound
from service.models import ApiKey
from service.models import GuidanceSession
from service.models import OutboxMessage
from service.models import Role
from service.models import User
from service.sessions.events import EventType
from service.sessions.events import SessionEvent
from service.sms.console import outbox_id

NOT_FOUND = "この案内は見つかりません。"


def sees_all(user: User) -> bool:
    """Whether ``user`` sees and steers every session (admins do)."""
    return user.role == Role.ADMIN


def may_steer(user: User, session: GuidanceSession) -> bool:
    """Whether ``user`` may see ``session`` and act on it."""
    return sees_all(user) or (session.operator_id is not None and session.operator_id == user.id)


def visible_to(user: User) -> ColumnElement[bool]:
    """Return the condition on ``GuidanceSession`` that keeps the sessions ``user`` sees."""
    return true() if sees_all(user) else GuidanceSession.operator_id == user.id


def visible_to_key(key: ApiKey) -> ColumnElement[bool]:
    """Return the condition on ``GuidanceSession`` that keeps the sessions ``key`` reaches."""
    return true() if key.role == Role.ADMIN else GuidanceSession.api_key_id == key.id


def get_for_key(key: ApiKey, session_id: str) -> GuidanceSession:
    """Return the session ``session_id`` if ``key`` may reach it, else raise ``NotFound``."""
    found = db.session.get(GuidanceSession, session_id[:40])
    if found is None or not (key.role == Role.ADMIN or found.api_key_id == key.id):
        raise NotFound(NOT_FOUND)
    return found


def get(user: User, session_id: str) -> GuidanceSession:
    """Return the session ``session_id`` if ``user`` may see it, else raise ``NotFound``."""
    found = db.session.get(GuidanceSession, session_id)
    if found is None or not may_steer(user, found):
        raise NotFound(NOT_FOUND)
    return found


def sessions_seen_by(user: User, limit: int) -> list[GuidanceSession]:
    """Return the newest sessions ``user`` sees, newest first, with who started each."""
    return list(
        db.session.scalars(
            select(GuidanceSession)
            .where(visible_to(user))
            .options(selectinload(GuidanceSession.operator))
            .order_by(GuidanceSession.created_at.desc(), GuidanceSession.id)
            .limit(limit)
        )
    )


def outbox_seen_by(user: User, limit: int) -> list[OutboxMessage]:
    """Return the newest texts of the console provider's outbox that ``user`` may read.

    A text is its session's: the SMS_SENT event names the outbox row it went to. An admin
    reads every text.
    """
    newest = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if sees_all(user):
        return list(db.session.scalars(newest))
    sent = db.session.scalars(
        select(SessionEvent.data)
        .join(GuidanceSession, SessionEvent.session_id == GuidanceSession.id)
        .where(SessionEvent.type == EventType.SMS_SENT, visible_to(user))
        .order_by(SessionEvent.id.desc())
        .limit(limit)
    )
    ids = {number for data in sent if (number := outbox_id(data.get("message_id"))) is not None}
    return list(db.session.scalars(newest.where(OutboxMessage.id.in_(ids)))) if ids else []
