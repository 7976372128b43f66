"""Abuse limits: sends per operator and per API key, texts to one number, extends of a link,
sign-in tries, the short-code ceiling; each refusal a 429 that names the limit."""

import uuid
from datetime import timedelta

import pytest
import redis
from sqlalchemy import func
from sqlalchemy import select

from service.auth import api_keys
from service.db import db
from service.errors import TooManyAttempts
from service.models import Attempt
from service.models import GuidanceSession
from service.models import Role
from service.sessions import links
from service.sessions import shortcodes
from service.sessions import steering
from service.sessions.shortcodes import WrongCode
from tests.conftest import PASSWORD
from tests.conftest import csrf_from
from tests.helpers import STAFF
from tests.helpers import sign_in_cookie
from tests.live.test_brokers import redis_broker

PHONE = "090-1234-5678"
NEW = {"device": "iphone-home-button", "guide": "sms-code", "phone": PHONE}


def sessions() -> int:
    return db.session.scalar(select(func.count()).select_from(GuidanceSession))


def console_send(browser, phone=PHONE):
    page = browser.get("/console/new/iphone-home-button")
    return browser.post(
        "/console/sessions",
        data={
            "csrf_token": csrf_from(page.text),
            "device": "iphone-home-button",
            "guide": "sms-code",
            "phone": phone,
        },
    )


def signed_in(app, user):
    browser = app.test_client()
    sign_in_cookie(browser, user.id)
    return browser


def test_an_operator_sending_too_fast_is_refused_and_another_is_not(app_factory, make_user):
    app = app_factory(LIMIT_SENDS_PER_OPERATOR=2)
    first, second = make_user(Role.OPERATOR), make_user(Role.OPERATOR)
    busy = signed_in(app, first)
    numbers = ["090-1111-0001", "090-1111-0002", "090-1111-0003"]
    answers = [console_send(busy, number) for number in numbers]

    assert [a.status_code for a in answers] == [303, 303, 429]
    assert "1分に 2 回まで" in answers[2].text
    assert 0 < int(answers[2].headers["Retry-After"]) <= 60
    assert sessions() == 2
    assert console_send(signed_in(app, second)).status_code == 303


def test_an_api_key_sending_too_fast_gets_a_json_429(app_factory):
    app = app_factory(LIMIT_SENDS_PER_API_KEY=2)
    with app.app_context():
        key, other = api_keys.create_api_key("crm")[1], api_keys.create_api_key("other")[1]
    client = app.test_client()

    def create(raw, number):
        body = {**NEW, "phone": number}
        return client.post(
            "/api/v1/sessions", json=body, headers={"Authorization": f"Bearer {raw}"}
        )

    answers = [create(key, f"090-2222-000{n}") for n in range(3)]

    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2].json["error"] == "rate_limited"
    assert "この API キーの SMS 送信：1分に 2 回まで" in answers[2].json["message"]
    assert int(answers[2].headers["Retry-After"]) > 0
    assert create(other, "090-2222-0009").status_code == 201


def test_a_number_gets_three_texts_in_ten_minutes_resends_included(app, make_session, now):
    app.config["LIMIT_TEXTS_PER_NUMBER"] = 3
    first, _ = make_session(phone=PHONE)
    make_session(phone=PHONE)
    steering.resend(first, now, by=STAFF)

    with pytest.raises(TooManyAttempts) as refused:
        make_session(phone=PHONE, at=now + timedelta(minutes=1))
    assert "10分に 3 通まで" in refused.value.message
    assert 0 < refused.value.retry_after <= 9 * 60 + 1
    with pytest.raises(TooManyAttempts):
        steering.resend(first, now + timedelta(minutes=2), by=STAFF)
    assert sessions() == 2
    make_session(phone="090-9999-8888", at=now + timedelta(minutes=2))  # another number
    make_session(phone=PHONE, at=now + timedelta(minutes=11))  # the window has passed
    # The counts never hold the number itself.
    keys = db.session.scalars(select(Attempt.key)).all()
    assert keys and not any("1234" in key or "5678" in key for key in keys)


def test_the_api_answers_429_with_retry_after_for_a_number_texted_enough(app_factory, api_headers):
    app = app_factory(LIMIT_TEXTS_PER_NUMBER=1)
    client = app.test_client()
    assert client.post("/api/v1/sessions", json=NEW, headers=api_headers).status_code == 201
    refused = client.post("/api/v1/sessions", json=NEW, headers=api_headers)
    assert refused.status_code == 429 and refused.json["error"] == "too_many_attempts"
    assert "QR コード" in refused.json["message"]
    assert int(refused.headers["Retry-After"]) > 0
    assert sessions() == 1


def test_a_link_is_extended_a_few_times_and_never_past_its_longest_life(app, make_session, now):
    app.config.update(LIMIT_EXTENDS_PER_SESSION=2, LINK_MAX_LIFE_MINUTES=60)
    session, _ = make_session()
    steering.extend(session, 10, now, by=STAFF)
    steering.extend(session, 10, now, by=STAFF)
    with pytest.raises(TooManyAttempts, match="2 回まで"):
        steering.extend(session, 10, now, by=STAFF)

    other, _ = make_session(phone="090-5555-0000")
    with pytest.raises(TooManyAttempts, match="最長 1 時間"):
        steering.extend(other, 40, now + timedelta(minutes=10), by=STAFF)
    db.session.refresh(other)
    assert other.expires_at == now + timedelta(minutes=30)


def test_sign_in_tries_from_one_client_are_limited(app_factory, make_user):
    app = app_factory(LIMIT_SIGN_INS_PER_CLIENT=3)
    user = make_user(Role.OPERATOR)
    browser = app.test_client()
    statuses = []
    for _ in range(4):
        token = csrf_from(browser.get("/login").text)
        answer = browser.post(
            "/login", data={"email": user.email, "password": "wrong", "csrf_token": token}
        )
        statuses.append(answer.status_code)
    assert statuses == [401, 401, 401, 429]
    assert browser.get("/login").status_code == 200  # the page itself is not limited
    token = csrf_from(browser.get("/login").text)
    refused = browser.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert refused.status_code == 429 and "サインイン：1分に 3 回まで" in refused.text


def test_with_redis_the_counts_live_in_redis_for_every_process(app_factory, make_user):
    prefix = f"tebiki-test-{uuid.uuid4().hex[:8]}"
    app = app_factory(
        LIVE_BACKEND="redis",
        REDIS_URL="redis://127.0.0.1:6379/0",
        RATELIMIT_KEY_PREFIX=prefix,
        LIMIT_SENDS_PER_OPERATOR=5,
    )
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    redis_broker()  # Redis must be there (under CI a missing Redis fails the test)
    store = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    assert console_send(signed_in(app, make_user(Role.OPERATOR))).status_code == 303
    keys = store.keys(f"*{prefix}*")
    try:
        assert keys, "the operator's send count is kept in Redis"
    finally:
        if keys:
            store.delete(*keys)


def test_the_short_code_ceiling_never_stops_a_customer_with_the_right_code(
    app, make_session, now, monkeypatch
):
    monkeypatch.setattr(shortcodes, "MAX_WRONG_ATTEMPTS_ALL", 10)
    session, _ = make_session()
    settings = links.settings()
    code = shortcodes.issue(session, settings, now, by=STAFF).code
    for client in range(10):  # ten addresses, one wrong guess each: the ceiling is reached
        with pytest.raises(WrongCode):
            shortcodes.redeem("000000", f"attacker-{client}", settings, now)
    with pytest.raises(TooManyAttempts):
        shortcodes.redeem("111111", "attacker-0", settings, now)  # one who guessed before

    assert shortcodes.redeem(code, "the-customer", settings, now).id == session.id


