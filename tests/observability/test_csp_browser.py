"""Chromium under the Content-Security-Policy: no page raises a violation, and each still works."""

import pytest

from tests.browser import admin_page
from tests.browser import move_customer
from tests.browser import send_link
from tests.browser import sign_in
from tests.browser import walk_to_the_end
from tests.conftest import IPHONE_SE

pytestmark = pytest.mark.browser

# Runs before any script of the page; Playwright's own scripts are not under the page's policy.
LISTEN = """document.addEventListener('securitypolicyviolation', (e) =>
  window.cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""


def watched(context, violations: list):
    """Report every CSP violation (the event, and Chromium's console words) into ``violations``."""
    context.expose_function("cspViolation", lambda text: violations.append(text))
    context.add_init_script(LISTEN)
    context.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return context.new_page()


def test_the_customer_and_the_live_panel_work_with_no_violation(browser, site):
    violations = []
    operator = watched(browser.new_context(locale="ja-JP"), violations)
    customer = watched(browser.new_context(**IPHONE_SE), violations)  # with JavaScript
    try:
        sign_in(operator, site)
        link = send_link(operator, "iphone-home-button")
        customer.goto(link)
        assert customer.inner_text(".counter").startswith("手順 1 /")
        # The page's style sheet applies: 22 px type on the customer's phone.
        assert customer.evaluate("getComputedStyle(document.documentElement).fontSize") == "22px"
        customer.click("text=次へ")
        operator.wait_for_function(
            "() => document.querySelector('.panel[data-key]:not([hidden]) .position')"
            ".textContent === '2'",
            timeout=5000,
        )
        # The operator moves the customer: the phone follows by its event stream (JavaScript).
        operator.reload()  # drawn before the link was opened: the move was not offered yet
        move_customer(operator, customer, 3, timeout=5000)
        walk_to_the_end(customer)
        customer.wait_for_selector("text=おつかれさまでした")
        operator.wait_for_function(
            "() => document.getElementById('status').textContent === '完了'", timeout=5000
        )
        for path in ("/console/history", "/console/outbox", "/console/"):
            operator.goto(site.url + path)
        customer.goto(f"{site.url}/c")
        customer.goto(f"{site.url}/g/no-such-link")
        assert "見つかりません" in customer.inner_text("main")
    finally:
        operator.context.close()
        customer.context.close()
    assert violations == []


def test_the_admin_pages_and_the_framed_preview_work_with_no_violation(browser, site):
    violations = []
    page = admin_page(browser, site)  # signed in on the guide list
    watched(page.context, violations)
    try:
        page.goto(f"{site.url}/admin/guides/raku-raku-smartphone/sms-code")
        frame = page.frame_locator("#preview-frame")
        assert frame.locator("#step-title").inner_text()
        frame.locator("form button.primary").first.click()
        frame.locator(".counter", has_text="手順 2 /").wait_for()
        assert page.locator("#preview-qr svg").count() == 1

        page.goto(f"{site.url}/admin/sms")
        page.fill("#body", "{shop}です。" + "ご案内" * 30 + "\n{link}")
        page.wait_for_function("() => document.getElementById('sms-parts').textContent !== '1'")
        for path in ("images", "analytics", "people", "keys", "issuers", "webhooks", "audit"):
            page.goto(f"{site.url}/admin/{path}")
            assert page.locator("main").count() == 1, path
    finally:
        page.context.close()
    assert violations == []


def test_the_help_pages_work_with_no_violation(browser, site):
    violations = []
    visitor = watched(browser.new_context(**IPHONE_SE), violations)
    try:
        visitor.goto(f"{site.url}/help")
        # help.css applies: its lists of links carry no bullets.
        assert (
            visitor.evaluate("getComputedStyle(document.querySelector('.links')).listStyleType")
            == "none"
        )
        visitor.goto(f"{site.url}/help/iphone-home-button/sms-code")
        assert "手順 1 /" in visitor.inner_text(".counter")
        visitor.goto(f"{site.url}/help/no-such-phone")
    finally:
        visitor.context.close()
    assert violations == []
