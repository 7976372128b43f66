"""In Chromium, as a new admin would: fix a wrong step, preview it on a phone, publish it, and
a customer's new link shows the fix while a link sent before keeps the old words."""

import pytest

from tests.browser import admin_page
from tests.browser import send_link
from tests.browser import sign_in
from tests.conftest import IPHONE_SE

pytestmark = pytest.mark.browser

FIXED = "メッセージのアプリを開きます。"
SOURCE = "https://support.apple.com/ja-jp/guide/iphone/iph5d7a4c1b/ios"


def test_an_admin_fixes_a_step_previews_it_on_a_phone_and_publishes_it(browser, site):
    page = admin_page(browser, site)
    operator = browser.new_context(locale="ja-JP").new_page()
    handset = browser.new_context(**IPHONE_SE, java_script_enabled=False)
    try:
        sign_in(operator, site)
        before = send_link(operator, "iphone")
        operator.goto(f"{site.url}/console/")

        page.click('a[href="/admin/guides/iphone/sms-code"]')
        page.click("#start-draft")
        page.locator(".step-row").first.locator("text=直す").click()
        old = page.input_value("#text")
        page.fill("#text", FIXED)
        page.fill("#sources", SOURCE)
        page.click("text=下書きに保存する")

        # The draft's preview, 360 px wide, and on a phone from its link.
        frame = page.frame_locator("#preview-frame")
        assert frame.locator("#step-text").inner_text() == FIXED
        assert round(page.locator("#preview-frame").bounding_box()["width"]) == 360
        on_phone = handset.new_page()
        on_phone.goto(site.url + page.get_attribute("#preview-link", "href"))
        assert on_phone.inner_text("#step-text") == FIXED

        page.click("#publish")
        assert page.locator("#version").inner_text() == "2"
        assert page.is_visible("text=版 2 を公開しました")

        # A link sent now shows the fix; the one sent before keeps its version's words.
        after = send_link(operator, "iphone")
        customer = handset.new_page()
        customer.goto(after)
        assert customer.inner_text("#step-text") == FIXED
        customer.goto(before)
        assert customer.inner_text("#step-text") == old
    finally:
        page.context.close()
        operator.context.close()
        handset.close()
