"""The customer's voice: after the end, one optional tap (easy or hard, and which step)."""

from datetime import datetime

from sqlalchemy import select

from service.db import db
from service.models import GuidanceSession
from service.models.sessions import ENDED_BY_CUSTOMER
from service.sessions import events
from service.sessions.events import EventType
from service.sessions.locking import locked

RATINGS = ("easy", "hard")


def can_give(session: GuidanceSession) -> bool:
    """Whether the customer may still tap: the guide has ended and they have not yet."""
    if session.status not in ENDED_BY_CUSTOMER:
        return False
    given = select(events.SessionEvent.id).where(
        events.SessionEvent.session_id == session.id,
        events.SessionEvent.type == EventType.FEEDBACK,
    )
    return db.session.scalar(given.limit(1)) is None


def give(session: GuidanceSession, rating: str, step: int | None, now: datetime) -> bool:
    """Record the tap once; return whether it was recorded (a second one changes nothing).

    ``step`` counts only if the customer went through it; any other value is dropped.
    """
    session = locked(session)
    if rating not in RATINGS or not can_give(session):
        db.session.rollback()
        return False
    if step not in session.path:
        step = None
    events.record(session, EventType.FEEDBACK, now, step=step, rating=rating)
    db.session.commit()
    return True
