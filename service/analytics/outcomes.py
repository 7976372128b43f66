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

from sqlalchemy import func
from sqlalchemy import select

from service.analytics.sql import EVENTS
from service.analytics.sql import SESSIONS
from service.analytics.sql import JapanDay
from service.analytics.sql import SecondsBetween
from service.analytics.sql import kept_sessions
from service.analytics.sql import of_types
from service.analytics.sql import outcome
from service.analytics.sql import session_conditions
from service.db import db
from service.models import Outcome
from service.models import SessionStatus
from service.sessions.events import ASKS_AND_VOICES
from service.sessions.events import EventType

ONGOING = "ongoing"
# In the order reports give them.
KINDS = (*(member.value for member in Outcome), ONGOING)


@dataclass
class Tally:
    """Sessions by how they ended, and the median time the completed ones took."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    median_seconds: float | None = None
    # How many completed sessions the median is taken over.
    timed: int = 0

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


def counted(filters, now: datetime) -> list[tuple[str, int | None, str, int]]:
    """Return (day in Japan, operator id, outcome, sessions) rows: one scan of the sessions
    that the tallies by day, by operator and overall are all summed from."""
    day = JapanDay(SESSIONS.c.created_at).label("day")
    ended = outcome(now).label("outcome")
    rows = db.session.execute(
        select(day, SESSIONS.c.operator_id, ended, func.count())
        .where(*session_conditions(filters))
        .group_by(day, SESSIONS.c.operator_id, ended)
    )
    return [(day, operator_id, kind or ONGOING, count) for day, operator_id, kind, count in rows]


def tallies(rows: Iterable[tuple], by: int | None) -> dict[object, Tally]:
    """Sum ``counted`` rows into a ``Tally`` per value of column ``by`` (0: day, 1: operator;
    None: one tally under None)."""
    found: dict[object, Tally] = {}
    for row in rows:
        name = None if by is None else row[by]
        found.setdefault(name, Tally()).counts[row[2]] += row[3]
    return found


def completion_times(filters) -> list[tuple[int | None, float]]:
    """Return (operator id, seconds from opening to 「できました」) per completed session."""
    took = SecondsBetween(SESSIONS.c.completed_at, SESSIONS.c.opened_at)
    rows = db.session.execute(
        select(SESSIONS.c.operator_id, took).where(
            SESSIONS.c.status == SessionStatus.COMPLETED,
            SESSIONS.c.opened_at.is_not(None),
            *session_conditions(filters),
        )
    )
    return [(operator_id, max(0.0, float(seconds))) for operator_id, seconds in rows]


def with_times(found: dict[object, Tally], times: list, by_operator: bool) -> dict[object, Tally]:
    """Give each tally the median of ``completion_times`` (per operator, or all under None)."""
    spent: dict[object, list[float]] = {}
    for operator_id, seconds in times:
        spent.setdefault(operator_id if by_operator else None, []).append(seconds)
    for name, values in spent.items():
        tally = found.setdefault(name, Tally())
        tally.timed, tally.median_seconds = len(values), statistics.median(values)
    return found


def overall(filters, now: datetime, rows: list | None = None, times: list | None = None) -> Tally:
    """Return the one tally of every filtered session, with its median time to complete
    (``rows`` and ``times`` are ``counted``'s and ``completion_times``', when already read)."""
    rows = counted(filters, now) if rows is None else rows
    times = completion_times(filters) if times is None else times
    return with_times(tallies(rows, None), times, by_operator=False).get(None, Tally())


def voice(filters) -> dict[str, int]:
    """Return the 「わかりやすかった」 (easy) and 「むずかしかった」 (hard) taps."""
    rating = EVENTS.c.data["rating"].as_string()
    counted = (
        select(rating, func.count())
        .select_from(EVENTS.join(SESSIONS, SESSIONS.c.id == EVENTS.c.session_id))
        .where(
            of_types(ASKS_AND_VOICES),
            EVENTS.c.type == EventType.FEEDBACK,
            *kept_sessions(filters),
        )
        .group_by(rating)
    )
    found = {"easy": 0, "hard": 0}
    for name, count in db.session.execute(counted):
        if name in found:
            found[name] = count
    return found
