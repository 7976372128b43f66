"""On the operator's 1280 x 720 screen the customer's step, its picture and the talk script
are all in view without scrolling."""

import pytest
from sqlalchemy import select

from service import catalog
from service.db import db
from service.models import User
from service.sessions.clients import describe
from service.sessions.events import Actor
from tests.browser import sign_in
from tests.helpers import RAKU_RAKU
from tests.helpers import open_session_on

pytestmark = pytest.mark.browser

# A browser of each family, so the panel shows the phone that matches the device chosen.
PHONES = {
    "iphone": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    ),
    "android": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36"
    ),
    "raku-raku": RAKU_RAKU,
    "basio": (
        "Mozilla/5.0 (Linux; Android 11; KYV47) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36"
    ),
}


def test_step_picture_and_talk_script_fit_a_desk_screen(browser, site):
    page = browser.new_context(viewport={"width": 1280, "height": 720}, locale="ja-JP").new_page()
    try:
        sign_in(page, site)
        misfits = []
        with site.app.app_context():
            # The signed-in operator's own sessions: only those open on their panel.
            by = Actor.operator(db.session.scalars(select(User)).one())
            targets = []
            for device in catalog.devices():
                guide = next(g for g in device.guides if g.slug == "sms-code")
                version = guide.current_version
                wordiest = max(version.steps, key=lambda s: len(s.operator_script))
                phone = describe(PHONES[device.family])
                session = open_session_on(version, wordiest.number, phone, by)
                targets.append((f"{device.slug}/{wordiest.key}", session.id))
        for where, session_id in targets:
            page.goto(f"{site.url}/console/sessions/{session_id}")
            shown = page.locator(".panel[data-key]:not([hidden])")
            for name in ("img", ".script"):
                box = shown.locator(name).first.bounding_box()
                end = box and round(box["y"] + box["height"])
                if end is None or end > 720:
                    misfits.append(f"{where}: {name} ends at {end}")
        assert misfits == []
    finally:
        page.context.close()
