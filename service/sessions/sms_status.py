"""What a provider later says about a text it took: delivered, or not after all."""

import enum
from datetime import datetime

from sqlalchemy import select

from service.db import db
from service.models import SessionStatus
from service.sessions import events
from service.sessions.events import AUTOMATIC
from service.sessions.events import EventType
from service.sessions.events import SessionEvent
from service.sessions.locking import locked
from service.sessions.locking import one_at_a_time
from service.sms import queue as sms_queue


class Delivery(enum.StrEnum):
    """A provider's report, in our words."""

    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"


# Only these say something new: "sent" is what the SMS_SENT event already says.
_RECORDED = {Delivery.DELIVERED: EventType.SMS_DELIVERED, Delivery.FAILED: EventType.SMS_FAILED}


def _about(message_id: str, *types: EventType):
    # Only ever asked about one session's events (found through its index first).
    return select(SessionEvent).where(
        SessionEvent.type.in_(types), SessionEvent.data["message_id"].as_string() == message_id
    )


@one_at_a_time
def apply(provider: str, message_id: str, status: Delivery, at: datetime) -> SessionEvent | None:
    """Log a provider's report on the text ``message_id``; return the event, or None.

    A report on an unknown text, a duplicate, or one that arrives after the final word
    (delivered or failed: the first of them wins) changes nothing.
    """
    text = sms_queue.by_message(provider, message_id)  # by an index, not the events' JSON
    if text is None or status not in _RECORDED:
        db.session.rollback()
        return None
    session = locked(text.session)
    final = _about(message_id, EventType.SMS_DELIVERED, EventType.SMS_FAILED).where(
        SessionEvent.session_id == session.id
    )
    if db.session.scalars(final).first() is not None:
        db.session.rollback()
        return None
    late = status is Delivery.FAILED or None
    if late and session.status is SessionStatus.SENT and _latest_text(session) == message_id:
        # The panel offers the QR code and the short code at once; an opened link stays opened.
        session.status = SessionStatus.DELIVERY_FAILED
    row = events.record(
        session, _RECORDED[status], at, by=AUTOMATIC, provider=provider,
        message_id=message_id, late=late,
    )  # fmt: skip
    db.session.commit()
    return row


def _latest_text(session) -> str | None:
    """Return the message id of the session's last text (an older one's fate is history)."""
    texts = [event for event in session.events if event.type is EventType.SMS_SENT]
    return texts[-1].data.get("message_id") if texts else None
