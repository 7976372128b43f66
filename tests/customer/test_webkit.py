"""The customer's page in WebKit, the engine of every iPhone browser: a whole guide walked
with the buttons, and the first screen showing what to do on a small phone."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from service import catalog
from service.db import utcnow
from service.sessions import links
from service.sessions.events import AUTOMATIC

pytestmark = pytest.mark.browser


def new_link(app, device="iphone", guide="sms-code") -> str:
    with app.app_context():
        session = links.start(
            guide_version=catalog.guide(device, guide).current_version,
            phone="090-1234-5678",
            settings=links.settings(),
            now=utcnow(),
            by=AUTOMATIC,
        )
        return links.settings().url(session)


def viewport(driver, width: int, height: int) -> None:
    """Size the window so the page itself is ``width`` x ``height`` CSS pixels."""
    driver.set_window_size(width, height)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])


def press(driver, selector: str) -> None:
    """Press a button and wait for the page it leads to."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(driver, 10).until(expected_conditions.staleness_of(page))
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def test_a_guide_walked_to_its_end_in_webkit(webkit, site):
    webkit.get(new_link(site.app))
    assert webkit.find_element(By.CSS_SELECTOR, ".counter").text.startswith("手順 1 /")
    for _ in range(40):
        if webkit.find_elements(By.CSS_SELECTOR, 'button[value="done"]'):
            break
        if webkit.find_elements(By.CSS_SELECTOR, 'button[value="choose:0"]'):
            press(webkit, 'button[value="choose:0"]')
        else:
            press(webkit, 'button[value="next"]')
    press(webkit, 'button[value="done"]')
    heading = webkit.find_element(By.TAG_NAME, "h1").text
    assert heading in ("おつかれさまでした", "オペレーターがご案内します")


@pytest.mark.parametrize("width, height", [(360, 640), (320, 568)])
def test_the_first_screen_shows_what_to_do_in_webkit(webkit, site, width, height):
    viewport(webkit, width, height)
    for device in ("iphone", "iphone-home-button", "android-plus-message"):
        webkit.get(new_link(site.app, device))
        inner = webkit.execute_script("return window.innerHeight")
        for selector in ("#step-title", "#step-text", "form button.primary"):
            bottom = webkit.execute_script(
                "return document.querySelector(arguments[0]).getBoundingClientRect().bottom",
                selector,
            )
            assert bottom <= inner, f"{device}: {selector} ends at {bottom} of {inner}"
