"""Reading sessions and their event log; nothing here writes or commits."""

from datetime import datetime
from datetime import timedelta

from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from service import tokens
from service.db import db
from service.errors import NotFound
from service.models import GuidanceSession
from service.sessions.events import EventPayload
from service.sessions.events import SessionEvent
from service.sessions.events import payload
from service.sessions.locking import UNKNOWN_LINK


def get(session_id: str) -> GuidanceSession:
    """Return the session with ``session_id`` or raise ``NotFound``."""
    session = db.session.get(GuidanceSession, session_id)
    if session is None:
        raise NotFound("この案内は見つかりません。")
    return session


def started_by(user_id: int, limit: int) -> list[GuidanceSession]:
    """Return the newest sessions the staff member ``user_id`` started, newest first."""
    return list(
        db.session.scalars(
            select(GuidanceSession)
            .where(GuidanceSession.operator_id == user_id)
            .order_by(GuidanceSession.created_at.desc())
            .limit(limit)
        )
    )


def duration(session: GuidanceSession, now: datetime) -> float | None:
    """Return the seconds from opening the link to finishing (or until now, while it runs)."""
    if session.opened_at is None:
        return None
    end = session.ended_at or session.revoked_at or min(now, session.expires_at)
    return max(timedelta(0), end - session.opened_at).total_seconds()


def last_event_id(session_id: str) -> int:
    """Return the id of a session's newest event (0 if none): where a page's stream starts."""
    newest = select(func.max(SessionEvent.id)).where(SessionEvent.session_id == session_id)
    return db.session.scalar(newest) or 0


# The customer's page in one statement: the session, its version (for the cached steps),
# the operator's name and where the page's event stream starts. Built once, like a press's.
_NEWEST = (
    select(func.max(SessionEvent.id))
    .where(SessionEvent.session_id == GuidanceSession.id)
    .scalar_subquery()
)
_FOR_LINK = (
    select(GuidanceSession, _NEWEST)
    .join(GuidanceSession.guide_version)
    .outerjoin(GuidanceSession.operator)
    .options(
        contains_eager(GuidanceSession.guide_version), contains_eager(GuidanceSession.operator)
    )
    .where(GuidanceSession.token_hash == bindparam("token_hash"))
)


def for_link(token: str) -> tuple[GuidanceSession, int]:
    """Return the session a customer's link opens and its newest event's id, read with what
    the page shows in one query; or raise ``NotFound``."""
    found = db.session.execute(_FOR_LINK, {"token_hash": tokens.digest(token)}).one_or_none()
    if found is None:
        raise NotFound(UNKNOWN_LINK)
    session, last_id = found
    return session, last_id or 0


def events_after(session_id: str, after_id: int) -> list[EventPayload]:
    """Return the stored events of a session with an id above ``after_id``, oldest first."""
    rows = db.session.scalars(
        select(SessionEvent)
        .where(SessionEvent.session_id == session_id, SessionEvent.id > after_id)
        .order_by(SessionEvent.id)
    )
    return [payload(row) for row in rows]
