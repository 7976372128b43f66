"""Chromium through Playwright: a customer walks a guide on a phone while the operator watches."""

import os
from pathlib import Path

import pytest

from service.models import Role
from tests.conftest import PASSWORD
from tests.conftest import missing
from tests.live_server import LiveServer

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
IPHONE_SE = {
    "viewport": {"width": 375, "height": 667},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1"
    ),
    "locale": "ja-JP",
}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        missing(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def site(app_factory):
    app = app_factory(PUBLIC_URL="http://placeholder")
    with LiveServer(app) as live:
        app.config["PUBLIC_URL"] = live.url
        with app.app_context():
            from service import auth

            auth.create_user("op@example.com", PASSWORD, Role.OPERATOR, "オペレーター 田中")
        yield live


def sign_in(page, site):
    page.goto(f"{site.url}/login")
    page.fill("#email", "op@example.com")
    page.fill("#password", PASSWORD)
    page.click("button.primary")


def test_customer_walks_the_guide_while_the_operator_page_follows(browser, site):
    operator = browser.new_context(locale="ja-JP").new_page()
    # The customer's phone runs without JavaScript: everything must work with plain forms.
    customer = browser.new_context(**IPHONE_SE, java_script_enabled=False).new_page()
    try:
        sign_in(operator, site)
        operator.select_option("#guide", label="SMSで届いた認証コードを見つけて入力する")
        operator.fill("#phone", "090-1234-5678")
        operator.click("text=SMSでリンクを送る")
        operator.wait_for_selector("#status")
        link = operator.inner_text("#link")
        assert operator.is_visible("text=まだリンクを開いていません")

        # The console outbox shows the same link, clickable.
        outbox = operator.context.new_page()
        outbox.goto(f"{site.url}/console/outbox")
        assert outbox.locator(f'a[href="{link}"]').count() == 1
        outbox.close()

        customer.goto(link)
        assert customer.inner_text(".counter").startswith("手順 1 /")
        # No reload on the operator side: the page follows through its event stream.
        visible = operator.locator('.panel[data-step="1"]')
        visible.wait_for(state="visible", timeout=3000)
        assert operator.inner_text("#status") == "案内中"

        customer.click("text=次へ")
        assert customer.inner_text(".counter").startswith("手順 2 /")
        operator.locator('.panel[data-step="2"]').wait_for(state="visible", timeout=3000)
        assert operator.locator('.panel[data-step="1"]').is_hidden()

        customer.click("text=わからない")
        assert customer.is_visible("text=オペレーターに知らせました")
        alert = operator.locator("#alert")
        alert.wait_for(state="visible", timeout=3000)
        assert "わからない" in alert.inner_text() and "2" in alert.inner_text()

        customer.click("text=戻る")
        assert customer.inner_text(".counter").startswith("手順 1 /")
        operator.locator('.panel[data-step="1"]').wait_for(state="visible", timeout=3000)

        while not customer.is_visible("text=できました"):
            answers = customer.locator('button[value^="choose:"]')
            if answers.count():
                answers.first.click()
            else:
                customer.click("text=次へ")
        customer.click("text=できました")
        assert customer.is_visible("text=おつかれさまでした")
        operator.wait_for_function(
            "document.getElementById('status').textContent === '完了'", timeout=3000
        )
        assert operator.locator("#timeline li").count() >= 8
    finally:
        operator.context.close()
        customer.context.close()


def test_customer_step_page_is_large_and_fits_an_old_phone(browser, site, app_factory):
    customer = browser.new_context(**IPHONE_SE).new_page()
    operator = browser.new_context().new_page()
    try:
        sign_in(operator, site)
        operator.fill("#phone", "08011112222")
        operator.click("text=SMSでリンクを送る")
        link = operator.inner_text("#link")

        customer.goto(link)
        body_size = customer.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert body_size >= 20
        for button in customer.locator("button").all():
            box = button.bounding_box()
            assert box["height"] >= 48
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        scroll_width = customer.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 375  # nothing sideways to scroll
        image = customer.locator("figure img")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    finally:
        customer.context.close()
        operator.context.close()


def test_expired_and_unknown_links_read_kindly_in_the_browser(browser, site):
    customer = browser.new_context(**IPHONE_SE).new_page()
    try:
        answer = customer.goto(f"{site.url}/g/unknown-token-000000000")
        assert answer.status == 404
        assert customer.inner_text("h1") == "ご案内が見つかりません"
    finally:
        customer.context.close()
