"""The customer's mail domain: typed by the operator, shown large, the email guide starting
in the app that receives it, and forgotten when the session ends."""

import re

import pytest
from sqlalchemy import func
from sqlalchemy import select

from service.db import db
from service.db import utcnow
from service.errors import InvalidInput
from service.hints import mail_domains
from service.models import GuidanceSession
from service.models import SessionEvent
from service.sessions import lifecycle
from service.sessions.lifecycle import Action
from service.sessions.progress import progress
from tests.conftest import csrf_from
from tests.helpers import end_session
from tests.helpers import opened

ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
EMAIL = {"device": "android-google-messages", "guide": "email-code", "agent": ANDROID}


def on_email_guide(make_session, customer, domain):
    from service.hints.choose import SessionHints

    return opened(make_session, customer, hints=SessionHints(mail_domain=domain), **EMAIL)


def press(session, action, choice=0):
    result = lifecycle.act(session, action, session.current_step, utcnow(), choice=choice)
    db.session.refresh(session)
    return result


def key(session):
    return session.guide_version.step(session.current_step).key


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("docomo.ne.jp", "docomo.ne.jp"),
        ("＠ＤＯＣＯＭＯ．ｎｅ．ｊｐ", "docomo.ne.jp"),  # typed in full width
        ("@Gmail.com ", "gmail.com"),
        ("taro.yamada@ezweb.ne.jp", "ezweb.ne.jp"),  # a whole address: only the domain
        ("", None),
    ],
)
def test_what_the_operator_types_becomes_a_domain(typed, kept):
    assert mail_domains.normalize(typed) == kept


@pytest.mark.parametrize(
    "typed", ["docomo", "docomo ne jp", "ドコモ", "a@b@", "x" * 90 + ".example.com", "-a.jp"]
)
def test_what_is_not_a_domain_is_refused_in_japanese(typed):
    with pytest.raises(InvalidInput) as refused:
        mail_domains.normalize(typed)
    assert "docomo.ne.jp" in refused.value.message


def test_the_guide_starts_in_the_app_that_receives_the_domain(make_session, customer):
    session, path = on_email_guide(make_session, customer, "docomo.ne.jp")
    assert key(session) == "home"
    press(session, Action.NEXT)

    # 「メールのアプリを選ぶ」 is passed over: the customer is told to open ドコモメール.
    assert key(session) == "open-docomo"
    assert progress(session)[0] == 2
    page = customer.get(path)
    assert "手順 2 / " in page.text
    assert re.search(r'id="mail-domain">[^<]*<strong[^>]*>＠docomo\.ne\.jp</strong>', page.text)
    assert "ほかのアプリでメールを見ている" in page.text


def test_without_a_domain_the_question_is_asked(make_session, customer):
    session, path = opened(make_session, customer, **EMAIL)
    press(session, Action.NEXT)

    assert key(session) == "which-app"
    page = customer.get(path)
    assert 'id="mail-domain"' not in page.text
    assert "ほかのアプリでメールを見ている" not in page.text


def test_an_unknown_domain_is_shown_on_the_question_but_skips_nothing(make_session, customer):
    session, path = on_email_guide(make_session, customer, "example.co.jp")
    press(session, Action.NEXT)

    assert key(session) == "which-app"
    assert "＠example.co.jp" in customer.get(path).text


def test_the_customer_can_still_pick_another_app(make_session, customer):
    session, path = on_email_guide(make_session, customer, "docomo.ne.jp")
    press(session, Action.NEXT)
    token = path.rsplit("/", 1)[1]
    page = customer.get(path)
    answer = customer.post(
        f"/g/{token}",
        data={
            "csrf_token": csrf_from(page.text),
            "step": session.current_step,
            "version": session.guide_version_id,
            "action": "other_app",
        },
    )
    assert answer.status_code in (302, 303)
    db.session.refresh(session)

    assert key(session) == "which-app"
    assert progress(session)[0] == 3  # home, ドコモメール, then the question: one more step
    press(session, Action.CHOOSE, choice=0)  # Gmail
    assert key(session) == "open-gmail"


def test_operator_and_customer_number_the_skipped_path_alike(
    make_session, customer, client, operator, login
):
    session, path = on_email_guide(make_session, customer, "docomo.ne.jp")
    session.operator_id = operator.id
    db.session.commit()
    press(session, Action.NEXT)
    login(operator)
    panel = client.get(f"/console/sessions/{session.id}")

    position, total = progress(session)
    assert f"{position} / {total}" in panel.text
    assert f"手順 {position} / {total}" in customer.get(path).text
    assert "＠docomo.ne.jp" in panel.text and "ドコモメール" in panel.text


def test_a_move_by_number_lands_where_the_customer_sees_that_number(
    client, api_headers, make_session, customer
):
    session, _ = on_email_guide(make_session, customer, "docomo.ne.jp")
    answer = client.post(
        f"/api/v1/sessions/{session.id}/step", json={"step": 2}, headers=api_headers
    )

    assert answer.status_code == 200, answer.json
    assert answer.json["step_key"] == "open-docomo"
    assert answer.json["current_step"] == 2


@pytest.mark.parametrize("ending", ["completed", "revoked", "expired"])
def test_the_domain_is_forgotten_when_the_session_ends(make_session, customer, ending):
    session, _ = on_email_guide(make_session, customer, "docomo.ne.jp")
    end_session(session, ending)
    db.session.expire_all()
    stored = db.session.get(GuidanceSession, session.id)

    assert stored.is_finished(utcnow())
    assert stored.mail_domain is None


def test_the_domain_never_reaches_the_event_log(make_session, customer):
    session, _ = on_email_guide(make_session, customer, "docomo.ne.jp")
    press(session, Action.NEXT)
    logged = db.session.scalars(
        select(SessionEvent.data).where(SessionEvent.session_id == session.id)
    ).all()

    assert logged and "docomo.ne.jp" not in repr(logged)


def test_the_api_takes_and_shows_the_domain(client, api_headers):
    answer = client.post(
        "/api/v1/sessions",
        json={
            "device": "iphone",
            "guide": "email-code",
            "phone": "090-1234-5678",
            "mail_domain": "hanako@icloud.com",
            "issuer": "smbc",
        },
        headers=api_headers,
    )

    assert answer.status_code == 201, answer.json
    assert answer.json["mail_domain"] == "icloud.com"
    assert answer.json["issuer"] == "smbc"
    stored = db.session.get(GuidanceSession, answer.json["id"])
    assert "hanako" not in repr(stored.__dict__)


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"mail_domain": "docomo"}, "mail_domain"),
        ({"mail_domain": 12}, "mail_domain"),
        ({"issuer": "no-such-card"}, "issuer"),
        ({"issuer": "x" * 5000}, "issuer"),
    ],
)
def test_the_api_refuses_bad_hints_and_stores_nothing(client, api_headers, extra, field):
    body = {"device": "iphone", "guide": "email-code", "phone": "090-1234-5678", **extra}
    answer = client.post("/api/v1/sessions", json=body, headers=api_headers)

    assert answer.status_code == 422
    assert answer.json["error"] == "invalid_input"
    assert answer.json["field"] == field
    assert len(answer.json["message"]) < 200
    assert db.session.scalar(select(func.count()).select_from(GuidanceSession)) == 0
