"""The admin's analytics page and its CSV, on the known history; refused filters change nothing."""

import csv
import io
import re

import pytest

from service.models import Role
from tests.analytics import history
from tests.analytics.history import DAYS
from tests.analytics.history import DEVICE
from tests.analytics.history import GUIDE


@pytest.fixture
def admin(make_user, login):
    user = make_user(Role.ADMIN)
    login(user)
    return user


@pytest.fixture
def known(make_session, make_user):
    return history.build(make_session, make_user)


def cells(html: str, row_id: str) -> list[str]:
    """Return the texts of the cells of the table row ``row_id``."""
    row = re.search(rf'<tr id="{row_id}">(.*?)</tr>', html, re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def test_the_page_shows_the_step_that_loses_most_with_a_link_to_edit_it(client, admin, known):
    page = client.get("/admin/analytics")
    assert page.status_code == 200
    html = page.text
    assert f'href="/admin/guides/{DEVICE}/{GUIDE}#step-hear"' in html
    assert "<strong>3 人</strong>がここで離れました" in html
    # Each chart is an SVG with a title, and the same numbers stand in a table beside it.
    for chart in ("chart-outcomes", "chart-days", "chart-operators"):
        assert re.search(rf'<svg [^>]*id="{chart}"[^>]*role="img"', html)
        assert f'<title id="{chart}-title">' in html
    assert 'id="sessions-total">6<' in html
    assert all(day in html for day in DAYS)
    assert "担当 青木" in html and "API（CRM から）" in html
    # Until a device and a guide are chosen there are no steps to list.
    assert 'id="steps-table"' not in html
    assert 'id="self-service-count">0<' in html


def test_choosing_a_guide_lists_its_steps(client, admin, known):
    html = client.get(f"/admin/analytics?device={DEVICE}&guide={GUIDE}").text
    # number, title, reached, left, median, わからない, moves, むずかしかった
    assert cells(html, "step-row-hear")[2:8] == ["4", "3", "45秒", "2", "0", "0"]
    assert cells(html, "step-row-where-shop")[2:8] == ["1", "0", "1分10秒", "1", "0", "1"]
    assert cells(html, "step-row-call-on")[6] == "1"
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="chart-steps"' in html
    assert f'href="/admin/guides/{DEVICE}/{GUIDE}#step-resend"' in html
    assert 'id="voice-easy">1<' in html and 'id="voice-hard">1<' in html


def test_the_filters_narrow_the_page(client, admin, known):
    html = client.get(f"/admin/analytics?operator={known.operator_b.id}").text
    assert 'id="sessions-total">2<' in html and "担当 青木" not in html.split("operators-table")[1]
    one_day = client.get(f"/admin/analytics?from={DAYS[2]}&to={DAYS[2]}").text
    assert 'id="sessions-total">1<' in one_day and 'id="no-leaks"' in one_day


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("from=2026-13-01", "日付「2026-13-01」が読めません"),
        ("to=yesterday", "日付「yesterday」が読めません"),
        ("from=2026-12-02&to=2026-12-01", "始まりの日は終わりの日より前"),
        (f"guide={GUIDE}", "手順を選ぶときは端末も選んでください"),
        ("device=no-such-phone", "端末「no-such-phone」はありません"),
        (f"device={DEVICE}&guide=no-such-guide", "手順「no-such-guide」はありません"),
        ("operator=abc", "担当者「abc」はいません"),
        ("operator=99999", "担当者「99999」はいません"),
    ],
)
def test_a_filter_that_cannot_be_used_says_why_beside_the_form(client, admin, query, says):
    page = client.get(f"/admin/analytics?{query}")
    assert page.status_code == 422
    assert says in page.text and 'id="filters"' in page.text
    assert 'id="at-a-glance"' not in page.text
    assert "Traceback" not in page.text


def rows_of(answer) -> list[list[str]]:
    text = answer.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_has_every_step_of_the_guides_used_and_no_personal_data(client, admin, known):
    answer = client.get("/admin/analytics.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    head, *rows = rows_of(answer)
    assert head[:5] == ["device", "guide", "number", "key", "title"]
    hear = next(row for row in rows if row[3] == "hear")
    assert hear[:3] == [DEVICE, GUIDE, "2"] and hear[5:] == ["4", "3", "45.0", "2", "0", "0"]
    assert {row[0] for row in rows} == {DEVICE}  # the switched session's first guide: nothing
    text = answer.data.decode()
    assert "5678" not in text and "090" not in text


def test_the_csv_by_day_and_by_operator(client, admin, known):
    head, *days = rows_of(client.get("/admin/analytics.csv?table=days"))
    assert head[:2] == ["day", "sessions"] and [row[:2] for row in days] == [
        [DAYS[0], "3"],
        [DAYS[1], "2"],
        [DAYS[2], "1"],
    ]
    head, *people = rows_of(client.get(f"/admin/analytics.csv?table=operators&device={DEVICE}"))
    assert people[0][:3] == ["担当 青木", "3", "1"] and people[0][-1] == "170.0"


def test_a_csv_of_an_unknown_table_or_a_bad_filter_is_refused(client, admin):
    assert client.get("/admin/analytics.csv?table=phones").status_code == 422
    refused = client.get("/admin/analytics.csv?from=soon")
    assert refused.status_code == 422 and "日付「soon」が読めません" in refused.text
