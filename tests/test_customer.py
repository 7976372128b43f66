"""The customer's page through the test client: forms, redirects, status codes, headers."""

from datetime import timedelta

import pytest

from service import guidance
from service.db import db
from service.models import EventType
from tests.conftest import csrf_from


def press(client, path, action, step, token=None):
    page = client.get(path)
    return client.post(
        path,
        data={"action": action, "step": str(step), "csrf_token": token or csrf_from(page.text)},
    )


def test_first_step_shows_counter_picture_text_and_buttons(client, make_session):
    session, path = make_session()
    total = session.guide_version.total_steps

    page = client.get(path)

    assert page.status_code == 200
    html = page.text
    assert f"1 / {total}" in html
    assert session.guide_version.steps[0].text in html
    assert "次へ" in html and "わからない" in html
    assert 'value="back"' not in html  # nothing to go back to on step 1
    assert "<img" in html and 'width="720"' in html and "alt=" in html


def test_customer_pages_keep_the_token_private(client, make_session):
    _, path = make_session()
    page = client.get(path)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"] == "no-store"


def test_next_and_back_redirect_to_the_step_page(client, make_session):
    session, path = make_session()

    moved = press(client, path, "next", 1)
    assert moved.status_code == 303
    assert moved.headers["Location"].endswith(path)
    page = client.get(path)
    assert "2 / " in page.text and "戻る" in page.text

    press(client, path, "back", 2)
    assert "1 / " in client.get(path).text


def test_help_tells_the_customer_the_operator_knows(client, make_session):
    session, path = make_session()
    answer = press(client, path, "help", 1)
    page = client.get(answer.headers["Location"])

    assert "オペレーターに知らせました" in page.text
    assert session.events[-1].type is EventType.HELP


def test_last_step_offers_done_and_finishes(client, make_session):
    session, path = make_session()
    total = session.guide_version.total_steps
    client.get(path)
    for step in range(1, total):
        press(client, path, "next", step)

    last = client.get(path).text
    assert "できました" in last and 'value="next"' not in last

    press(client, path, "done", total)
    finished = client.get(path)
    assert finished.status_code == 200
    assert "おつかれさまでした" in finished.text


def test_unknown_link_is_404_in_plain_japanese(client, app):
    page = client.get("/g/this-token-does-not-exist")
    assert page.status_code == 404
    assert "ご案内が見つかりません" in page.text
    assert "お店にお電話ください" in page.text
    assert "Traceback" not in page.text


def test_expired_link_is_410_and_says_so(client, make_session, expired_at):
    _, path = make_session(at=expired_at)
    page = client.get(path)
    assert page.status_code == 410
    assert "期限が切れました" in page.text
    assert page.headers["Cache-Control"] == "no-store"


def test_revoked_link_is_410_and_says_so(client, make_session, now):
    session, path = make_session()
    guidance.revoke(session, now)
    page = client.get(path)
    assert page.status_code == 410
    assert "この案内は終わりました" in page.text


def test_press_on_an_expired_link_is_410_and_changes_nothing(client, make_session, app):
    session, path = make_session()
    token = csrf_from(client.get(path).text)
    session.expires_at = session.expires_at - timedelta(hours=1)
    db.session.commit()

    answer = press(client, path, "next", 1, token=token)

    assert answer.status_code == 410
    db.session.refresh(session)
    assert session.current_step == 1


@pytest.mark.parametrize(
    "form",
    [
        {"action": "jump", "step": "1"},
        {"action": "next", "step": "x"},
        {"action": "next"},
        {},
    ],
)
def test_malformed_presses_show_the_page_again(client, make_session, form):
    session, path = make_session()
    token = csrf_from(client.get(path).text)
    answer = client.post(path, data={**form, "csrf_token": token})
    assert answer.status_code == 303
    db.session.refresh(session)
    assert session.current_step == 1


def test_press_without_csrf_token_changes_nothing_and_returns_to_the_page(client, make_session):
    session, path = make_session()
    client.get(path)
    answer = client.post(path, data={"action": "next", "step": "1"})
    assert answer.status_code == 303
    db.session.refresh(session)
    assert session.current_step == 1


def test_unknown_page_is_a_japanese_404_without_details(client):
    page = client.get("/nothing/here")
    assert page.status_code == 404
    assert "ページが見つかりません" in page.text
