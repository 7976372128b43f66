"""Send due webhook deliveries: one at a time, in order per session, retried with backoff.

The database is the queue. On PostgreSQL a worker locks the delivery it sends with
``SELECT … FOR UPDATE SKIP LOCKED`` and keeps the lock until the outcome is committed: other
workers pass over it, and a worker that dies drops the lock with its connection, so the next
run sends it again. On SQLite (one writer) a worker claims the row by an update that sets
``claimed_until`` and commits before sending, so no write lock is held while a subscriber is
slow; a claim left by a dead worker lapses after its lease. A delivery is never sent while an
earlier one of the same session to the same endpoint is pending, so each session's events
arrive in order. Sending happens only here, never on a request's path.
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from flask import current_app
from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlalchemy.orm.exc import StaleDataError

from service import background
from service.db import db
from service.db import utcnow
from service.models import DeliveryStatus
from service.models import EndpointState
from service.models import WebhookDelivery
from service.webhooks import addresses
from service.webhooks import pinned
from service.webhooks import signing
from service.webhooks.endpoints import signing_secrets

# The wait after each failed attempt; past the list, the last one repeats until the window
# (WEBHOOK_RETRY_HOURS) is over: about 24 hours of tries in 13 attempts.
BACKOFF = tuple(timedelta(seconds=s) for s in (5, 30, 120, 600, 1800, 3600, 7200, 14400, 21600))
ERROR_LIMIT = 500
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    """How the worker sends: the timeout of one request, private addresses, the retry window."""

    timeout: float
    allow_private: bool
    retry_window: timedelta

    @property
    def lease(self) -> timedelta:
        """How long an SQLite claim holds: longer than any one send can take."""
        return timedelta(seconds=2 * self.timeout + 10)


def settings() -> Settings:
    """Return the worker's settings from the app's configuration."""
    config = current_app.config
    return Settings(
        timeout=float(config["WEBHOOK_TIMEOUT_SECONDS"]),
        allow_private=bool(config["WEBHOOK_ALLOW_PRIVATE"]),
        retry_window=timedelta(hours=float(config["WEBHOOK_RETRY_HOURS"])),
    )


def delay_after(attempts: int) -> timedelta:
    """Return the wait before the next try, after ``attempts`` failed ones."""
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def _due(now: datetime):
    earlier = aliased(WebhookDelivery)
    blocked = exists().where(
        earlier.endpoint_id == WebhookDelivery.endpoint_id,
        earlier.session_id == WebhookDelivery.session_id,
        earlier.status == DeliveryStatus.PENDING,
        earlier.id < WebhookDelivery.id,
    )
    return (
        select(WebhookDelivery)
        .where(
            WebhookDelivery.status == DeliveryStatus.PENDING,
            WebhookDelivery.next_attempt_at <= now,
            ~blocked,
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
    )


def claim(now: datetime, lease: timedelta) -> WebhookDelivery | None:
    """Return the next due delivery, held for this worker (locked, or claimed on SQLite)."""
    # PostgreSQL: the row stays locked until the outcome is committed.
    return background.claim(WebhookDelivery, _due(now), now, lease, hold=True)


def attempt(delivery: WebhookDelivery, now: datetime, config: Settings) -> tuple:
    """Send ``delivery`` once; return (response status or None, error text or None)."""
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"))
    # Signed at the wall clock: receivers check the timestamp against their own clock.
    headers = signing.headers(
        signing_secrets(endpoint, now), f"msg_{delivery.event_id}", utcnow(), body
    )
    try:
        # Looked up once and checked; the request goes to that very address.
        address = addresses.resolve(endpoint.url, config.allow_private)
        status = pinned.post(endpoint.url, address, body.encode(), headers, config.timeout)
    except addresses.Refused as refusal:
        return None, str(refusal)
    except pinned.Failure as exc:
        return None, f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT]
    if 200 <= status < 300:
        return status, None
    return status, f"HTTP {status}"


def record(delivery: WebhookDelivery, status: int | None, error: str | None, now, window) -> None:
    """Store how the attempt went: sent, due again after a backoff, or given up."""
    endpoint = delivery.endpoint
    delivery.attempts += 1
    delivery.last_status, delivery.last_error = status, error
    delivery.claimed_until = None
    if error is None:
        delivery.status, delivery.sent_at = DeliveryStatus.SENT, now
        endpoint.failures, endpoint.state, endpoint.failing_since = 0, EndpointState.ACTIVE, None
    else:
        endpoint.failures += 1
        if now - delivery.created_at >= window:
            delivery.status = DeliveryStatus.FAILED
            if endpoint.state is not EndpointState.FAILING:
                endpoint.state, endpoint.failing_since = EndpointState.FAILING, now
        else:
            delivery.next_attempt_at = now + delay_after(delivery.attempts)
    db.session.commit()


def run_once(now: datetime | None = None, config: Settings | None = None) -> int:
    """Send every delivery due (at ``now``, or the clock's time); return how many were tried."""
    config = config or settings()
    tried = 0
    while delivery := claim(now or utcnow(), config.lease):
        moment = now or utcnow()
        status, error = attempt(delivery, moment, config)
        try:
            record(delivery, status, error, moment, config.retry_window)
        except StaleDataError:
            db.session.rollback()  # its endpoint was removed while it was being sent
        tried += 1
    return tried
