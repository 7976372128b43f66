"""Bar charts drawn on the server as SVG: no chart library in the browser, nothing to run.

Each chart is an image with a ``<title>`` and a ``<desc>`` that says every number, and the
page puts a table with the same numbers beside it.
"""

from dataclasses import dataclass

from markupsafe import Markup
from markupsafe import escape

LABEL_WIDTH = 190
BARS_WIDTH = 330
VALUE_WIDTH = 60
BAR_HEIGHT = 14
ROW_GAP = 10
LEGEND_HEIGHT = 26
# Longer labels are cut in the picture; the table beside it has them whole.
LABEL_CHARACTERS = 13


@dataclass(frozen=True)
class Series:
    """One kind of bar: its name in the legend and its colour (dark enough on white)."""

    name: str
    colour: str


REACHED = Series("たどり着いた", "#0a3d8f")
LEFT = Series("ここで離れた", "#a00000")
SESSIONS = Series("案内", "#0a3d8f")
COMPLETED = Series("完了", "#2d6a1f")


def bar_chart(
    chart_id: str, title: str, rows: list[tuple[str, list[float]]], series: list[Series]
) -> Markup:
    """Return a horizontal bar chart: one group of bars per row, one bar per series."""
    group = len(series) * BAR_HEIGHT + ROW_GAP
    height = LEGEND_HEIGHT + max(1, len(rows)) * group
    width = LABEL_WIDTH + BARS_WIDTH + VALUE_WIDTH
    top = max((value for _, values in rows for value in values), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(rows, series))}</desc>',
    ]
    x = LABEL_WIDTH
    for item in series:
        parts.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{item.colour}"/>'
            f'<text x="{x + 16}" y="17" font-size="13">{escape(item.name)}</text>'
        )
        x += 16 + 14 * len(item.name) + 16
    if not rows:
        parts.append(f'<text x="{LABEL_WIDTH}" y="{LEGEND_HEIGHT + 14}" font-size="13">なし</text>')
    for index, (label, values) in enumerate(rows):
        y = LEGEND_HEIGHT + index * group
        shown = label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + len(series) * BAR_HEIGHT / 2 + 5:.0f}" '
            f'font-size="13" text-anchor="end">{escape(shown)}</text>'
        )
        for offset, (item, value) in enumerate(zip(series, values, strict=True)):
            bar_y = y + offset * BAR_HEIGHT
            length = BARS_WIDTH * value / top
            parts.append(
                f'<rect class="bar" x="{LABEL_WIDTH}" y="{bar_y}" width="{length:.1f}" '
                f'height="{BAR_HEIGHT - 2}" fill="{item.colour}"/>'
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{bar_y + BAR_HEIGHT - 3}" '
                f'font-size="12">{_number(value)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def _describe(rows: list[tuple[str, list[float]]], series: list[Series]) -> str:
    """Return every number of the chart in words, for screen readers."""
    if not rows:
        return "データはありません。"
    said = []
    for label, values in rows:
        pairs = zip(series, values, strict=True)
        said.append(f"{label}：" + "、".join(f"{s.name} {_number(v)}" for s, v in pairs))
    return "。".join(said)


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
