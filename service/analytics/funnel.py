"""The funnel the API gives: sessions, how they ended, and each step of the chosen guide."""

from datetime import datetime

from service.analytics import outcomes
from service.analytics import steps
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
            "sessions": len(tally.seconds),
        },
        "steps": [row.as_json() for rows_of_guide in rows.values() for row in rows_of_guide],
        "feedback": outcomes.voice(filters),
        "self_service": self_service_uses(filters),
    }
