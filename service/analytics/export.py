"""The analytics as CSV, for a spreadsheet: per step, per day or per operator.

UTF-8 with a byte-order mark, so a spreadsheet opened by double-click reads the Japanese.
No personal data: guides, steps, days and staff names only.
"""

import csv
import io
from datetime import datetime

from service.analytics import outcomes
from service.analytics import steps
from service.analytics import times
from service.analytics.sql import guides_in_order
from service.errors import InvalidInput

TABLES = ("steps", "days", "operators")
OUTCOME_COLUMNS = list(outcomes.KINDS)


def table_named(raw: str | None) -> str:
    """Return the table a CSV request asks for (steps unless said), or refuse it."""
    name = (raw or "steps").strip()
    if name not in TABLES:
        raise InvalidInput("table", "表は steps・days・operators のどれかにしてください。")
    return name


def csv_text(table: str, filters, now: datetime) -> str:
    """Return ``table`` ("steps", "days" or "operators") for ``filters`` as CSV text."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    if table == "steps":
        _steps(writer, filters, now)
    else:
        rows = times.by_day(filters, now) if table == "days" else times.by_operator(filters, now)
        head = "day" if table == "days" else "operator"
        writer.writerow([head, "sessions", *OUTCOME_COLUMNS, "median_seconds_to_complete"])
        for row in rows:
            median = row.tally.median_seconds
            writer.writerow(
                [
                    row.label,
                    row.tally.sessions,
                    *(row.tally.counts[kind] for kind in OUTCOME_COLUMNS),
                    "" if median is None else round(median, 1),
                ]
            )
    return out.getvalue()


def _steps(writer, filters, now: datetime) -> None:
    figures = steps.per_step(filters, now)
    guides = {guide.id: guide for guide in guides_in_order(figures)}
    writer.writerow(
        [
            "device",
            "guide",
            "number",
            "key",
            "title",
            "reached",
            "left",
            "median_seconds",
            "help",
            "moves",
            "hard",
        ]
    )
    for guide_id, rows in figures.items():
        guide = guides[guide_id]
        for row in rows:
            figure = row.as_json()
            writer.writerow(
                [
                    guide.device.slug,
                    guide.slug,
                    "" if row.number is None else row.number,
                    row.key,
                    row.title,
                    *(
                        "" if figure[name] is None else figure[name]
                        for name in ("reached", "left", "median_seconds", "help", "moves", "hard")
                    ),
                ]
            )
