"""A subscriber that hangs never delays the customer's page or the operator's stream."""

import threading
import time

import requests
from sqlalchemy import select

from service.auth import accounts
from service.auth import api_keys
from service.db import db
from service.models import DeliveryStatus
from service.models import Role
from service.models import WebhookDelivery
from service.webhooks import endpoints
from service.webhooks import worker
from tests.api.test_http_flow import NEW_SESSION
from tests.api.test_http_flow import Customer
from tests.conftest import PASSWORD
from tests.conftest import csrf_from
from tests.live_server import LiveServer
from tests.live_server import SseReader
from tests.webhooks.receiver import Receiver

TIMEOUT = 3.0


def signed_in(base: str, email: str) -> requests.Session:
    """Return an operator's browser, signed in to the console."""
    http = requests.Session()
    token = csrf_from(http.get(f"{base}/login", timeout=5).text)
    answer = http.post(
        f"{base}/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert answer.ok
    return http


def test_a_hanging_subscriber_delays_neither_the_customer_nor_the_operator(app_factory):
    with LiveServer() as live, Receiver(delay=TIMEOUT + 2) as receiver:
        app = live.serve(
            app_factory(
                PUBLIC_URL=live.url,
                SSE_HEARTBEAT_SECONDS=0.5,
                WEBHOOK_ALLOW_PRIVATE=True,
                WEBHOOK_TIMEOUT_SECONDS=TIMEOUT,
            )
        )
        with app.app_context():
            admin = accounts.create_user("admin@example.com", PASSWORD, Role.ADMIN, "管理者")
            key = api_keys.create_api_key("crm")[1]
            endpoints.register(receiver.url, None, admin.created_at, allow_private=True)
        auth = {"Authorization": f"Bearer {key}"}
        session = requests.post(
            f"{live.url}/api/v1/sessions", json=NEW_SESSION, headers=auth, timeout=5
        ).json()
        customer = Customer(session["url"])
        customer.open()

        def work():
            with app.app_context():
                worker.run_once()
                db.session.remove()

        sender = threading.Thread(target=work, daemon=True)
        sender.start()
        assert receiver.arrived.wait(5), "the worker never reached the subscriber"
        stream = SseReader(
            f"{live.url}/console/sessions/{session['id']}/events",
            session=signed_in(live.url, "admin@example.com"),
        )
        try:
            stream.until("opened", timeout=2)
            started = time.monotonic()
            assert customer.press("next").status_code == 200
            answered = time.monotonic() - started
            step = stream.until("step", timeout=1.0)
            heard = time.monotonic() - started
            stuck = sender.is_alive()
        finally:
            stream.close()
        assert stuck, "the worker was no longer waiting on the subscriber"
        assert answered < 1.0, f"the customer's 次へ took {answered:.2f} s"
        assert heard < 1.5 and step.data["step"] == 2
        sender.join(timeout=TIMEOUT * 3)
        assert not sender.is_alive()

    with app.app_context():
        first = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).first()
        # The hanging attempt timed out and waits for its retry; nothing was lost.
        assert first.status is DeliveryStatus.PENDING and "Timeout" in first.last_error
