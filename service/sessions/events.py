"""The session event log: its types, their groups, who acts, the public payload, the one writer.

Every change to a session appends a row here in the same transaction; after the commit the
rows go to the subscribers wired in ``create_app`` (the live broker today). Watchers read the
log back, so it is the truth and a lost message loses nothing. The console's pages and script,
the customer's page, the API and the event streams all take their groups from this module.
"""

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any
from typing import NotRequired
from typing import TypedDict

from sqlalchemy import JSON
from sqlalchemy import BigInteger
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import inspect
from sqlalchemy import literal_column
from sqlalchemy import text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from service.content.published import published
from service.db import db
from service.db import enum_column
from service.db import utcnow
from service.db_writes import store_changes
from service.live import dispatch
from service.sessions.progress import position_of

if TYPE_CHECKING:
    from service.models.sessions import GuidanceSession


class EventType(enum.StrEnum):
    """Everything that can happen in a session, as stored and as sent to the outside."""

    CREATED = "created"
    SMS_SENT = "sms_sent"
    SMS_FAILED = "sms_failed"
    # The provider reports the text reached the phone (a late failure is another SMS_FAILED).
    SMS_DELIVERED = "sms_delivered"
    OPENED = "opened"
    # The opened link was opened again by another phone or browser.
    OPENED_ELSEWHERE = "opened_elsewhere"
    STEP = "step"
    HELP = "help"
    COMPLETED = "completed"
    # The customer reached an ending that hands the call back to the operator.
    NEEDS_OPERATOR = "needs_operator"
    REVOKED = "revoked"
    EXPIRED = "expired"
    # What the operator (or the CRM) does during the call.
    MOVED = "moved"
    SWITCHED = "switched"
    EXTENDED = "extended"
    RESENT = "resent"
    SHORT_CODE = "short_code"
    # After the end, the customer's one optional tap: easy or hard (and which step was).
    FEEDBACK = "feedback"


# The session has ended for good: nothing can follow one of these.
FINAL = frozenset({EventType.COMPLETED, EventType.NEEDS_OPERATOR, EventType.REVOKED})
# The session has ended: streams end, the console stops listening. An expired link can still
# be extended (and live again), so a stream ending on expiry asks the client back sooner.
TERMINAL = FINAL | {EventType.EXPIRED}
# The customer lands on a step: the path, the time on each step and stall alerts count these.
ARRIVALS = frozenset({EventType.OPENED, EventType.STEP, EventType.MOVED, EventType.SWITCHED})
# The customer has moved on (or the session ended): a pending わからない alert is answered.
CLEARS_HELP = ARRIVALS | TERMINAL
# What the operator (or time) does that the customer's open page must follow at once.
FOLLOWED_BY_CUSTOMER = frozenset(
    {EventType.MOVED, EventType.SWITCHED, EventType.REVOKED, EventType.EXPIRED}
)
# What changes the console panel beyond its live parts (forms, deadline, what to do next
# after an ending that needs the operator): it is drawn again.
REDRAWS_PANEL = frozenset({EventType.SWITCHED, EventType.EXTENDED, EventType.NEEDS_OPERATOR})
# What rings the console's alarm: the customer asks for help, or someone else has the link.
ALARMS = frozenset({EventType.HELP, EventType.OPENED_ELSEWHERE})
# How a text went: it says something about the session only while the link is unopened.
SMS_OUTCOMES = frozenset({EventType.SMS_SENT, EventType.SMS_FAILED, EventType.SMS_DELIVERED})
# What the analytics read, each set through its own partial index (``service.analytics``): a
# stay on a step runs from an arrival to the next arrival or the end; わからない and the
# customer's voice are counted per step; a switch starts another guide.
STAY_MARKS = tuple(sorted(ARRIVALS | TERMINAL))
ASKS_AND_VOICES = (EventType.FEEDBACK, EventType.HELP)
SWITCHES = (EventType.SWITCHED,)


def type_in(types) -> str:
    """Return the SQL condition "the event's type is one of ``types``", spelled the one way
    both the partial indexes and the queries use (SQLite matches the two as written)."""
    return f"type IN ({', '.join(repr(str(member)) for member in types)})"


class ActorKind(enum.StrEnum):
    """Who made a change that the customer did not make."""

    OPERATOR = "user"
    API_KEY = "api_key"
    AUTOMATIC = "auto"


@dataclass(frozen=True)
class Actor:
    """An operator, an API key, or Tebiki itself; logged as ``by`` ("user:3", "auto")."""

    kind: ActorKind
    id: int | None = None

    @classmethod
    def operator(cls, user) -> "Actor":
        """Return the actor for a signed-in staff member."""
        return cls(ActorKind.OPERATOR, user.id)

    @classmethod
    def api_key(cls, key) -> "Actor":
        """Return the actor for an integration calling with ``key``."""
        return cls(ActorKind.API_KEY, key.id)

    @property
    def user_id(self) -> int | None:
        """Return the staff member's id, if a staff member acted."""
        return self.id if self.kind is ActorKind.OPERATOR else None

    @property
    def api_key_id(self) -> int | None:
        """Return the API key's id, if an integration acted."""
        return self.id if self.kind is ActorKind.API_KEY else None

    def __str__(self) -> str:
        return self.kind.value if self.id is None else f"{self.kind.value}:{self.id}"


AUTOMATIC = Actor(ActorKind.AUTOMATIC)


class EventPayload(TypedDict):
    """An event as the outside world sees it, live or replayed (SSE, API, webhooks).

    ``step`` is the number both screens showed for the step then (``details.key`` names the
    step itself); ``details.progress`` is the customer's counter, [position, total].
    """

    id: int
    session: str
    type: str
    step: int | None
    at: str
    details: NotRequired[dict[str, Any]]


# The same shape as JSON Schema, for the API's documentation and for tests to check against.
PAYLOAD_SCHEMA = {
    "type": "object",
    "required": ["id", "session", "type", "step", "at"],
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "session": {"type": "string"},
        "type": {"enum": [member.value for member in EventType]},
        "step": {"type": ["integer", "null"], "minimum": 1},
        "at": {"type": "string", "format": "date-time"},
        "details": {"type": "object"},
    },
    "additionalProperties": False,
}


class SessionEvent(db.Model):
    """The append-only log of everything that happened in a session, in order."""

    __tablename__ = "session_events"
    __table_args__ = tuple(
        Index(
            name,
            "session_id",
            "id",
            sqlite_where=text(type_in(types)),
            postgresql_where=text(type_in(types)),
        )
        for name, types in (
            ("ix_session_events_stays", STAY_MARKS),
            ("ix_session_events_asks_and_voices", ASKS_AND_VOICES),
            ("ix_session_events_switches", SWITCHES),
        )
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("guidance_sessions.id"), index=True)
    type: Mapped[EventType] = mapped_column(enum_column(EventType, "type"))
    step: Mapped[int | None]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    session: Mapped["GuidanceSession"] = relationship(back_populates="events")


# On the table, not the mapped class: an ORM-enabled INSERT costs a press a third more.
_EVENTS = SessionEvent.__table__
# The session's event before the new one (0: none), read by the INSERT itself: after the
# session's row lock, so exact when the writer holds it (each statement sees every commit
# made before it began, and no other writer can add one to this session meanwhile).
# Written out: SQLAlchemy renders a subquery in RETURNING without its correlation.
_PREVIOUS = literal_column(
    "(SELECT coalesce(max(earlier.id), 0) FROM session_events AS earlier"
    " WHERE earlier.session_id = session_events.session_id"
    " AND earlier.id < session_events.id)"
)
_INSERT = _EVENTS.insert().returning(_EVENTS.c.id, _PREVIOUS)


def payload(row: SessionEvent) -> EventPayload:
    """Return ``row`` in the public shape."""
    event: EventPayload = {
        "id": row.id,
        "session": row.session_id,
        "type": row.type.value,
        "step": row.step,
        "at": row.at.isoformat(),
    }
    if row.data:
        event["details"] = row.data
    return event


def record(
    session: "GuidanceSession",
    type_: EventType,
    now: datetime,
    *,
    step: int | None = None,
    by: Actor | None = None,
    **details: Any,
) -> SessionEvent:
    """Append an event to ``session``'s log, to go out to subscribers once committed.

    ``step`` is the step's number inside the guide version; the log keeps what both screens
    show for it (its position on the customer's path, see ``progress``) and its stable
    ``key`` in the details. The row is inserted at once so the payload has its id; a
    rollback discards both. The row returned is a copy, outside the database session.
    """
    data = {key: value for key, value in details.items() if value is not None}
    shown = None
    version = published(session.guide_version)
    if step is not None and 1 <= step <= version.total_steps:
        data["key"] = version.step(step).key
        shown = position_of(session, step)
    if by is not None:
        data["by"] = str(by)
    store_changes(session)  # the session's own row first: the event refers to it
    # One Core INSERT: the unit of work costs a customer's press more than the statement.
    values = {"session_id": session.id, "type": type_, "step": shown, "at": now, "data": data}
    event_id, previous = db.session.connection().execute(_INSERT, values).one()
    if "events" in inspect(session).dict:
        db.session.expire(session, ["events"])  # read again with the new row when asked
    row = SessionEvent(id=event_id, **values)
    # Without the row lock another writer may be adding an event at once: then no claim.
    from service.sessions import locking  # here: it builds its statements on the models

    dispatch.stage(payload(row), previous if locking.holds(session) else None)
    return row
