"""Write the deliveries of each session event, in the event's own transaction.

An ``in_transaction`` subscriber of ``live.dispatch``: the rows commit or roll back with the
event, so a process that dies after the commit loses nothing (the worker finds them), and an
event that never happened is never sent.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from service.db import db
from service.live.brokers import Payload
from service.models import WebhookDelivery
from service.models import WebhookEndpoint

ALL = "*"
TYPE_PREFIX = "session."


def envelope(payload: Payload) -> dict:
    """Return the body Standard Webhooks receivers expect: ``type``, ``timestamp``, ``data``."""
    return {"type": TYPE_PREFIX + payload["type"], "timestamp": payload["at"], "data": payload}


def wants(endpoint: WebhookEndpoint, event_type: str) -> bool:
    """Whether ``endpoint`` subscribed to events of ``event_type``."""
    return ALL in endpoint.events or event_type in endpoint.events


def enqueue(payloads: Sequence[Payload]) -> None:
    """Add a pending delivery of each event for every endpoint that wants it."""
    endpoints = db.session.scalars(select(WebhookEndpoint)).all()
    for payload in payloads:
        for endpoint in endpoints:
            if wants(endpoint, payload["type"]):
                db.session.add(
                    WebhookDelivery(
                        endpoint_id=endpoint.id,
                        event_id=payload["id"],
                        session_id=payload["session"],
                        payload=envelope(payload),
                        # Due from the event's own time (the moment it happened).
                        next_attempt_at=datetime.fromisoformat(payload["at"]),
                    )
                )
