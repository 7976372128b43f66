"""The preview in Chromium: the admin sees the customer's screen in a 360 px phone frame, and
a phone opens the same preview from the link its QR code holds."""

import pytest

from tests.browser import admin_page
from tests.conftest import phone

pytestmark = pytest.mark.browser

SMALL_ANDROID = phone(
    "Mozilla/5.0 (Linux; Android 12; F-52B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/90.0.4430.91 Mobile Safari/537.36"
)


def test_admin_previews_a_guide_in_a_phone_frame_and_on_a_phone(browser, site):
    page = admin_page(browser, site)
    handset = browser.new_context(**SMALL_ANDROID)
    try:
        page.click('a[href="/admin/guides/raku-raku-smartphone/sms-code"]')
        frame = page.frame_locator("#preview-frame")
        title = frame.locator("#step-title").inner_text()
        box = page.locator("#preview-frame").bounding_box()
        assert round(box["width"]) == 360
        frame.locator("form button.primary").first.click()
        # The frame loads the next step (a plain GET form): wait for it.
        frame.locator(".counter", has_text="手順 2 /").wait_for()

        link = page.get_attribute("#preview-link", "href")
        on_phone = handset.new_page()
        on_phone.goto(site.url + link)
        assert on_phone.inner_text("#step-title") == title
        way_on = on_phone.locator("form button.primary").first.bounding_box()
        assert way_on["y"] + way_on["height"] <= 640
    finally:
        page.context.close()
        handset.close()
