"""The admin's webhook page in Chromium: an endpoint marked failing, its log, a replay."""

import pytest
import requests
from sqlalchemy import select

from service.auth import api_keys
from service.db import db
from service.db import utcnow
from service.models import WebhookDelivery
from service.webhooks import endpoints
from service.webhooks import worker
from tests.api.test_http_flow import NEW_SESSION
from tests.browser import admin_page
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.browser


def failed_delivery(app, url: str, receiver) -> int:
    """Register ``receiver``, start a session, and let its one delivery give up at once."""
    app.config.update(WEBHOOK_ALLOW_PRIVATE=True, WEBHOOK_RETRY_HOURS=0)
    with app.app_context():
        endpoint, _ = endpoints.register(receiver.url, ["created"], utcnow(), allow_private=True)
        endpoint_id = endpoint.id
        key = api_keys.create_api_key("crm")[1]
    # The CRM starts a session through the API: its creation goes to the endpoint.
    started = requests.post(
        f"{url}/api/v1/sessions",
        json=NEW_SESSION,
        headers={"Authorization": f"Bearer {key}"},
        timeout=5,
    )
    assert started.status_code == 201
    with app.app_context():
        worker.run_once()
        db.session.remove()
        return endpoint_id


def test_admin_sees_a_failing_endpoint_and_replays_its_delivery(browser, site):
    with Receiver(statuses=[503]) as receiver:
        endpoint_id = failed_delivery(site.app, site.url, receiver)
        page = admin_page(browser, site)
        try:
            page.click("text=Webhook")
            card = page.locator(f"#webhook-{endpoint_id}")
            assert "失敗中" in card.inner_text() and receiver.url in card.inner_text()
            row = card.locator("tbody tr").first
            assert "あきらめました" in row.inner_text() and "HTTP 503" in row.inner_text()

            row.locator("text=もう一度送る").click()
            page.wait_for_selector("text=もう一度送ります")
            assert "送信待ち" in card.locator("tbody tr").first.inner_text()
            with site.app.app_context():
                worker.run_once()
                newest = db.session.scalars(
                    select(WebhookDelivery).order_by(WebhookDelivery.id.desc())
                ).first()
                assert newest.status.value == "sent"
                db.session.remove()
            page.reload()
            card = page.locator(f"#webhook-{endpoint_id}")
            assert "正常" in card.inner_text()
            assert "送信済み" in card.locator("tbody tr").first.inner_text()
            assert len(receiver.received) == 2
        finally:
            page.context.close()
