"""The hints in Chromium: the operator picks the issuer and types the domain; the customer's
small phone shows the domain large, in the app that receives it, with the way on in view."""

import pytest

from tests.browser import sign_in
from tests.conftest import phone

pytestmark = pytest.mark.browser

PIXEL = phone(
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)


def test_issuer_and_mail_domain_from_the_console_to_the_customers_phone(browser, site):
    operator = browser.new_context(locale="ja-JP").new_page()
    handset = browser.new_context(**PIXEL)
    customer = handset.new_page()
    try:
        sign_in(operator, site)
        operator.click('a[href="/console/new/android-google-messages"]')
        # The page's script listens for the pick: it must have run first.
        operator.wait_for_load_state()
        # 三井住友カード emails its code: picking it chooses the email guide.
        operator.select_option("#issuer", "smbc")
        operator.wait_for_selector('input[name="guide"][value="email-code"]:checked')
        operator.fill("#mail_domain", "docomo.ne.jp")
        operator.fill("#phone", "090-1234-5678")
        operator.click("text=確認する")
        operator.wait_for_selector("#hints")
        assert "ドコモメール" in operator.inner_text("#hints")
        assert not operator.is_visible("#better-guide")
        operator.click("text=SMSでリンクを送る")
        operator.wait_for_selector("#status")

        customer.goto(operator.inner_text("#link"))
        customer.click("text=次へ進む")
        customer.wait_for_selector("#mail-domain")
        assert customer.inner_text("#step-title") == "「ドコモメール」を開く"
        domain = customer.locator("#mail-domain strong")
        assert domain.inner_text() == "＠docomo.ne.jp"
        size = domain.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 1.4 * 16  # larger than the step's own text
        for element in ("#step-title", "#mail-domain", "form button.primary"):
            box = customer.locator(element).first.bounding_box()
            assert box["y"] + box["height"] <= 640, element
        # The operator's panel follows, with the same number.
        operator.wait_for_function(
            "() => document.getElementById('progress').textContent.trim().startsWith('2 /')"
        )
        assert customer.inner_text(".counter").startswith("手順 2 /")
    finally:
        operator.context.close()
        handset.close()
