"""The operator's console through the test client: sign-in, sending, the session page."""

import re

from sqlalchemy import func
from sqlalchemy import select

from service.db import db
from service.models import GuidanceSession
from service.models import OutboxMessage
from service.models import Role
from tests.conftest import PASSWORD
from tests.conftest import csrf_from
from tests.helpers import send_texts


def send(client, phone="090-1234-5678", device="raku-raku-smartphone", guide="sms-code"):
    """Go through the console's two steps: confirm the number, then send (the worker then
    sends the text)."""
    page = client.get(f"/console/new/{device}")
    confirm = client.post(
        f"/console/new/{device}",
        data={"guide": guide, "phone": phone, "csrf_token": csrf_from(page.text)},
    )
    if confirm.status_code != 200:
        return confirm
    number = re.search(r'name="phone" value="([^"]*)"', confirm.text).group(1)
    sent = client.post(
        "/console/sessions",
        data={
            "device": device,
            "guide": guide,
            "phone": number,
            "csrf_token": csrf_from(confirm.text),
        },
    )
    send_texts()
    return sent


def test_console_needs_sign_in(client):
    for path in [
        "/console/",
        "/console/outbox",
        "/console/sessions/x",
        "/console/without-smartphone",
        "/console/history",
        "/console/new/iphone",
        "/console/sessions/x/events",
    ]:
        answer = client.get(path)
        assert answer.status_code == 302, path
        assert "/login" in answer.headers["Location"]


def test_wrong_password_is_refused_with_a_message(client, operator):
    token = csrf_from(client.get("/login").text)
    answer = client.post(
        "/login", data={"email": operator.email, "password": "wrong", "csrf_token": token}
    )
    assert answer.status_code == 401
    assert "パスワードが違います" in answer.text
    assert client.get("/console/").status_code == 302


def test_login_without_csrf_is_refused(client, operator):
    answer = client.post("/login", data={"email": operator.email, "password": PASSWORD})
    assert answer.status_code == 400
    assert client.get("/console/").status_code == 302


def test_login_does_not_redirect_off_site(client, operator):
    token = csrf_from(client.get("/login").text)
    for target in ["https://evil.example/", "//evil.example/", "/\\evil.example/"]:
        answer = client.post(
            f"/login?next={target}",
            data={"email": operator.email, "password": PASSWORD, "csrf_token": token},
        )
        assert answer.headers["Location"] == "/console/", target


def test_send_creates_the_session_and_shows_link_and_qr(client, operator, login):
    login(operator)
    answer = send(client, phone="080 1111 2222")

    assert answer.status_code == 303
    session = db.session.scalars(select(GuidanceSession)).one()
    assert session.operator_id == operator.id
    page = client.get(answer.headers["Location"])
    assert page.status_code == 200
    assert "http://localhost:5000/g/" in page.text
    assert "<svg" in page.text  # the QR code
    assert "080-1111-2222" in page.text
    assert "まだリンクを開いていません" in page.text
    assert session.guide_version.steps[0].operator_script in page.text


def test_confirming_shows_the_number_back_and_the_sms_size(client, operator, login):
    login(operator)
    page = client.get("/console/new/iphone")
    answer = client.post(
        "/console/new/iphone",
        data={"guide": "sms-code", "phone": "+81 80 1111 2222", "csrf_token": csrf_from(page.text)},
    )
    assert answer.status_code == 200
    assert '<strong id="formatted">080-1111-2222</strong>' in answer.text
    assert re.search(r"\d+文字・1通", answer.text)
    assert db.session.scalar(select(func.count()).select_from(GuidanceSession)) == 0


def test_send_refuses_a_landline_with_a_clear_message(client, operator, login):
    login(operator)
    answer = send(client, phone="03-1234-5678")

    assert answer.status_code == 422
    assert "070・080・090" in answer.text
    assert db.session.scalar(select(func.count()).select_from(GuidanceSession)) == 0


def test_send_refuses_an_empty_number_and_a_missing_guide(client, operator, login):
    login(operator)
    assert "携帯電話番号を入力してください" in send(client, phone="").text
    page = client.get("/console/new/iphone")
    answer = client.post(
        "/console/new/iphone", data={"phone": "09012345678", "csrf_token": csrf_from(page.text)}
    )
    assert answer.status_code == 422 and "手順を選んでください" in answer.text
    assert db.session.scalar(select(func.count()).select_from(GuidanceSession)) == 0


def test_send_without_csrf_is_refused(client, operator, login):
    login(operator)
    answer = client.post(
        "/console/sessions",
        data={"device": "iphone", "guide": "sms-code", "phone": "09012345678"},
    )
    assert answer.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(GuidanceSession)) == 0


def test_unknown_device_page_is_404(client, operator, login):
    login(operator)
    assert client.get("/console/new/nokia-3310").status_code == 404


def test_outbox_lists_the_text_with_a_clickable_link(client, operator, login):
    login(operator)
    send(client)
    body = db.session.scalars(select(OutboxMessage)).one().body
    url = body.split("\n")[-1]

    page = client.get("/console/outbox")

    assert f'<a href="{url}">{url}</a>' in page.text


def test_revoke_from_the_console_kills_the_link(client, operator, login):
    login(operator)
    location = send(client).headers["Location"]
    session = db.session.scalars(select(GuidanceSession)).one()
    page = client.get(location)

    client.post(location + "/revoke", data={"csrf_token": csrf_from(page.text)})

    assert "リンクを無効にしました" in client.get(location).text
    link = page.text.split('id="link">')[1].split("<")[0]
    assert client.get(link.removeprefix("http://localhost:5000")).status_code == 410
    db.session.refresh(session)
    assert session.status.value == "revoked"


def test_unknown_session_page_is_404(client, operator, login):
    login(operator)
    assert client.get("/console/sessions/nope").status_code == 404


def test_admin_can_use_the_console_too(client, make_user, login):
    login(make_user(Role.ADMIN))
    assert client.get("/console/").status_code == 200


def test_sign_out(client, operator, login):
    login(operator)
    page = client.get("/console/")
    client.post("/logout", data={"csrf_token": csrf_from(page.text)})
    assert client.get("/console/").status_code == 302


def test_five_wrong_passwords_lock_the_account_for_a_while(client, operator):
    from datetime import timedelta

    from sqlalchemy import update

    from service.db import utcnow
    from service.models import SignInTries

    def attempt(password):
        token = csrf_from(client.get("/login").text)
        return client.post(
            "/login", data={"email": operator.email, "password": password, "csrf_token": token}
        )

    for _ in range(5):
        assert attempt("wrong").status_code == 401
    locked = attempt(PASSWORD)
    assert locked.status_code == 429 and "しばらくサインインできません" in locked.text
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    db.session.execute(update(SignInTries).values(locked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert attempt(PASSWORD).status_code == 302


def test_unknown_address_locks_nothing_and_gets_the_same_answer(client, operator):
    token = csrf_from(client.get("/login").text)
    answer = client.post(
        "/login", data={"email": "nobody@example.com", "password": "x", "csrf_token": token}
    )
    assert answer.status_code == 401 and "パスワードが違います" in answer.text


def test_console_will_not_revoke_a_finished_session(client, operator, login, make_session, now):
    from service.sessions import lifecycle
    from service.sessions.lifecycle import Action

    login(operator)
    session, _ = make_session(operator=operator, guide="speaker")
    lifecycle.open_link(session, now)
    for step in range(1, session.guide_version.total_steps):
        lifecycle.act(session, Action.NEXT, step, now)
    lifecycle.act(session, Action.DONE, session.guide_version.total_steps, now)
    location = f"/console/sessions/{session.id}"
    page = client.get(location)
    assert 'id="revoke" disabled' in page.text
    answer = client.post(location + "/revoke", data={"csrf_token": csrf_from(page.text)})
    assert answer.status_code == 409
    assert "この案内はお客様が終えています。この操作はできません。" in answer.text
    db.session.refresh(session)
    assert session.status.value == "completed"


def test_before_the_link_the_operator_is_told_to_ask_for_speakerphone(client, operator, login):
    login(operator)
    page = client.get("/console/new/iphone").text
    assert 'id="before-link"' in page and "スピーカー" in page


def test_feature_phones_and_pcs_get_an_operator_only_script(client, operator, login):
    login(operator)
    finder = client.get("/console/").text
    assert 'href="/console/without-smartphone"' in finder
    page = client.get("/console/without-smartphone").text
    assert 'id="feature-phone"' in page and 'id="pc"' in page
    assert "らくらくスマートフォン」とは別" in page and "私にもおっしゃらないでください" in page


def test_sending_the_same_confirmation_twice_texts_one_link(client, operator, login):
    login(operator)
    page = client.get("/console/new/iphone")
    confirm = client.post(
        "/console/new/iphone",
        data={"guide": "sms-code", "phone": "09012345678", "csrf_token": csrf_from(page.text)},
    )
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', confirm.text))
    first = client.post("/console/sessions", data=form)
    again = client.post("/console/sessions", data=form)  # Back, then send once more
    send_texts()
    assert first.headers["Location"] == again.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(GuidanceSession)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
