"""A whole call in Chromium: identify the phone, send, steer live, short code, accessibility."""

from datetime import timedelta

import pytest

from service.db import db
from service.db import utcnow
from service.sessions import links
from service.sessions import queries
from service.sessions import shortcodes
from tests.browser import move_customer
from tests.browser import send_link
from tests.browser import sign_in
from tests.browser import walk_to_the_end
from tests.conftest import IPHONE_SE
from tests.conftest import phone
from tests.helpers import STAFF

pytestmark = pytest.mark.browser

RAKU_RAKU_PHONE = phone(
    "Mozilla/5.0 (Linux; Android 12; F-52B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/90.0.4430.91 Mobile Safari/537.36"
)


def visible_cards(operator):
    return operator.locator("#cards .device-card:visible").count()


def test_a_call_identify_send_open_switch_help_move_finish(browser, site):
    operator = browser.new_context(locale="ja-JP").new_page()
    customer = browser.new_context(**RAKU_RAKU_PHONE).new_page()
    try:
        sign_in(operator, site)
        # Identify the phone: the search narrows the cards as the operator types.
        everyone = visible_cards(operator)
        operator.fill("#q", "ラクラク")
        # The らくらく card, and the two that always stay: わからない and スマホではない.
        operator.wait_for_function(
            "() => document.querySelectorAll('#cards .device-card:not([hidden])').length === 3"
        )
        assert operator.locator('a[href="/console/new/raku-raku-smartphone"]').is_visible()
        operator.fill("#q", "")
        operator.check('input[name="apple"][value="yes"]')
        assert 1 < visible_cards(operator) < everyone
        # The operator picks an iPhone although the customer has a らくらくスマートフォン.
        link = send_link(operator, "iphone")
        passphrase = operator.inner_text(".passphrase")

        customer.goto(link)
        assert customer.inner_text(".passphrase") == passphrase
        before = customer.input_value('input[name="version"]')
        # The console notices the mismatch by itself and offers the right guide.
        operator.locator("#switch-suggested").wait_for(state="visible", timeout=5000)
        assert "F-52B" in operator.inner_text("#client")
        operator.click("#switch-suggested")
        operator.wait_for_selector("text=らくらくスマートフォン")
        assert not operator.locator("#switch-suggested").count()
        # The customer's open page follows the switch without a tap: now the other guide.
        customer.wait_for_function(
            "() => document.querySelector('input[name=version]') && "
            f"document.querySelector('input[name=version]').value !== {before!r}",
            timeout=5000,
        )
        raku_first = operator.locator(".panel[data-key]:not([hidden])")
        assert customer.inner_text("#step-title") == raku_first.get_attribute("data-title")

        customer.click("text=わからない")
        operator.locator("#alert").wait_for(state="visible", timeout=3000)
        assert "わからない" in operator.inner_text("#alert")

        # The operator moves the customer to 「手順 3」; the phone shows 手順 3 within a second.
        move_customer(operator, customer, 3, timeout=2000)
        assert customer.inner_text(".counter").startswith("手順 3 /")
        operator.wait_for_selector("#path li.current")
        assert "（移動）" in operator.inner_text("#path")
        assert operator.inner_text(".panel[data-key]:not([hidden]) .position") == "3"

        walk_to_the_end(customer)
        customer.wait_for_selector("text=おつかれさまでした")
        operator.wait_for_function(
            "() => document.getElementById('status').textContent === '完了'", timeout=3000
        )
    finally:
        operator.context.close()
        customer.context.close()


def test_short_code_wrong_reused_expired_and_too_many(browser, site, app_factory):
    operator = browser.new_context().new_page()
    customer = browser.new_context(**IPHONE_SE).new_page()
    try:
        sign_in(operator, site)
        send_link(operator, "iphone")
        operator.click("#make-short-code")
        code = operator.inner_text("#short-code").replace(" ", "")
        assert len(code) == 6 and code.isdigit()

        customer.goto(f"{site.url}/c")
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        customer.fill("#code", wrong)
        customer.click("text=ご案内を開く")
        assert customer.is_visible("text=番号が違うようです")

        customer.fill("#code", code)
        customer.click("text=ご案内を開く")
        customer.wait_for_selector(".counter")
        assert customer.inner_text(".counter").startswith("手順 1")

        customer.goto(f"{site.url}/c")
        customer.fill("#code", code)
        customer.click("text=ご案内を開く")
        assert customer.is_visible("text=もう使われています")

        # A code issued more than ten minutes ago no longer works.
        app = site.app
        with app.app_context():
            session = queries.get(operator.url.rsplit("/", 1)[1])
            old = shortcodes.issue(
                session,
                links.settings(),
                utcnow().replace(microsecond=0) - timedelta(minutes=11),
                by=STAFF,
            ).code
        customer.fill("#code", old)
        customer.click("text=ご案内を開く")
        assert customer.is_visible("text=時間が過ぎて")

        for _ in range(shortcodes.MAX_WRONG_ATTEMPTS):
            customer.fill("#code", "000000" if code != "000000" else "111111")
            answer = customer.expect_response(lambda r: r.url.endswith("/c"))
            with answer as info:
                customer.click("text=ご案内を開く")
        assert info.value.status == 429
        assert customer.is_visible("text=10分ほど待って")
    finally:
        operator.context.close()
        customer.context.close()


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error

    options = {
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag2aaa"]},
        "resultTypes": ["violations"],
    }
    page.wait_for_load_state("load")
    try:
        results = Axe().run(page, options=options)
    except Error:
        # The page was still finishing a redirect (POST, then 303): check the page it became.
        page.wait_for_load_state("load")
        results = Axe().run(page, options=options)
    return [
        (v["id"], [node["target"] for node in v["nodes"]]) for v in results.response["violations"]
    ]


def test_axe_finds_nothing_on_any_customer_page(browser, site):
    """AAA contrast included: text must reach 7:1 for our elderly customers."""
    operator = browser.new_context().new_page()
    customer = browser.new_context(**IPHONE_SE).new_page()
    try:
        sign_in(operator, site)
        link = send_link(operator, "iphone-home-button")
        checked = {}
        customer.goto(link)
        checked["step"] = axe_violations(customer)
        while not customer.locator('button[value^="choose:"]').count():
            customer.click("text=次へ")
        checked["choice"] = axe_violations(customer)
        customer.click("text=わからない")
        checked["help notice"] = axe_violations(customer)
        walk_to_the_end(customer)
        checked["finished"] = axe_violations(customer)

        operator.goto(f"{site.url}/console/")
        expired = send_link(operator, "iphone")
        with site.app.app_context():
            session = queries.get(operator.url.rsplit("/", 1)[1])
            session.expires_at = utcnow() - timedelta(minutes=1)
            db.session.commit()
        customer.goto(expired)
        checked["expired"] = axe_violations(customer)
        customer.goto(f"{site.url}/g/no-such-link-at-all-0000")
        checked["unknown"] = axe_violations(customer)
        customer.goto(f"{site.url}/c")
        checked["short code"] = axe_violations(customer)
        customer.fill("#code", "12")
        customer.click("text=ご案内を開く")
        checked["short code error"] = axe_violations(customer)
        assert checked == {name: [] for name in checked}
    finally:
        operator.context.close()
        customer.context.close()
