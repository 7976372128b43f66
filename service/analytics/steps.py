"""Per step of a guide: who reached it, who left there, time spent, help, moves, hard votes.

A step is its stable key within the guide (the same step across versions); its number is
the one the customer sees when put on it (its position on the shortest route from the first
step). The numbers, for the sessions the filters keep:

- ``reached``: sessions that arrived on the step (opened on it, 次へ, a choice, 戻る, moved);
- ``left``: sessions whose last step it was and that ended without an ending: the link was
  revoked or ran out (see ``leaving``);
- ``median_seconds``: the median, over those sessions, of the time each spent on the step in
  all (from arriving until the next step or the end; a stay still going counts no time);
- ``help``: わからない presses on it; ``moves``: times the operator moved the customer off it;
- ``hard``: 「むずかしかった」 votes naming it (the customer's voice, after the end).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import select

from service.analytics import leaving
from service.analytics.sql import EVENTS
from service.analytics.sql import SESSIONS
from service.analytics.sql import STEP_KEY
from service.analytics.sql import VERSIONS
from service.analytics.sql import SecondsBetween
from service.analytics.sql import by_guide_and_step
from service.analytics.sql import events_of_the_guide
from service.analytics.sql import guide_of_version
from service.analytics.sql import guides_in_order
from service.analytics.sql import with_median
from service.db import db
from service.sessions.events import ARRIVALS
from service.sessions.events import ASKS_AND_VOICES
from service.sessions.events import STAY_MARKS
from service.sessions.events import EventType
from service.sessions.progress import labels

VERSION_ID = SESSIONS.c.guide_version_id.label("version_id")


@dataclass
class StepStats:
    """One step's figures (see the module's docstring for what each counts)."""

    number: int | None
    key: str
    title: str
    reached: int = 0
    left: int = 0
    median_seconds: float | None = None
    help: int = 0
    moves: int = 0
    hard: int = 0

    def as_json(self) -> dict:
        """Return the step as the API gives it."""
        return {
            "number": self.number,
            "key": self.key,
            "title": self.title,
            "reached": self.reached,
            "left": self.left,
            "median_seconds": _rounded(self.median_seconds),
            "help": self.help,
            "moves": self.moves,
            "hard": self.hard,
        }


def _rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 1)


@dataclass(frozen=True)
class StepName:
    """What a step key is called: its shown number and title, and whether new sessions see it."""

    number: int | None
    title: str
    current: bool


UNKNOWN = StepName(None, "", False)


def step_names(ids=None) -> dict[int, dict[str, StepName]]:
    """Return, per guide id (all, or those of ``ids``), each step key's name, the current
    version's steps first.

    A key only older versions had keeps its last title and no number (no customer sees it
    any more).
    """
    names: dict[int, dict[str, StepName]] = {}
    for guide in guides_in_order(ids):
        current = guide.current_version
        shown = labels(current) if current is not None else {}
        found = {
            step.key: StepName(shown.get(step.number), step.title, True)
            for step in (current.steps if current is not None else [])
        }
        for version in reversed(guide.versions[:-1]):
            for step in version.steps:
                found.setdefault(step.key, StepName(None, step.title, False))
        names[guide.id] = found
    return names


def per_step(filters, now: datetime) -> dict[int, list[StepStats]]:
    """Return, per guide id the filters keep, its steps' figures in the order customers meet
    them: every step of the current version, reached or not, then older ones with figures.
    Asked about every guide, it leaves out the guides nobody used."""
    versions = guide_of_version()
    stays = _stays(filters)
    help_, hard = _asks_and_votes(filters, versions)
    left = leaving.left_per_step(filters, now)
    names = step_names(filters.guides)
    counted = {*stays, *help_, *hard, *left}
    used = {guide_id for guide_id, _ in counted}
    wanted = filters.guides if filters.guides is not None else [g for g in names if g in used]
    result = {}
    for guide_id in wanted:
        known = names.get(guide_id, {})
        current = [key for key, name in known.items() if name.current]
        older = sorted({key for g, key in counted if g == guide_id} - set(current))
        rows = []
        for key in [*current, *older]:
            name = known.get(key, UNKNOWN)
            median, reached, moves = stays.get((guide_id, key), (None, 0, 0))
            rows.append(
                StepStats(
                    number=name.number,
                    key=key,
                    title=name.title,
                    reached=reached,
                    left=left.get((guide_id, key), 0),
                    median_seconds=median,
                    help=help_.get((guide_id, key), 0),
                    moves=moves,
                    hard=hard.get((guide_id, key), 0),
                )
            )
        rows.sort(key=lambda row: (row.number is None, row.number or 0))
        result[guide_id] = rows
    return result


def _stays(filters) -> dict[tuple[int, str], tuple[float | None, int, int]]:
    """Return per (guide id, step key): the median of each session's seconds on it in all,
    how many sessions arrived on it, and how often the operator moved a customer off it."""
    window = {"partition_by": EVENTS.c.session_id, "order_by": EVENTS.c.id}
    marks = events_of_the_guide(
        [
            EVENTS.c.session_id,
            VERSION_ID,
            STEP_KEY.label("key"),
            EVENTS.c.type,
            SecondsBetween(func.lead(EVENTS.c.at).over(**window), EVENTS.c.at).label("seconds"),
            func.lead(EVENTS.c.type).over(**window).label("next_type"),
        ],
        STAY_MARKS,
        filters,
    ).subquery("marks")
    moved_off = case((marks.c.next_type == EventType.MOVED.value, 1), else_=0)
    per_session = (
        select(
            VERSIONS.c.guide_id,
            marks.c.key,
            func.sum(marks.c.seconds).label("seconds"),
            func.sum(moved_off).label("moves"),
        )
        .join_from(marks, VERSIONS, VERSIONS.c.id == marks.c.version_id)
        .where(marks.c.type.in_(ARRIVALS))
        .group_by(marks.c.session_id, VERSIONS.c.guide_id, marks.c.key)
        .subquery("per_session")
    )
    counted = with_median(per_session, ["guide_id", "key"], "seconds", ["moves"])
    return {
        (guide_id, key or ""): (None if median is None else max(0.0, float(median)), n, moves)
        for guide_id, key, n, median, moves in db.session.execute(counted)
    }


def _asks_and_votes(filters, versions: dict[int, int]) -> tuple[dict, dict]:
    """Return わからない presses and 「むずかしかった」 votes per (guide id, step key)."""
    hard = (EVENTS.c.type == EventType.FEEDBACK) & (EVENTS.c.data["rating"].as_string() == "hard")
    counted = events_of_the_guide(
        [
            VERSION_ID,
            STEP_KEY,
            func.sum(case((EVENTS.c.type == EventType.HELP, 1), else_=0)),
            func.sum(case((hard, 1), else_=0)),
        ],
        ASKS_AND_VOICES,
        filters,
    ).group_by(SESSIONS.c.guide_version_id, STEP_KEY)
    rows = db.session.execute(counted).all()
    return (
        by_guide_and_step([(v, k, asks) for v, k, asks, _ in rows], versions),
        by_guide_and_step([(v, k, votes) for v, k, _, votes in rows], versions),
    )
