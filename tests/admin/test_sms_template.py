"""The SMS wording admins edit: checked, counted, audited, and used by the next text."""

import pytest
from sqlalchemy import select

from service.db import db
from service.models import AuditEntry
from service.models import OutboxMessage
from service.models import Role
from service.sessions import links
from service.sms import template
from tests.browser import admin_page
from tests.conftest import csrf_from

WORDING = "{shop}の{operator}です。画面はこちら\n{link}"


@pytest.fixture
def admin(make_user, login):
    user = make_user(Role.ADMIN)
    login(user)
    return user


def save(client, body):
    token = csrf_from(client.get("/admin/sms").text)
    return client.post("/admin/sms", data={"csrf_token": token, "body": body})


def test_a_new_wording_is_used_by_the_next_text_with_the_operators_name(
    client, admin, app, make_user, make_session
):
    assert save(client, WORDING).status_code == 303
    operator = make_user(Role.OPERATOR)
    operator.display_name = "田中"
    db.session.commit()

    session, _ = make_session(operator=operator)

    body = db.session.scalars(select(OutboxMessage)).one().body
    assert body.startswith(f"{app.config['SHOP_NAME']}の田中です。画面はこちら\n")
    assert body.split("\n")[1] == links.settings().url(session)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "sms.template"))
    assert entry.before == {"body": template.DEFAULT} and entry.after == {"body": WORDING}


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("{shop}です。", "{link}（案内の画面のリンク）をちょうど1回"),
        ("{link} {link}", "ちょうど1回"),
        ("{shop}の{name}です {link}", "使えるのは"),
        ("あ" * 301 + "{link}", "300 文字まで"),
        ("   ", "文面を入れてください"),
    ],
)
def test_a_bad_wording_is_refused_and_the_texts_keep_theirs(
    client, admin, make_session, body, says
):
    answer = save(client, body)

    assert answer.status_code == 422 and says in answer.text
    assert template.current() == template.DEFAULT
    make_session()
    assert "ご案内の画面はこちら" in db.session.scalars(select(OutboxMessage)).one().body


def test_the_page_counts_characters_and_parts_as_a_phone_would(client, admin):
    page = client.get("/admin/sms").text
    assert 'id="sms-parts">1<' in page and "70 文字" in page

    long = "ご注文の確認のため、お電話でご案内している画面のリンクをお送りします。{link}"
    answer = save(client, long)
    assert answer.status_code == 303
    page = client.get("/admin/sms").text
    cost = template.count(
        template.render(long, "テスト通販", "x", "http://localhost:5000/g/" + "x" * 22)
    )
    assert cost.parts == 2 and f'id="sms-parts">{cost.parts}<' in page
    assert "2 通以上に分かれます" in page


@pytest.mark.browser
def test_the_counter_follows_the_typing_in_the_browser(browser, site):
    page = admin_page(browser, site)
    try:
        page.click("text=SMS の文面")
        assert page.inner_text("#sms-parts") == "1"
        page.fill("#body", "{shop}です。" + "ご案内" * 20 + "\n{link}")
        assert page.inner_text("#sms-parts") == "2"
        assert page.is_visible("#sms-warning")
        assert "テスト通販です。ご案内" in page.inner_text("#sms-sample")
    finally:
        page.context.close()
