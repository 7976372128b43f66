"""The first screen shows what to do: on a small old phone the step's title, its instruction
and the button to go on are all visible without scrolling, and わからない is right there: on
the screen or a touch below it at 360 x 640 (after three or four answers), at most a short
scroll away at 320 x 568."""

import pytest

from service import catalog
from service.sessions import links
from tests.helpers import open_session_on

pytestmark = pytest.mark.browser

SMALL_PHONES = {
    "360x640": {"width": 360, "height": 640},
    "320x568": {"width": 320, "height": 568},
}
# How far below the first screen わからない may end, as a share of the screen's height.
HELP_SLACK = {"360x640": 0.1, "320x568": 0.2}


def links_to_every_first_and_wordiest_step(app) -> list[tuple[str, str]]:
    """Open a session on each guide's first step and on its step with the most text."""
    found = []
    with app.app_context():
        for device in catalog.devices():
            for guide in device.guides:
                version = guide.current_version
                wordiest = max(version.steps, key=lambda s: len(s.text) + len(s.title))
                for step in {version.steps[0].number, wordiest.number}:
                    session = open_session_on(version, step)
                    where = f"{device.slug}/{guide.slug}/{step}"
                    found.append((where, links.settings().url(session)))
    return found


@pytest.mark.parametrize("size", sorted(SMALL_PHONES))
def test_title_text_and_the_way_on_fit_the_first_screen(browser, site, size):
    context = browser.new_context(
        viewport=SMALL_PHONES[size],
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="ja-JP",
        java_script_enabled=False,
    )
    page = context.new_page()
    misfits = []
    try:
        for where, url in links_to_every_first_and_wordiest_step(site.app):
            page.goto(url)
            height = SMALL_PHONES[size]["height"]
            way_on = page.locator("form button.primary").first
            help_button = page.locator("button.help")
            for name, element in (
                ("title", page.locator("#step-title")),
                ("text", page.locator("#step-text")),
                ("button", way_on),
                ("わからない", help_button),
            ):
                box = element.bounding_box()
                end = box and round(box["y"] + box["height"])
                slack = HELP_SLACK[size] if name == "わからない" else 0
                if end is None or end > height * (1 + slack):
                    misfits.append(f"{where}: {name} ends at {end}")
            passphrase = page.locator(".passphrase").bounding_box()
            if passphrase["height"] > 40:  # on two lines: broken mid-word
                misfits.append(f"{where}: 合言葉 wraps")
    finally:
        context.close()
    assert misfits == []
