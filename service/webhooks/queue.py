"""Write the deliveries of each session event, in the event's own transaction.

An ``in_transaction`` subscriber of ``live.dispatch``: the rows commit or roll back with the
event, so a process that dies after the commit loses nothing (the worker finds them), and an
event that never happened is never sent.
"""

import functools
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import select

from service.db import db
from service.db import utcnow
from service.live.brokers import Payload
from service.models import DeliveryStatus
from service.models import WebhookDelivery
from service.models import WebhookEndpoint

ALL = "*"
TYPE_PREFIX = "session."


def envelope(payload: Payload) -> dict:
    """Return the body Standard Webhooks receivers expect: ``type``, ``timestamp``, ``data``."""
    return {"type": TYPE_PREFIX + payload["type"], "timestamp": payload["at"], "data": payload}


def enqueue(payloads: Sequence[Payload]) -> None:
    """Add a pending delivery of each event for every endpoint that wants it.

    One INSERT … SELECT an event, the endpoints' choice of types read in SQL: a customer's
    tap loads no endpoint row and gives the unit of work no delivery object to flush.
    """
    connection = db.session.connection()
    statement = _insert_deliveries(connection.dialect.name)
    for payload in payloads:
        connection.execute(
            statement,
            {
                "event_id": payload["id"],
                "session_id": payload["session"],
                "payload": envelope(payload),
                "status": DeliveryStatus.PENDING,
                # Due from the event's own time (the moment it happened).
                "due": datetime.fromisoformat(payload["at"]),
                "created": utcnow(),
                "type": payload["type"],
            },
        )


@functools.cache
def _insert_deliveries(dialect: str):
    endpoints, deliveries = WebhookEndpoint.__table__, WebhookDelivery.__table__
    # The JSON list's elements as rows: the same question on both databases.
    elements = (
        func.json_array_elements_text(endpoints.c.events)
        if dialect == "postgresql"
        else func.json_each(endpoints.c.events)
    ).table_valued("value")
    subscribed = exists(
        select(1).select_from(elements).where(elements.c.value.in_([ALL, bindparam("type")]))
    )
    columns = {
        "endpoint_id": endpoints.c.id,
        "event_id": bindparam("event_id", type_=deliveries.c.event_id.type),
        "session_id": bindparam("session_id", type_=deliveries.c.session_id.type),
        "payload": bindparam("payload", type_=deliveries.c.payload.type),
        "status": bindparam("status", type_=deliveries.c.status.type),
        "attempts": literal(0),
        "next_attempt_at": bindparam("due", type_=deliveries.c.next_attempt_at.type),
        "created_at": bindparam("created", type_=deliveries.c.created_at.type),
    }
    chosen = select(*columns.values()).where(subscribed)
    return deliveries.insert().from_select(list(columns), chosen)
