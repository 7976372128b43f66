"""Webhook endpoints: register, list, rotate the secret, remove; their delivery log, replay."""

from datetime import datetime
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy import select

from service.db import db
from service.errors import Conflict
from service.errors import InvalidInput
from service.errors import NotFound
from service.models import DeliveryStatus
from service.models import WebhookDelivery
from service.models import WebhookEndpoint
from service.sessions.events import EventType
from service.webhooks import addresses
from service.webhooks import signing
from service.webhooks.queue import ALL

LOG_LIMIT = 200
EVENT_NAMES = frozenset(member.value for member in EventType) | {ALL}


def checked_events(events: object) -> list[str]:
    """Return ``events`` as a list of event type names (``["*"]``: all), or refuse them."""
    if events is None:
        return [ALL]
    if not isinstance(events, list) or not all(isinstance(name, str) for name in events):
        message = 'events はイベント種別の名前の配列です（すべてなら ["*"]）。'
        raise InvalidInput("events", message)
    unknown = sorted(set(events) - EVENT_NAMES)
    if unknown:
        raise InvalidInput("events", f"知らないイベント種別です：{', '.join(unknown)[:80]}")
    return sorted(set(events)) or [ALL]


def register(
    url: object, events: object, now: datetime, *, allow_private: bool, key_id: int | None = None
) -> tuple[WebhookEndpoint, str]:
    """Add an endpoint; return it and its secret (shown to the caller this once)."""
    endpoint = WebhookEndpoint(
        url=addresses.checked_url(url, allow_private),
        events=checked_events(events),
        secret=signing.new_secret(),
        created_at=now,
        created_by_key_id=key_id,
    )
    db.session.add(endpoint)
    db.session.commit()
    return endpoint, endpoint.secret


def listed() -> list[WebhookEndpoint]:
    """Return every endpoint, oldest first."""
    return list(db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


def get(endpoint_id: int) -> WebhookEndpoint:
    """Return the endpoint ``endpoint_id`` or raise ``NotFound``."""
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound("その webhook はありません。")
    return endpoint


def rotate(endpoint: WebhookEndpoint, now: datetime, overlap: timedelta) -> str:
    """Give ``endpoint`` a new secret; the old one still signs for ``overlap``."""
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_until = now + overlap
    endpoint.secret = signing.new_secret()
    db.session.commit()
    return endpoint.secret


def signing_secrets(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    """Return the secrets that sign a message sent at ``now``: the current one first."""
    keys = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_until and now < endpoint.previous_until:
        keys.append(endpoint.previous_secret)
    return keys


def remove(endpoint: WebhookEndpoint) -> None:
    """Delete ``endpoint`` and its delivery log; nothing more is sent to it."""
    db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id))
    db.session.delete(endpoint)
    db.session.commit()


def deliveries(endpoint: WebhookEndpoint, limit: int = LOG_LIMIT) -> list[WebhookDelivery]:
    """Return the endpoint's latest deliveries, newest first."""
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def replay(endpoint: WebhookEndpoint, delivery_id: int, now: datetime) -> WebhookDelivery:
    """Queue the event of a sent or failed delivery again, as a new delivery due now."""
    original = db.session.get(WebhookDelivery, delivery_id)
    if original is None or original.endpoint_id != endpoint.id:
        raise NotFound("その配信はありません。")
    if original.status is DeliveryStatus.PENDING:
        raise Conflict("この配信はまだ送信待ちです。")
    again = WebhookDelivery(
        endpoint_id=endpoint.id,
        event_id=original.event_id,
        session_id=original.session_id,
        payload=original.payload,
        next_attempt_at=now,
        created_at=now,
    )
    db.session.add(again)
    db.session.commit()
    return again
