"""Signing out, and an admin's disable, end the login server-side: a copy of the cookie taken
before signs nobody in after (real HTTP against a live server)."""

import requests

from service.auth import accounts
from service.db import utcnow
from service.models import Role
from tests.conftest import PASSWORD
from tests.conftest import csrf_from


def signed_in(url: str, email: str = "op@example.com") -> requests.Session:
    browser = requests.Session()
    token = csrf_from(browser.get(url + "/login").text)
    answer = browser.post(
        url + "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert answer.url.endswith("/console/"), answer.text
    return browser


def console(url: str, cookies) -> requests.Response:
    """Open the console with exactly these cookies (a copy replayed by someone else)."""
    return requests.get(url + "/console/", cookies=cookies, allow_redirects=True)


def on_sign_in_page(page: requests.Response) -> bool:
    return "/login" in page.url and "<h1>サインイン</h1>" in page.text


def sign_out(url: str, browser: requests.Session) -> None:
    page = browser.get(url + "/console/")
    answer = browser.post(url + "/logout", data={"csrf_token": csrf_from(page.text)})
    assert on_sign_in_page(answer) and "サインアウトしました" in answer.text


def test_a_cookie_copied_before_signing_out_no_longer_works_after(site):
    browser = signed_in(site.url)
    copied = browser.cookies.get_dict()
    assert not on_sign_in_page(console(site.url, copied))

    sign_out(site.url, browser)

    assert on_sign_in_page(console(site.url, copied))
    assert on_sign_in_page(browser.get(site.url + "/console/"))


def test_signing_out_on_one_browser_leaves_the_others_signed_in(site):
    office, home = signed_in(site.url), signed_in(site.url)

    sign_out(site.url, office)

    assert not on_sign_in_page(home.get(site.url + "/console/"))
    assert on_sign_in_page(office.get(site.url + "/console/"))


def test_a_disabled_account_stays_signed_out_when_enabled_again(site):
    with site.app.app_context():
        operator = accounts.by_email("op@example.com").id
        accounts.create_user("admin@example.com", PASSWORD, Role.ADMIN, "管理者")
    browser = signed_in(site.url)
    copied = browser.cookies.get_dict()
    office = signed_in(site.url, "admin@example.com")
    people = office.get(site.url + "/admin/people")

    disable = f"{site.url}/admin/people/{operator}/disable"
    office.post(disable, data={"csrf_token": csrf_from(people.text)})
    assert on_sign_in_page(console(site.url, copied))
    with site.app.app_context():
        accounts.set_disabled(accounts.by_email("op@example.com"), False, utcnow())

    assert on_sign_in_page(console(site.url, copied))  # enabling lets them sign in afresh
    assert not on_sign_in_page(console(site.url, signed_in(site.url).cookies.get_dict()))


def test_a_password_reset_signs_the_account_out_everywhere(site):
    browser = signed_in(site.url)
    with site.app.app_context():
        accounts.reset_password(accounts.by_email("op@example.com"), "a brand new password")

    assert on_sign_in_page(browser.get(site.url + "/console/"))
