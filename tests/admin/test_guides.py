"""The admin's guide pages: every step with its sources, and the preview a phone can open."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from sqlalchemy import func
from sqlalchemy import select

from service import catalog
from service.db import db
from service.models import GuidanceSession
from service.models import Role
from service.models import SessionEvent

PREVIEW = re.compile(r'id="preview-link">[^<]*?(/p/[^<"]+)<')


@pytest.fixture
def admin(make_user, login):
    user = make_user(Role.ADMIN)
    login(user)
    return user


def preview_path(client, device="iphone", guide="sms-code"):
    page = client.get(f"/admin/guides/{device}/{guide}")
    assert page.status_code == 200
    return re.search(r'<iframe src="([^"]+)"', page.text).group(1)


@pytest.mark.parametrize("path", ["/admin/guides", "/admin/guides/iphone/sms-code"])
def test_operators_cannot_open_the_guide_pages(client, operator, login, path):
    assert client.get(path).status_code == 302
    login(operator)
    assert client.get(path).status_code == 403


def test_the_list_counts_steps_sources_and_checks(client, admin):
    page = client.get("/admin/guides").text
    version = catalog.guide("iphone", "sms-code").current_version
    row = page.split('id="guide-iphone-sms-code"')[1].split("</tr>")[0]
    cells = re.findall(r"<td>([^<]*)</td>", row)

    assert str(version.total_steps) in cells
    assert str(sum(1 for s in version.steps if s.sources)) in cells
    assert str(sum(1 for s in version.steps if s.needs_check)) in cells


def test_a_guide_shows_every_step_with_its_sources_and_checks(client, admin):
    page = client.get("/admin/guides/iphone/sms-code").text
    version = catalog.guide("iphone", "sms-code").current_version

    for step in version.steps:
        assert f'id="step-{step.key}"' in page
        for source in step.sources:
            assert source in page
    assert page.count("要確認</span>") >= sum(1 for s in version.steps if s.needs_check)
    assert "<svg" in page  # the preview's QR code


def test_an_unknown_guide_or_version_is_404(client, admin):
    assert client.get("/admin/guides/iphone/no-such").status_code == 404
    assert client.get("/admin/guides/iphone/sms-code?version=99").status_code == 404
    assert client.get("/admin/guides/iphone/sms-code?version=x²").status_code in (404, 422)


def test_the_preview_walks_the_guide_as_the_customer_sees_it(client, admin, customer):
    path = preview_path(client)
    version = catalog.guide("iphone", "sms-code").current_version
    first = customer.get(path)  # a phone with no sign-in at all

    assert first.status_code == 200
    assert version.step(1).title in first.text
    assert "手順 1 / " in first.text and "何も記録しません" in first.text
    nxt = re.search(r'name="path" value="([^"]+)">次へ進む', first.text)
    if nxt is None:  # the first step asks a question: take its first answer
        nxt = re.search(r'name="path" value="([^"]+)">', first.text)
    second = customer.get(path, query_string={"path": nxt.group(1)})
    assert "手順 2 / " in second.text
    assert "前の手順に戻る" in second.text


def test_the_preview_records_nothing(client, admin, customer):
    path = preview_path(client)
    sessions = db.session.scalar(select(func.count()).select_from(GuidanceSession))
    events = db.session.scalar(select(func.count()).select_from(SessionEvent))
    for trail in ("1", "1.2", "1.2.3", "junk", "1.99999", "0.-1"):
        assert customer.get(path, query_string={"path": trail}).status_code == 200

    assert db.session.scalar(select(func.count()).select_from(GuidanceSession)) == sessions
    assert db.session.scalar(select(func.count()).select_from(SessionEvent)) == events


def test_a_preview_link_stops_working_after_its_time(client, admin, customer):
    path = preview_path(client)
    later = __import__("time").time() + timedelta(minutes=16).total_seconds()
    with mock.patch("itsdangerous.timed.time.time", return_value=later):
        gone = customer.get(path)

    assert gone.status_code == 410
    assert "期限が切れました" in gone.text


def test_a_forged_preview_link_is_unknown(customer):
    answer = customer.get("/p/MQ.forged.signature")

    assert answer.status_code == 404
    assert "見つかりません" in answer.text
