"""What the API and the admin page are given: the funnel (sessions, how they ended, each step
of the chosen guide) and the overview (everything the page shows)."""

from dataclasses import dataclass
from datetime import datetime

from service.analytics import leaving
from service.analytics import outcomes
from service.analytics import steps
from service.analytics import times
from service.analytics.self_service import self_service_uses


def funnel(filters, now: datetime) -> dict:
    """Return ``{sessions, completed, outcomes, steps, ...}`` for ``filters``.

    ``steps`` lists the guide's steps when the filters name one guide, else it is empty.
    """
    tally = outcomes.overall(filters, now)
    rows = steps.per_step(filters, now) if filters.one_guide else {}
    median = tally.median_seconds
    return {
        "filters": filters.query(),
        "sessions": tally.sessions,
        "completed": tally.completed,
        "outcomes": dict(tally.counts),
        "time_to_complete": {
            "median_seconds": None if median is None else round(median, 1),
            "sessions": tally.timed,
        },
        "steps": [row.as_json() for rows_of_guide in rows.values() for row in rows_of_guide],
        "feedback": outcomes.voice(filters),
        "self_service": self_service_uses(filters),
    }


@dataclass(frozen=True)
class Overview:
    """Everything the admin page shows for one question."""

    filters: object
    leaks: list
    total: outcomes.Tally
    days: list
    operators: list
    steps: list | None
    voice: dict[str, int]
    self_service: int


def overview(filters, now: datetime) -> Overview:
    """Return the admin page's figures: the steps losing most, outcomes, days, operators,
    the chosen guide's steps, the customer's voice and self-service use (apart)."""
    rows, spent = outcomes.counted(filters, now), outcomes.completion_times(filters)
    operators = times.by_operator(filters, now, rows, spent)
    chosen = steps.per_step(filters, now) if filters.one_guide else {}
    return Overview(
        filters=filters,
        leaks=leaving.losing_steps(filters, now, steps.step_names(filters.guides)),
        total=outcomes.overall(filters, now, rows, spent),
        days=times.by_day(filters, now, rows),
        operators=operators,
        steps=next(iter(chosen.values()), None),
        voice=outcomes.voice(filters),
        self_service=self_service_uses(filters),
    )
