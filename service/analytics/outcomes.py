"""How the filtered sessions ended, how long completing took, and what customers said.

Outcomes: completed, needs the operator (the guide ran out), abandoned (the link was
revoked), expired, and ongoing (none yet). Time to complete runs from opening the link to
「できました」. The voice is the one optional tap after the end: easy or hard.
"""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy import func
from sqlalchemy import select

from service.analytics.sql import EVENTS
from service.analytics.sql import SESSIONS
from service.analytics.sql import SecondsBetween
from service.analytics.sql import outcome
from service.analytics.sql import session_conditions
from service.db import db
from service.models import Outcome
from service.models import SessionStatus
from service.sessions.events import EventType

ONGOING = "ongoing"
# In the order reports give them.
KINDS = (*(member.value for member in Outcome), ONGOING)


@dataclass
class Tally:
    """Sessions by how they ended, with the times completed ones took."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    seconds: list[float] = field(default_factory=list)

    @property
    def sessions(self) -> int:
        """Return how many sessions there were."""
        return sum(self.counts.values())

    @property
    def completed(self) -> int:
        """Return how many sessions were completed."""
        return self.counts[Outcome.COMPLETED.value]

    @property
    def completion(self) -> float | None:
        """Return the part of the ended sessions that were completed."""
        ended = self.sessions - self.counts[ONGOING]
        return self.completed / ended if ended else None

    @property
    def median_seconds(self) -> float | None:
        """Return the median time to complete."""
        return statistics.median(self.seconds) if self.seconds else None


def tallies(
    group: ColumnElement, filters, now: datetime, times: bool = True
) -> dict[object, Tally]:
    """Return a ``Tally`` per value of ``group`` (an expression over ``guidance_sessions``),
    counted in the database; with ``times``, each completed session's time too."""
    ended = outcome(now).label("outcome")
    counted = (
        select(group, ended, func.count())
        .where(*session_conditions(filters))
        .group_by(group, ended)
    )
    found: dict[object, Tally] = {}
    for name, kind, count in db.session.execute(counted):
        found.setdefault(name, Tally()).counts[kind or ONGOING] += count
    if not times:
        return found
    took = SecondsBetween(SESSIONS.c.completed_at, SESSIONS.c.opened_at)
    times = select(group, took).where(
        SESSIONS.c.status == SessionStatus.COMPLETED,
        SESSIONS.c.opened_at.is_not(None),
        *session_conditions(filters),
    )
    for name, seconds in db.session.execute(times):
        found.setdefault(name, Tally()).seconds.append(max(0.0, float(seconds)))
    return found


def overall(filters, now: datetime, parts: Iterable[Tally] | None = None) -> Tally:
    """Return the one tally of every filtered session: ``parts`` summed (the operators'
    tallies unless given)."""
    total = Tally()
    if parts is None:
        parts = tallies(SESSIONS.c.operator_id, filters, now).values()
    for part in parts:
        for kind, count in part.counts.items():
            total.counts[kind] += count
        total.seconds += part.seconds
    return total


def voice(filters) -> dict[str, int]:
    """Return the 「わかりやすかった」 (easy) and 「むずかしかった」 (hard) taps."""
    rating = EVENTS.c.data["rating"].as_string()
    counted = (
        select(rating, func.count())
        .select_from(EVENTS.join(SESSIONS, SESSIONS.c.id == EVENTS.c.session_id))
        .where(EVENTS.c.type == EventType.FEEDBACK, *session_conditions(filters))
        .group_by(rating)
    )
    found = {"easy": 0, "hard": 0}
    for name, count in db.session.execute(counted):
        if name in found:
            found[name] = count
    return found
