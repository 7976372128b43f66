"""The same outcomes by day (Japan's calendar, the day the link was sent) and by operator."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from service.analytics.outcomes import Tally
from service.analytics.outcomes import completion_times
from service.analytics.outcomes import counted
from service.analytics.outcomes import tallies
from service.analytics.outcomes import with_times
from service.db import db
from service.models import User

# Sessions an integration started through the API have no operator.
THROUGH_THE_API = "API（CRM から）"


@dataclass(frozen=True)
class Row:
    """One day's or one operator's sessions."""

    label: str
    tally: Tally
    operator_id: int | None = None


def by_day(filters, now: datetime, rows: list | None = None) -> list[Row]:
    """Return one row per day with sessions, oldest first ('2026-12-01'); ``rows`` are
    ``outcomes.counted``'s, when already read."""
    found = tallies(counted(filters, now) if rows is None else rows, 0)
    return [Row(label=str(day), tally=found[day]) for day in sorted(found)]


def by_operator(
    filters, now: datetime, rows: list | None = None, times: list | None = None
) -> list[Row]:
    """Return one row per operator (by name; API sessions last), busiest first, with the
    median time to complete; ``rows`` and ``times`` as for ``outcomes.overall``."""
    found = tallies(counted(filters, now) if rows is None else rows, 1)
    times = completion_times(filters) if times is None else times
    found = with_times(found, times, by_operator=True)
    ids = [operator_id for operator_id in found if operator_id is not None]
    names = dict(
        db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()
    )
    rows = [
        Row(
            label=names.get(operator_id, "") if operator_id is not None else THROUGH_THE_API,
            tally=tally,
            operator_id=operator_id,
        )
        for operator_id, tally in found.items()
    ]
    rows.sort(key=lambda row: (row.operator_id is None, -row.tally.sessions, row.label))
    return rows
