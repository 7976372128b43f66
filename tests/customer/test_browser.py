"""Chromium through Playwright: a customer walks a guide on a phone while the operator watches."""

import pytest

from tests.browser import send_link
from tests.browser import sign_in
from tests.browser import walk_to_the_end
from tests.conftest import IPHONE_SE

pytestmark = pytest.mark.browser


def test_customer_walks_the_guide_while_the_operator_page_follows(browser, site):
    operator = browser.new_context(locale="ja-JP").new_page()
    # The customer's phone runs without JavaScript: everything must work with plain forms.
    customer = browser.new_context(**IPHONE_SE, java_script_enabled=False).new_page()
    try:
        sign_in(operator, site)
        link = send_link(operator, "iphone-home-button")
        assert operator.is_visible("text=まだリンクを開いていません")

        # The console outbox shows the same link, clickable.
        outbox = operator.context.new_page()
        outbox.goto(f"{site.url}/console/outbox")
        assert outbox.locator(f'a[href="{link}"]').count() == 1
        outbox.close()

        customer.goto(link)
        assert customer.inner_text(".counter").startswith("手順 1 /")
        # No reload on the operator side: the page follows through its event stream.
        shown = operator.locator(".panel[data-key]:not([hidden]) .position")
        shown.wait_for(state="visible", timeout=3000)
        assert shown.inner_text() == "1"  # the number the customer's counter shows
        assert operator.inner_text("#status") == "案内中"

        customer.click("text=次へ")
        assert customer.inner_text(".counter").startswith("手順 2 /")
        operator.wait_for_function(
            "() => document.querySelector('.panel[data-key]:not([hidden]) .position')"
            ".textContent === '2'",
            timeout=3000,
        )
        assert operator.locator(".panel[data-key]:not([hidden])").count() == 1

        customer.click("text=わからない")
        # The press is a form post and a redirect: wait for the page it lands on.
        customer.wait_for_load_state("load")
        assert customer.locator("text=オペレーターに知らせました").is_visible()
        alert = operator.locator("#alert")
        alert.wait_for(state="visible", timeout=3000)
        assert "わからない" in alert.inner_text() and "2" in alert.inner_text()

        customer.click("text=戻る")
        assert customer.inner_text(".counter").startswith("手順 1 /")
        operator.wait_for_function(
            "() => document.querySelector('.panel[data-key]:not([hidden]) .position')"
            ".textContent === '1'",
            timeout=3000,
        )

        walk_to_the_end(customer)
        customer.wait_for_selector("text=おつかれさまでした")
        operator.wait_for_function(
            "() => document.getElementById('status').textContent === '完了'", timeout=3000
        )
        assert operator.locator("#timeline li").count() >= 8
        assert operator.locator("#path li").count() >= 4
    finally:
        operator.context.close()
        customer.context.close()


def test_customer_step_page_is_large_and_fits_an_old_phone(browser, site):
    customer = browser.new_context(**IPHONE_SE).new_page()
    operator = browser.new_context().new_page()
    try:
        sign_in(operator, site)
        link = send_link(operator, "iphone", phone="08011112222")

        customer.goto(link)
        body_size = customer.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert body_size >= 20
        for button in customer.locator("button:visible").all():
            box = button.bounding_box()
            assert box["height"] >= 48
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        scroll_width = customer.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 375  # nothing sideways to scroll
        image = customer.locator("figure img")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        # It loaded the WebP rendition sized for this phone, not the PNG fallback.
        assert customer.evaluate("document.querySelector('figure img').currentSrc").startswith(
            f"{site.url}/media/"
        )
        viewport = customer.locator('meta[name="viewport"]').get_attribute("content")
        assert "user-scalable" not in viewport and "maximum-scale" not in viewport
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
