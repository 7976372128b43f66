"""The customer's page through the test client: forms, redirects, status codes, headers."""

import re
from datetime import timedelta

import pytest

from service.db import db
from service.models import EventType
from service.sessions import progress
from service.sessions import steering
from tests.conftest import csrf_from
from tests.helpers import STAFF


def press(client, path, action, step, token=None):
    page = client.get(path)
    return client.post(
        path,
        data={"action": action, "step": str(step), "csrf_token": token or csrf_from(page.text)},
    )


def test_first_step_shows_counter_picture_text_and_buttons(client, make_session):
    session, path = make_session()

    page = client.get(path)

    assert page.status_code == 200
    html = page.text
    position, total = progress.progress(session)
    assert f"手順 1 / {total}" in html
    assert session.guide_version.steps[0].text in html
    assert "次へ" in html and "わからない" in html
    assert 'value="back"' not in html  # nothing to go back to on step 1


def test_step_picture_offers_webp_and_png_at_two_widths_and_prefetches_the_next(
    client, make_session
):
    session, path = make_session()
    html = client.get(path).text

    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'type="image/webp"' in picture
    assert re.search(r'srcset="/media/[0-9a-f]{64} 360w, /media/[0-9a-f]{64} 720w"', picture)
    assert 'width="720" height="1000"' in picture
    alt = session.guide_version.steps[0].image_alt
    assert f'alt="{alt}"' in picture
    prefetch = re.search(r'<link rel="prefetch" href="(/media/[0-9a-f]{64})"', html).group(1)
    assert prefetch not in picture  # the next step's picture, not this one
    assert client.get(prefetch).mimetype == "image/webp"


def test_choice_step_offers_its_answers_as_plain_buttons(client, make_session, now):
    session, path = make_session(guide="sms-code")
    client.get(path)
    number = {s.key: s.number for s in session.guide_version.steps}
    for action, key in [
        ("next", "call-on"),
        ("choose:0", "hear"),
        ("choose:0", "where-shop"),
        ("next", "safari-tabs"),
        ("choose:0", "tap-field"),
    ]:
        press(client, path, action, number[key])

    html = client.get(path).text
    step = session.guide_version.step(session.current_step)
    assert step.choices
    for index, choice in enumerate(step.choices):
        assert f'value="choose:{index}">{choice.label}</button>' in html
    assert 'value="next"' not in html
    assert "誰にも教えないでください（オペレーターにも）" in html  # this picture shows the code

    press(client, path, f"choose:{len(step.choices) - 1}", step.number)
    db.session.refresh(session)
    assert session.current_step == step.choices[-1].next_step
    assert "前の手順に戻る" in client.get(path).text


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
    session, path = make_session(guide="speaker")
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
    steering.revoke(session, now, by=STAFF)
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


HUGE = "9" * 4301  # more digits than int() takes


@pytest.mark.parametrize(
    "form",
    [
        {"action": "jump", "step": "1"},
        {"action": "next", "step": "x"},
        {"action": "next"},
        {},
        # Numbers past what SQLite (64-bit) or PostgreSQL (32-bit) columns hold.
        {"action": "help", "step": "9223372036854775808"},
        {"action": "help", "step": "2147483648"},
        {"action": "next", "step": "2147483648"},
        # What str.isdigit() accepts and int() refuses, and what int() refuses to read.
        {"action": "next", "step": "²"},
        {"action": "help", "step": "①"},
        {"action": "help", "step": HUGE},
        {"action": "help", "step": "-1"},
        {"action": "help", "step": "0"},
        {"action": "next", "step": "1", "version": HUGE},
        {"action": "choose:" + HUGE, "step": "1"},
        {"action": "choose:²", "step": "1"},
    ],
)
def test_malformed_presses_are_refused_in_japanese_and_change_nothing(client, make_session, form):
    session, path = make_session()
    token = csrf_from(client.get(path).text)
    events_before = len(session.events)
    answer = client.post(path, data={**form, "csrf_token": token})
    assert answer.status_code == 422
    assert "もう一度押してください" in answer.text and f'href="{path}"' in answer.text
    assert "Traceback" not in answer.text and HUGE not in answer.text
    db.session.expire_all()
    assert session.current_step == 1 and len(session.events) == events_before


def test_press_without_csrf_token_changes_nothing_and_asks_to_press_again(client, make_session):
    session, path = make_session()
    client.get(path)
    answer = client.post(path, data={"action": "next", "step": "1"})
    assert answer.status_code == 303
    db.session.refresh(session)
    assert session.current_step == 1
    assert "もう一度ボタンを押してください" in client.get(answer.headers["Location"]).text


def test_presses_work_over_https_without_a_referer(app, make_session):
    # Token pages send no Referer (no-referrer): HTTPS must not demand one.
    session, path = make_session()
    secure = app.test_client()
    page = secure.get(path, base_url="https://guide.example.jp")
    answer = secure.post(
        path,
        base_url="https://guide.example.jp",
        data={"action": "next", "step": "1", "csrf_token": csrf_from(page.text)},
    )
    assert answer.status_code == 303
    db.session.refresh(session)
    assert session.current_step == 2


@pytest.mark.parametrize(
    "agent",
    ["facebookexternalhit/1.1;line-poker/1.0", "Slackbot-LinkExpanding 1.0", "Twitterbot/1.0"],
)
def test_link_previews_do_not_count_as_opening(client, make_session, agent):
    session, path = make_session()
    page = client.get(path, headers={"User-Agent": agent})
    assert page.status_code == 200
    assert session.guide_version.steps[0].text not in page.text
    client.head(path)
    db.session.refresh(session)
    assert session.opened_at is None and session.status.value == "sent"


def test_help_from_an_old_tab_says_so_only_when_recorded(client, make_session):
    session, path = make_session()
    old_tab = client.get(path).text
    press(client, path, "next", 1)
    token = csrf_from(old_tab)

    answer = client.post(path, data={"action": "help", "step": "1", "csrf_token": token})

    assert "オペレーターに知らせました" in client.get(answer.headers["Location"]).text
    db.session.refresh(session)
    assert session.events[-1].type is EventType.HELP


def test_pressing_done_twice_shows_the_finished_page_again(client, make_session):
    session, path = make_session(guide="speaker")
    client.get(path)
    total = session.guide_version.total_steps
    for step in range(1, total):
        press(client, path, "next", step)
    token = csrf_from(client.get(path).text)
    for _ in range(2):
        answer = client.post(path, data={"action": "done", "step": str(total), "csrf_token": token})
        assert answer.status_code == 303
        assert "おつかれさまでした" in client.get(answer.headers["Location"]).text


def test_unknown_page_is_a_japanese_404_without_details(client):
    page = client.get("/nothing/here")
    assert page.status_code == 404
    assert "ページが見つかりません" in page.text


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 15_8 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 Safari Line/13.21.0",
        "Mozilla/5.0 (Linux; Android 11; SH-41A Build/S1234; wv) AppleWebKit/537.36 (KHTML, "
        "like Gecko) Version/4.0 Chrome/90.0.4430.91 Mobile Safari/537.36 YJApp-ANDROID "
        "jp.co.yahoo.android.yjtop/3.100.0",
    ],
)
def test_in_app_browsers_of_line_and_yahoo_open_the_guide(client, make_session, agent):
    session, path = make_session()
    page = client.get(path, headers={"User-Agent": agent})
    assert session.guide_version.steps[0].text in page.text
    token = csrf_from(page.text)
    client.post(
        path,
        data={"action": "next", "step": "1", "csrf_token": token},
        headers={"User-Agent": agent},
    )
    db.session.refresh(session)
    assert session.opened_at is not None and session.current_step == 2
