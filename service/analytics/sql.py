"""The pieces every analytics query shares, in SQLAlchemy Core over the log and the sessions.

Counting happens in the database (GROUP BY, window functions, each step's median time);
Python only sums a few rows per step, and takes the median time to complete. Two
expressions differ by dialect and are compiled for SQLite and PostgreSQL here: seconds
between two timestamps, and the day in Japan of a timestamp.
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy import Float
from sqlalchemy import Select
from sqlalchemy import String
from sqlalchemy import Subquery
from sqlalchemy import TextClause
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.functions import FunctionElement

from service.db import db
from service.models import Device
from service.models import GuidanceSession
from service.models import Guide
from service.models import GuideVersion
from service.models import Outcome
from service.models import SessionStatus
from service.models import Step
from service.models.sessions import ACTIVE_STATUSES
from service.models.sessions import OUTCOMES
from service.sessions.events import SWITCHES
from service.sessions.events import EventType
from service.sessions.events import SessionEvent
from service.sessions.events import type_in

EVENTS = SessionEvent.__table__
SESSIONS = GuidanceSession.__table__
VERSIONS = GuideVersion.__table__
# The stable name of the step an event happened on (the log's ``step`` is the number shown
# then, which depends on the path taken).
STEP_KEY = EVENTS.c.data["key"].as_string()


class SecondsBetween(FunctionElement):
    """The seconds from the second timestamp to the first, as a float."""

    type = Float()
    inherit_cache = True


@compiles(SecondsBetween, "sqlite")
def _seconds_sqlite(element, compiler, **kw):
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    # Julian days as doubles are off by microseconds: milliseconds are what is true.
    return f"round((julianday({later}) - julianday({earlier})) * 86400.0, 3)"


@compiles(SecondsBetween, "postgresql")
def _seconds_postgresql(element, compiler, **kw):
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"


class JapanDay(FunctionElement):
    """The calendar day in Japan (UTC+9, no daylight saving) of a timestamp, 'YYYY-MM-DD'."""

    type = String()
    inherit_cache = True


@compiles(JapanDay, "sqlite")
def _day_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+9 hours')"


@compiles(JapanDay, "postgresql")
def _day_postgresql(element, compiler, **kw):
    moment = compiler.process(element.clauses, **kw)
    return f"to_char({moment} AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD')"


def session_conditions(filters) -> list[ColumnElement[bool]]:
    """Return the conditions on ``guidance_sessions`` that keep the sessions ``filters`` ask for.

    A session counts on the day its link was sent, and under the guide it ended on.
    """
    conditions = []
    if filters.versions is not None:
        conditions.append(SESSIONS.c.guide_version_id.in_(filters.versions))
    if filters.since is not None:
        conditions.append(SESSIONS.c.created_at >= filters.since)
    if filters.until is not None:
        conditions.append(SESSIONS.c.created_at < filters.until)
    if filters.operator_id is not None:
        conditions.append(SESSIONS.c.operator_id == filters.operator_id)
    return conditions


def outcome(now: datetime) -> ColumnElement:
    """Return how each session ended at ``now`` (None while it can still go on).

    A live link whose time has passed counts as expired before the sweep has written it.
    """
    whens = [(SESSIONS.c.status == status, out.value) for status, out in OUTCOMES.items()]
    ran_out = SESSIONS.c.status.in_(ACTIVE_STATUSES) & (SESSIONS.c.expires_at <= now)
    return case(*whens, (ran_out, Outcome.EXPIRED.value), else_=None)


def of_types(types: tuple[EventType, ...]) -> TextClause:
    """Return "the event is one of ``types``", a set a partial index of the log covers."""
    return text(type_in(types))


def lost(now: datetime) -> ColumnElement[bool]:
    """Return "the session ended without an ending" (revoked, or its time ran out) at ``now``,
    spelled so the index on status and deadline finds them."""
    return or_(
        SESSIONS.c.status.in_([SessionStatus.REVOKED, SessionStatus.EXPIRED]),
        SESSIONS.c.status.in_(ACTIVE_STATUSES) & (SESSIONS.c.expires_at <= now),
    )


def events_of_the_guide(columns: Iterable, types: tuple[EventType, ...], filters) -> Select:
    """Return a SELECT of ``columns`` over events of ``types`` (one of the sets the partial
    indexes of ``sessions.events`` cover) in the filtered sessions.

    Only events on a step count, and only since the session's last switch: earlier ones
    happened in another guide, whose step names mean other steps. The sessions are named by
    a subquery so that the database starts from them (a guide's few thousand sessions)
    rather than walking the whole log in the order the window functions want.
    """
    switched = (
        select(EVENTS.c.session_id, func.max(EVENTS.c.id).label("since"))
        .where(of_types(SWITCHES))
        .group_by(EVENTS.c.session_id)
        .subquery("switched")
    )
    joined = EVENTS.join(SESSIONS, SESSIONS.c.id == EVENTS.c.session_id).outerjoin(
        switched, switched.c.session_id == EVENTS.c.session_id
    )
    return (
        select(*columns)
        .select_from(joined)
        .where(
            of_types(types),
            EVENTS.c.step.is_not(None),
            or_(switched.c.since.is_(None), EVENTS.c.id >= switched.c.since),
            *kept_sessions(filters),
        )
    )


def kept_sessions(filters) -> list[ColumnElement[bool]]:
    """Return the condition on events "in a filtered session", or none when all are kept."""
    conditions = session_conditions(filters)
    if not conditions:
        return []
    return [EVENTS.c.session_id.in_(select(SESSIONS.c.id).where(*conditions))]


def guides_in_order(ids: Iterable[int] | None = None) -> list[Guide]:
    """Return the guides (all, or those of ``ids``) in display order, with their device and
    every version's steps and answers loaded at once."""
    query = (
        select(Guide)
        .join(Device)
        .options(
            contains_eager(Guide.device),
            selectinload(Guide.versions)
            .selectinload(GuideVersion.steps)
            .selectinload(Step.choices),
        )
        .order_by(Device.position, Device.name, Guide.position, Guide.id)
    )
    if ids is not None:
        query = query.where(Guide.id.in_(list(ids)))
    return list(db.session.scalars(query))


def with_median(source: Subquery, groups: list[str], value: str, sums: list[str]) -> Select:
    """Return, per group of ``source``'s ``groups`` columns: the rows, the median of
    ``value`` (NULLs left out; None when all are NULL) and the sum of each of ``sums``.

    The median is taken in the database (rank within the group, the middle one or two
    averaged), so only one row per group comes back.
    """
    keys = [source.c[name] for name in groups]
    measured = source.c[value]
    ranked = select(
        source,
        func.row_number()
        .over(partition_by=keys, order_by=[case((measured.is_(None), 1), else_=0), measured])
        .label("rank"),
        func.count(measured).over(partition_by=keys).label("measured"),
    ).subquery("ranked")
    counted = ranked.c.measured
    middle = or_(ranked.c.rank == (counted + 1) // 2, ranked.c.rank == (counted + 2) // 2)
    return select(
        *(ranked.c[name] for name in groups),
        func.count(),
        func.avg(case((middle & ranked.c[value].is_not(None), ranked.c[value]))),
        *(func.sum(ranked.c[name]) for name in sums),
    ).group_by(*(ranked.c[name] for name in groups))


def guide_of_version() -> dict[int, int]:
    """Return every guide version's guide id."""
    return dict(db.session.execute(select(VERSIONS.c.id, VERSIONS.c.guide_id)).all())


def by_guide_and_step(rows: Iterable, versions: dict[int, int]) -> dict[tuple[int, str], int]:
    """Sum (version id, step key, count) rows into counts per (guide id, step key)."""
    totals: dict[tuple[int, str], int] = {}
    for version_id, key, count in rows:
        where = (versions[version_id], key or "")
        totals[where] = totals.get(where, 0) + count
    return totals
