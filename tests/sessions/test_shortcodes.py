"""The short code the operator reads aloud, typed by the customer on /c."""

from datetime import timedelta

import pytest

from service.db import db
from service.sessions import links
from service.sessions import shortcodes
from service.sessions import steering
from tests.conftest import csrf_from
from tests.helpers import STAFF


@pytest.fixture
def issue(app, now):
    settings = links.settings()

    def give(session, at=None):
        return shortcodes.issue(session, settings, at or now, by=STAFF).code

    return give


def enter(client, code, remote="203.0.113.7"):
    page = client.get("/c", environ_base={"REMOTE_ADDR": remote})
    return client.post(
        "/c",
        data={"code": code, "csrf_token": csrf_from(page.text)},
        environ_base={"REMOTE_ADDR": remote},
    )


def test_the_right_code_opens_the_guide(client, make_session, issue):
    session, path = make_session()
    answer = enter(client, issue(session))
    assert answer.status_code == 303 and answer.headers["Location"] == path
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("typed", ["{0} {1}", "{0}-{1}", "{fw}"])
def test_spaces_dashes_and_full_width_digits_are_fine(client, make_session, issue, typed):
    session, path = make_session()
    code = issue(session)
    wide = code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    answer = enter(client, typed.format(code[:3], code[3:], fw=wide))
    assert answer.headers["Location"] == path


def test_a_wrong_code_says_so_in_plain_japanese(client, make_session, issue):
    session, _ = make_session()
    code = issue(session)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    answer = enter(client, wrong)
    assert answer.status_code == 422
    assert "番号が違うようです" in answer.text


def test_a_code_works_once(client, make_session, issue):
    session, _ = make_session()
    code = issue(session)
    enter(client, code)
    again = enter(client, code)
    assert again.status_code == 422 and "もう使われています" in again.text


def test_an_expired_code_says_so(client, make_session, issue, now):
    session, _ = make_session()
    code = issue(session, at=now - timedelta(minutes=11))
    answer = enter(client, code)
    assert answer.status_code == 422 and "時間が過ぎて" in answer.text


def test_a_new_code_replaces_the_old_one(client, make_session, issue):
    session, path = make_session()
    old = issue(session)
    new = issue(session)
    assert enter(client, old).status_code == 422
    assert enter(client, new).headers["Location"] == path


def test_too_many_wrong_tries_are_refused_even_with_the_right_code(client, make_session, issue):
    session, _ = make_session()
    code = issue(session)
    for _ in range(shortcodes.MAX_WRONG_ATTEMPTS):
        assert enter(client, "000000" if code != "000000" else "111111").status_code == 422
    blocked = enter(client, code)
    assert blocked.status_code == 429
    assert "10分ほど待って" in blocked.text
    # Another client is not blocked by this one's guesses.
    assert enter(client, code, remote="198.51.100.9").status_code == 303


def test_the_code_is_never_stored_or_logged_in_clear(client, make_session, issue):
    session, _ = make_session()
    code = issue(session)
    from service.models import ShortCode

    stored = db.session.query(ShortCode).one()
    assert code not in stored.code_hash
    assert all(code not in str(event.data) for event in session.events)


def test_short_code_page_is_private_and_has_no_trace_on_bad_input(client):
    page = client.get("/c")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    answer = client.post("/c", data={"code": "", "csrf_token": csrf_from(page.text)})
    assert answer.status_code == 422 and "Traceback" not in answer.text


def test_customer_header_shows_shop_operator_and_passphrase(client, make_session, operator):
    session, path = make_session(operator=operator)
    page = client.get(path).text
    assert "テスト通販からのご案内" in page
    assert f"担当 {operator.display_name}" in page
    assert f'<strong class="passphrase">{session.passphrase}</strong>' in page


def test_an_operator_move_reaches_the_customers_open_page(client, make_session, now):
    session, path = make_session()
    page = client.get(path).text
    events_url = page.split('data-events="')[1].split('"')[0].replace("&amp;", "&")
    steering.move_to(session, 3, now, by=STAFF)
    answer = client.get(events_url)
    chunks = iter(answer.response)
    body = ""
    while '"type": "moved"' not in body:
        body += next(chunks).decode()
    answer.close()
    assert '"step": 3' in body
    assert "passphrase" not in body and "client" not in body  # nothing else leaks
    assert '"type": "opened"' not in body  # only what the page must follow


def test_a_finished_session_gets_no_code(make_session, now):
    from service.errors import Conflict

    session, _ = make_session()
    steering.revoke(session, now, by=STAFF)
    with pytest.raises(Conflict):
        shortcodes.issue(session, links.settings(), now, by=STAFF)
