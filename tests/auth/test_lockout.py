"""The sign-in lockout over real HTTP: exactly five tries checked however many arrive at once,
on one server or two processes sharing the database, and an unknown address answered alike."""

import re
from collections import Counter

import pytest
import requests

from service.auth import accounts
from service.auth import lockout
from service.models import Role
from tests.auth.servers import AppProcess
from tests.auth.servers import sign_in_form
from tests.auth.servers import tries_at_once
from tests.conftest import PASSWORD
from tests.live_server import LiveServer

AT_ONCE = 200
CHECKED = {401: lockout.MAX_TRIES, 429: AT_ONCE - lockout.MAX_TRIES}
# 200 requests at once share a pool of 15 connections on a busy 2-core machine: let them
# wait their turn (the pool's own timeout is tested in tests/faults).
PATIENT = {"LIMIT_SIGN_INS_PER_CLIENT": 1000, "DATABASE_POOL_TIMEOUT_SECONDS": 120}


@pytest.fixture
def site(app_factory):
    """A live Tebiki with one operator account (op@example.com)."""
    with LiveServer() as live:
        app = live.serve(app_factory(PUBLIC_URL=live.url, **PATIENT))
        with app.app_context():
            accounts.create_user("op@example.com", PASSWORD, Role.OPERATOR, "オペレーター")
        yield live


def sign_in(url: str, email: str, password: str) -> requests.Response:
    cookies, token = sign_in_form(url)
    data = {"email": email, "password": password, "csrf_token": token}
    return requests.post(url + "/login", data=data, cookies=cookies, allow_redirects=False)


def flashed(page: requests.Response) -> list[str]:
    return re.findall(r'class="flash[^"]*"[^>]*>([^<]+)<', page.text)


def test_two_hundred_wrong_passwords_at_once_get_exactly_five_checks(site):
    statuses = tries_at_once([site.url], "op@example.com", "wrong password", AT_ONCE)

    assert Counter(statuses) == CHECKED
    locked = sign_in(site.url, "op@example.com", PASSWORD)  # the right one waits too
    assert locked.status_code == 429 and "しばらくサインインできません" in locked.text
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60


def test_an_unknown_address_is_answered_exactly_like_a_known_one(site):
    wrong = sign_in(site.url, "op@example.com", "wrong password")
    unknown = sign_in(site.url, "nobody@example.com", "wrong password")
    assert (wrong.status_code, flashed(wrong)) == (unknown.status_code, flashed(unknown))
    assert flashed(unknown) == ["メールアドレスかパスワードが違います。"]

    # Both lock after as many tries (one each is counted above), with the same words.
    statuses = tries_at_once([site.url], "nobody@example.com", "wrong password", AT_ONCE)
    assert Counter(statuses) == {401: lockout.MAX_TRIES - 1, 429: AT_ONCE - lockout.MAX_TRIES + 1}
    for _ in range(lockout.MAX_TRIES - 1):
        assert sign_in(site.url, "op@example.com", "wrong password").status_code == 401
    known = sign_in(site.url, "op@example.com", "wrong password")
    unknown = sign_in(site.url, "nobody@example.com", "wrong password")
    assert known.status_code == unknown.status_code == 429
    assert flashed(known) == flashed(unknown)


def test_two_server_processes_sharing_the_database_count_as_one(app, site, tmp_path):
    with (
        AppProcess(app, tmp_path / "a", **PATIENT) as first,
        AppProcess(app, tmp_path / "b", **PATIENT) as second,
    ):
        urls = [first.url, second.url]
        statuses = tries_at_once(urls, "op@example.com", "wrong password", AT_ONCE)
        assert Counter(statuses) == CHECKED
        for url in urls:
            assert sign_in(url, "op@example.com", PASSWORD).status_code == 429


def test_a_right_password_starts_the_count_again(site):
    for _ in range(lockout.MAX_TRIES - 1):
        assert sign_in(site.url, "op@example.com", "wrong password").status_code == 401
    assert sign_in(site.url, "op@example.com", PASSWORD).status_code == 302
    for _ in range(lockout.MAX_TRIES):
        assert sign_in(site.url, "op@example.com", "wrong password").status_code == 401
    assert sign_in(site.url, "op@example.com", PASSWORD).status_code == 429
