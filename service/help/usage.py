"""Self-service use, counted apart from operator sessions: one upsert per page view or PDF.

Only a day (in Japan), the guide, the step's key and a count are kept: nothing about who
looked, and nothing in the session event log. Analytics reads it through ``counts``.
"""

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite

from service.db import db
from service.models import HelpUse
from service.models import UseKind

# The shop's customers and its reports live in Japan: a day starts at midnight there.
JST = ZoneInfo("Asia/Tokyo")
INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@dataclass(frozen=True)
class Count:
    """How often one step of a help page (or a guide's PDF, ``step_key`` "") was opened."""

    day: date
    device_slug: str
    guide_slug: str
    kind: UseKind
    step_key: str
    count: int


def day_of(now: datetime) -> date:
    """Return the day in Japan that ``now`` falls on."""
    return now.astimezone(JST).date()


def record(device_slug: str, guide_slug: str, kind: UseKind, step_key: str, now: datetime):
    """Add one to today's count of this page step (or PDF), in one statement, and commit."""
    insert = INSERTS[db.engine.dialect.name]
    row = {
        "day": day_of(now),
        "device_slug": device_slug,
        "guide_slug": guide_slug,
        "kind": kind,
        "step_key": step_key,
        "count": 1,
    }
    statement = insert(HelpUse).values(row)
    statement = statement.on_conflict_do_update(
        index_elements=["day", "device_slug", "guide_slug", "kind", "step_key"],
        set_={"count": HelpUse.count + 1},
    )
    db.session.execute(statement)
    db.session.commit()


def counts(
    device_slug: str | None = None,
    guide_slug: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Count]:
    """Return the counts per day, guide, kind and step, from ``start`` to ``end`` inclusive."""
    query = select(HelpUse).order_by(
        HelpUse.day, HelpUse.device_slug, HelpUse.guide_slug, HelpUse.kind, HelpUse.step_key
    )
    if device_slug is not None:
        query = query.where(HelpUse.device_slug == device_slug)
    if guide_slug is not None:
        query = query.where(HelpUse.guide_slug == guide_slug)
    if start is not None:
        query = query.where(HelpUse.day >= start)
    if end is not None:
        query = query.where(HelpUse.day <= end)
    return [
        Count(row.day, row.device_slug, row.guide_slug, row.kind, row.step_key, row.count)
        for row in db.session.scalars(query)
    ]
