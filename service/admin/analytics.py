"""Where customers get stuck: the admin's analytics page (filters by GET) and its CSV."""

from flask import Response
from flask import render_template
from flask import request

from service.analytics import charts
from service.analytics import export
from service.analytics import filters
from service.analytics import outcomes
from service.analytics.funnel import Overview
from service.analytics.funnel import overview
from service.auth.roles import admin_required
from service.console.labels import OUTCOME_LABELS
from service.db import utcnow
from service.errors import InvalidInput

# The outcomes as the page names them; "ongoing" is a session that can still go on.
OUTCOME_NAMES = {**{str(k): v for k, v in OUTCOME_LABELS.items()}, outcomes.ONGOING: "案内中"}


@admin_required
def page():
    """Show the steps that lose most customers, outcomes, days, operators, the chosen guide."""
    try:
        chosen = filters.parse(request.args)
    except InvalidInput as error:
        # The form again, saying what to change, with what was typed: nothing was counted.
        return render_template(
            "admin/analytics.html", error=error, report=None, choices=filters.choices()
        ), error.status
    report = overview(chosen, utcnow())
    return render_template(
        "admin/analytics.html",
        error=None,
        report=report,
        choices=filters.choices(),
        drawn=_charts(report),
        kinds=outcomes.KINDS,
        outcome_names=OUTCOME_NAMES,
    )


@admin_required
def download():
    """Send the chosen table (steps, days or operators) for the filters as CSV."""
    chosen = filters.parse(request.args)
    table = export.table_named(request.args.get("table"))
    return Response(
        export.csv_text(table, chosen, utcnow()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="tebiki-{table}.csv"'},
    )


def _charts(report: Overview) -> dict:
    """Draw the page's charts; the template puts each number in a table beside its chart."""
    drawn = {
        "outcomes": charts.bar_chart(
            "chart-outcomes",
            "案内の結果",
            [(OUTCOME_NAMES[kind], [report.total.counts[kind]]) for kind in outcomes.KINDS],
            [charts.SESSIONS],
        ),
        "days": charts.bar_chart(
            "chart-days",
            "日ごとの案内と完了",
            [(row.label[5:], [row.tally.sessions, row.tally.completed]) for row in report.days],
            [charts.SESSIONS, charts.COMPLETED],
        ),
        "operators": charts.bar_chart(
            "chart-operators",
            "担当者ごとの案内と完了",
            [(row.label, [row.tally.sessions, row.tally.completed]) for row in report.operators],
            [charts.SESSIONS, charts.COMPLETED],
        ),
    }
    if report.steps is not None:
        drawn["steps"] = charts.bar_chart(
            "chart-steps",
            "手順ごとに、たどり着いた人とそこで離れた人",
            [
                (f"{row.number or '-'} {row.title}", [row.reached, row.left])
                for row in report.steps
                if row.reached or row.left
            ],
            [charts.REACHED, charts.LEFT],
        )
    return drawn
