"""The server-drawn bar charts: an image with its title and every number said in words."""

import re

from service.analytics.charts import COMPLETED
from service.analytics.charts import SESSIONS
from service.analytics.charts import bar_chart


def test_a_chart_draws_one_bar_per_number_longest_for_the_largest():
    svg = str(
        bar_chart("c", "日ごと", [("12-01", [4, 1]), ("12-02", [2, 0])], [SESSIONS, COMPLETED])
    )
    widths = [
        float(w) for w in re.findall(r'<rect class="bar" x="190" y="\d+" width="([\d.]+)"', svg)
    ]
    assert widths == [330.0, 82.5, 165.0, 0.0]
    assert '<title id="c-title">日ごと</title>' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert "12-01：案内 4、完了 1。12-02：案内 2、完了 0" in svg


def test_labels_are_escaped_and_long_ones_cut_in_the_picture_only():
    svg = str(bar_chart("c", "<手順>", [("<script>とても長い手順の名前です", [1])], [SESSIONS]))
    assert "<script>" not in svg and "&lt;script&gt;とても長…" in svg
    assert "&lt;script&gt;とても長い手順の名前です：案内 1" in svg  # the description, whole


def test_an_empty_chart_says_so():
    svg = str(bar_chart("c", "担当者", [], [SESSIONS]))
    assert "なし" in svg and "データはありません。" in svg
