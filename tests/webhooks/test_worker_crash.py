"""Killing the worker in the middle of a delivery loses nothing: the next run sends it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from service.db import db
from service.db import utcnow
from service.models import DeliveryStatus
from service.models import WebhookDelivery
from service.webhooks import endpoints
from service.webhooks import worker
from tests.webhooks.receiver import Receiver

ROOT = Path(__file__).resolve().parents[2]


def database_url(app) -> str:
    """Return the test database as a URL another process can open (its schema included)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("connect_args", {}).get("options")
    return f"{url}?options={options.replace('=', '%3D')}" if options else url


def start_worker(app, tmp_path, worker="webhooks", **settings) -> subprocess.Popen:
    """Start ``flask <worker> work --once`` in a process of its own, on the test's database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(app),
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "WEBHOOK_ALLOW_PRIVATE": "true",
        "WEBHOOK_TIMEOUT_SECONDS": "60",
        **settings,
    }
    command = [sys.executable, "-m", "flask", "--app", "service", worker, "work", "--once"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE)


def the_delivery() -> WebhookDelivery:
    query = select(WebhookDelivery).execution_options(populate_existing=True)
    return db.session.scalars(query).one()


def test_a_worker_killed_mid_delivery_loses_nothing(app, make_session, now, tmp_path):
    with Receiver(delay=60) as receiver:
        endpoint, secret = endpoints.register(receiver.url, ["created"], now, allow_private=True)
        make_session()
        db.session.commit()
        process = start_worker(app, tmp_path)
        try:
            assert receiver.arrived.wait(60), "the worker never reached the receiver"
            # While it sends, another worker passes the delivery over (locked, or claimed).
            app.config["WEBHOOK_ALLOW_PRIVATE"] = True
            assert worker.run_once(utcnow()) == 0
            db.session.rollback()
            process.send_signal(signal.SIGKILL)  # mid-delivery: the receiver is still reading
            process.wait(timeout=10)
        finally:
            process.kill()
        db.session.rollback()
        delivery = the_delivery()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 0)

        receiver.delay = 0
        if db.engine.dialect.name == "sqlite":
            # The dead worker's claim holds until its lease runs out: no second sender meanwhile.
            assert delivery.claimed_until > utcnow()
            assert worker.run_once(utcnow()) == 0
            assert worker.run_once(delivery.claimed_until) == 1
        else:
            # The dead worker's lock went with its connection: the next run sends it at once.
            deadline = time.monotonic() + 10
            while not worker.run_once(utcnow()) and time.monotonic() < deadline:
                time.sleep(0.2)
        delivery = the_delivery()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
        # Sent twice (the first answer never came back), as the same message: the CRM can
        # tell it had it by its webhook-id, and both copies verify.
        assert len(receiver.verified(secret)) == 2
        ids = {headers["webhook-id"] for headers, _ in receiver.received}
        assert ids == {f"msg_{delivery.event_id}"}
