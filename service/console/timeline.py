"""The path a customer took through a guide, with the time spent on each step."""

from dataclasses import dataclass
from datetime import datetime

from service.models import EventType
from service.models import GuidanceSession

ARRIVALS = (EventType.OPENED, EventType.STEP, EventType.MOVED, EventType.SWITCHED)
ENDINGS = (EventType.COMPLETED, EventType.REVOKED, EventType.EXPIRED)


@dataclass(frozen=True)
class Visit:
    step: int
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
        elif event.type in ENDINGS:
            ended_at = event.at
    version = session.guide_version
    visits = []
    for index, event in enumerate(arrivals):
        last = index == len(arrivals) - 1
        until = arrivals[index + 1].at if not last else (ended_at or now)
        step = event.step if event.step <= version.total_steps else None
        visits.append(
            Visit(
                step=event.step,
                title=version.step(step).title if step else "",
                arrived_at=event.at,
                seconds=max(0.0, (until - event.at).total_seconds()),
                current=last and ended_at is None,
                by_operator=event.type is EventType.MOVED,
            )
        )
    return visits
