"""The help pages in Chromium on a small phone: found by the finder's questions with and without
JavaScript, walked step by step, and clean under axe-core's AAA rules like the customer page."""

import pytest

from service import catalog
from service.help import finder
from service.help import usage
from tests.conftest import IPHONE_SE
from tests.conftest import phone
from tests.console.test_browser_call import axe_violations

pytestmark = pytest.mark.browser

SMALL_ANDROID = phone(
    "Mozilla/5.0 (Linux; Android 12; F-52B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/90.0.4430.91 Mobile Safari/537.36",
    320,
    568,
)


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_a_customer_finds_their_guide_by_the_questions_and_walks_it(browser, site, javascript):
    context = browser.new_context(**SMALL_ANDROID, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(f"{site.url}/help")
        assert page.inner_text("#question") == finder.SMS_QUESTION
        page.click("#answers >> text=青い吹き出しの「メッセージ」")
        page.click("#answers >> text=いいえ")  # no big 電話・メール buttons: not a らくらく
        assert page.inner_text("#phones-heading") == "あなたのスマホは、これです"
        page.click("#phones >> text=Android（Google メッセージ")
        page.click("#troubles >> text=コードが届かない")

        with site.app.app_context():
            version = catalog.guide("android-google-messages", "no-code").current_version
            first = version.step(1)
            answer = first.choices[0]
            then = version.step(answer.next_step)
        assert page.inner_text("#step-title") == first.title
        way_on = page.locator(f"nav >> text={answer.label}").bounding_box()
        assert way_on["y"] + way_on["height"] <= 568  # the way on shows without scrolling
        page.click(f"nav >> text={answer.label}")
        assert page.inner_text("#step-title") == then.title
        assert page.is_visible("text=手順 2 /")
        page.click("text=前の手順に戻る")
        assert page.inner_text("#step-title") == first.title
    finally:
        context.close()
    with site.app.app_context():
        viewed = {(c.guide_slug, c.step_key): c.count for c in usage.counts()}
    assert viewed == {("no-code", first.key): 2, ("no-code", then.key): 1}


def test_axe_finds_nothing_on_any_help_page(browser, site):
    """The same AAA bar as the customer's page: 7:1 contrast for elderly readers."""
    context = browser.new_context(**IPHONE_SE)
    try:
        page = context.new_page()
        checked = {}
        page.goto(f"{site.url}/help")
        checked["index"] = axe_violations(page)
        page.click("#answers >> text=わからない")
        checked["a question"] = axe_violations(page)
        page.goto(f"{site.url}/help?apple=yes&big_buttons=yes")
        checked["no phone fits"] = axe_violations(page)
        page.goto(f"{site.url}/help/iphone")
        checked["troubles"] = axe_violations(page)
        page.click("#troubles >> text=コードがどこにあるかわからない")
        checked["which guide"] = axe_violations(page)
        page.click("#guides >> text=SMSで届いた認証コードを見つけて入力する")
        checked["step"] = axe_violations(page)
        while not page.locator("#end").count():
            page.locator("nav a.primary").first.click()
            if page.locator(".warning").count():
                checked["step with a warning"] = axe_violations(page)
        checked["the end"] = axe_violations(page)
        page.goto(f"{site.url}/help/iphone/no-code?step=1")
        checked["answers"] = axe_violations(page)
        page.goto(f"{site.url}/help/iphone/no-such-guide")
        checked["not found"] = axe_violations(page)
        assert checked == {name: [] for name in checked}
    finally:
        context.close()
