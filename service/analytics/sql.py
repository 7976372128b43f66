"""The pieces every analytics query shares, in SQLAlchemy Core over the log and the sessions.

Counting happens in the database (GROUP BY); Python only sums a few rows per step and takes
medians. Two expressions differ by dialect and are compiled for SQLite and PostgreSQL here:
seconds between two timestamps, and the day in Japan of a timestamp.
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy import Float
from sqlalchemy import Select
from sqlalchemy import String
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from service.db import db
from service.models import GuidanceSession
from service.models import GuideVersion
from service.models import Outcome
from service.models import SessionStatus
from service.models.sessions import ACTIVE_STATUSES
from service.sessions.events import EventType
from service.sessions.events import SessionEvent

EVENTS = SessionEvent.__table__
SESSIONS = GuidanceSession.__table__
VERSIONS = GuideVersion.__table__
# The stable name of the step an event happened on (the log's ``step`` is the number shown
# then, which depends on the path taken).
STEP_KEY = EVENTS.c.data["key"].as_string()
# How a stored status reads as an outcome.
ENDED = {
    SessionStatus.COMPLETED: Outcome.COMPLETED,
    SessionStatus.NEEDS_OPERATOR: Outcome.NEEDS_OPERATOR,
    SessionStatus.REVOKED: Outcome.ABANDONED,
    SessionStatus.EXPIRED: Outcome.EXPIRED,
}


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
    if filters.guides is not None:
        versions = select(VERSIONS.c.id).where(VERSIONS.c.guide_id.in_(list(filters.guides)))
        conditions.append(SESSIONS.c.guide_version_id.in_(versions))
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
    whens = [(SESSIONS.c.status == status, out.value) for status, out in ENDED.items()]
    ran_out = SESSIONS.c.status.in_(ACTIVE_STATUSES) & (SESSIONS.c.expires_at <= now)
    return case(*whens, (ran_out, Outcome.EXPIRED.value), else_=None)


def events_of_the_guide(columns: Iterable, types: Iterable[EventType], filters) -> Select:
    """Return a SELECT of ``columns`` over events of ``types`` in the filtered sessions.

    Only events on a step count, and only since the session's last switch: earlier ones
    happened in another guide, whose step names mean other steps.
    """
    switched = (
        select(EVENTS.c.session_id, func.max(EVENTS.c.id).label("since"))
        .where(EVENTS.c.type == EventType.SWITCHED)
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
            EVENTS.c.type.in_(list(types)),
            EVENTS.c.step.is_not(None),
            or_(switched.c.since.is_(None), EVENTS.c.id >= switched.c.since),
            *session_conditions(filters),
        )
    )


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
