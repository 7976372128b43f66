"""The panel's わからない alert: the page drawn by the server and the live script agree.

Both take "what clears the alert" from service.sessions.events; before they did not, and a
reloaded panel kept an alert for a session that had expired while the live one cleared it.
"""

import json
import re
from datetime import timedelta

from service.db import db
from service.db import utcnow
from service.sessions import expiry
from service.sessions import lifecycle
from service.sessions.events import ALARMS
from service.sessions.events import ARRIVALS
from service.sessions.events import CLEARS_HELP
from service.sessions.events import REDRAWS_PANEL
from service.sessions.events import SMS_OUTCOMES
from service.sessions.events import TERMINAL
from service.sessions.lifecycle import Action
from tests.browser import send_link
from tests.browser import sign_in
from tests.conftest import IPHONE_SE
from tests.helpers import panel


def alert_shown(html: str) -> bool:
    tag = re.search(r'<p id="alert"[^>]*>', html).group(0)
    return " hidden" not in tag


def test_help_then_expiry_clears_the_alert_on_a_reloaded_panel(
    client, operator, login, make_session, now
):
    login(operator)
    session, _ = make_session(operator=operator, at=now - timedelta(minutes=29))
    lifecycle.open_link(session, now)
    lifecycle.act(session, Action.HELP, 1, now)
    assert alert_shown(panel(client, session).text)
    later = session.expires_at
    expiry.expire_due(later)
    db.session.expire_all()
    assert not alert_shown(panel(client, session).text)


def test_the_script_gets_the_groups_from_the_event_vocabulary(
    client, operator, login, make_session
):
    login(operator)
    session, _ = make_session(operator=operator)
    html = panel(client, session).text
    found = re.search(r'<script type="application/json" id="labels">(.*?)</script>', html)
    table = json.loads(found.group(1))
    groups = table["groups"]
    assert set(groups["terminal"]) == set(TERMINAL)
    assert set(groups["clears_help"]) == set(CLEARS_HELP)
    assert set(groups["arrivals"]) == set(ARRIVALS)
    assert set(groups["redraws_panel"]) == set(REDRAWS_PANEL)
    assert set(groups["sms_outcomes"]) == set(SMS_OUTCOMES)
    assert set(groups["alarms"]) == set(ALARMS)


def test_live_and_reloaded_panels_clear_the_alert_when_the_link_expires(browser, site):
    operator = browser.new_context(locale="ja-JP").new_page()
    customer = browser.new_context(**IPHONE_SE, java_script_enabled=False).new_page()
    try:
        sign_in(operator, site)
        link = send_link(operator, "iphone")
        customer.goto(link)
        customer.click("text=わからない")
        alert = operator.locator("#alert")
        alert.wait_for(state="visible", timeout=3000)

        with site.app.app_context():
            expiry.expire_due(utcnow() + timedelta(hours=1))
        operator.wait_for_function(
            "() => document.getElementById('status').textContent === '期限切れ'", timeout=5000
        )
        assert alert.is_hidden()
        operator.reload()
        assert operator.inner_text("#status") == "期限切れ"
        assert operator.locator("#alert").is_hidden()
    finally:
        operator.context.close()
        customer.context.close()
