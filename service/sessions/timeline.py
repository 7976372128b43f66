"""What the operator reads back from the log: the path with time on each step, open alerts."""

from dataclasses import dataclass
from datetime import datetime

from service.models import GuidanceSession
from service.sessions.events import ARRIVALS
from service.sessions.events import CLEARS_HELP
from service.sessions.events import TERMINAL
from service.sessions.events import EventType
from service.sessions.events import SessionEvent


@dataclass(frozen=True)
class Visit:
    """One stay on one step: ``step`` is the number both screens showed for it."""

    step: int
    key: str
    title: str
    arrived_at: datetime
    seconds: float
    current: bool
    by_operator: bool


def path_with_times(session: GuidanceSession, now: datetime) -> list[Visit]:
    """Return each step the customer was on, in order, with how long they stayed."""
    arrivals = []
    ended_at = None
    for event in session.events:
        if event.type is EventType.SWITCHED:
            arrivals = []  # a new guide: earlier step numbers no longer mean these steps
        if event.type in ARRIVALS and event.step:
            arrivals.append(event)
        elif event.type in TERMINAL:
            ended_at = event.at
        elif event.type is EventType.EXTENDED:
            ended_at = None  # an expired link extended: the customer is back on their step
    titles = {step.key: step.title for step in session.guide_version.steps}
    visits = []
    for index, event in enumerate(arrivals):
        last = index == len(arrivals) - 1
        until = arrivals[index + 1].at if not last else (ended_at or now)
        key = (event.data or {}).get("key", "")
        visits.append(
            Visit(
                step=event.step,
                key=key,
                title=titles.get(key, ""),
                arrived_at=event.at,
                seconds=max(0.0, (until - event.at).total_seconds()),
                current=last and ended_at is None,
                by_operator=event.type is EventType.MOVED,
            )
        )
    return visits


def pending_help(session: GuidanceSession) -> SessionEvent | None:
    """Return the わからない the customer pressed and has not moved on from, if any."""
    for event in reversed(session.events):
        if event.type is EventType.HELP:
            return event
        if event.type in CLEARS_HELP:
            return None
    return None
