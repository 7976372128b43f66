"""A provider's later word on the text reaches the operator's open panel live."""

from sqlalchemy import select

from service import background
from service.db import db
from service.db import utcnow
from service.models import EventType
from service.sessions import sms_status
from service.sessions.events import SessionEvent
from service.sessions.sms_status import Delivery
from tests.browser import send_link
from tests.browser import sign_in
from tests.helpers import send_texts


def last_text(app) -> str:
    """Return the message id of the latest text the site sent (once its worker sent it)."""
    with app.app_context():
        send_texts()
        sent = db.session.scalars(
            select(SessionEvent)
            .where(SessionEvent.type == EventType.SMS_SENT)
            .order_by(SessionEvent.id.desc())
        ).first()
        return sent.data["message_id"]


def report(app, message_id: str, status: Delivery) -> None:
    with app.app_context():
        assert sms_status.apply("console", message_id, status, utcnow()) is not None


def test_delivered_then_a_resent_texts_failure_show_live_with_the_fallbacks(browser, site):
    operator = browser.new_context(locale="ja-JP").new_page()
    try:
        sign_in(operator, site)
        send_link(operator, "iphone")
        timeline = operator.locator("#timeline")

        report(site.app, last_text(site.app), Delivery.DELIVERED)
        timeline.get_by_text("SMSがお客様のスマホに届きました").wait_for(timeout=5000)
        assert operator.inner_text("#status") == "SMS送信済み（未開封）"

        operator.click("#resend")
        operator.wait_for_selector("#status")
        report(site.app, last_text(site.app), Delivery.FAILED)
        timeline.get_by_text("SMSがお客様のスマホに届きませんでした").wait_for(timeout=5000)
        operator.wait_for_function(
            "() => document.getElementById('status').textContent === 'SMS送信失敗'", timeout=5000
        )
        # The ways on without the SMS are on the panel: the QR code and the short code.
        assert operator.locator("figure.qr svg").is_visible()
        assert operator.locator("#make-short-code").is_enabled()
        operator.reload()
        assert operator.inner_text("#status") == "SMS送信失敗"
    finally:
        operator.context.close()


def test_a_text_still_queued_shows_as_waiting_until_it_goes_out(browser, site):
    background.stop_all()  # the site's own worker: this test sends the text itself
    operator = browser.new_context(locale="ja-JP").new_page()
    try:
        sign_in(operator, site)
        send_link(operator, "iphone", sent=False)
        # The operator must not tell the customer to look for a text not sent yet.
        assert operator.inner_text("#status") == "SMS送信待ち（未開封）"

        with site.app.app_context():
            assert send_texts() == 1
        operator.locator("#timeline").get_by_text("SMSを送りました").wait_for(timeout=5000)
        operator.wait_for_function(
            "() => document.getElementById('status').textContent === 'SMS送信済み（未開封）'",
            timeout=5000,
        )
    finally:
        operator.context.close()
