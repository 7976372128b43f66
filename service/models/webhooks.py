"""Webhook endpoints a CRM registers, and the deliveries of session events to them."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import BigInteger
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from service.db import db
from service.db import enum_column
from service.db import utcnow

BIG_ID = BigInteger().with_variant(Integer, "sqlite")


class EndpointState(enum.StrEnum):
    """Whether an endpoint hears of events: failing once a delivery gave up after its window."""

    ACTIVE = "active"
    FAILING = "failing"


class DeliveryStatus(enum.StrEnum):
    """Where one event stands on its way to one endpoint."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class WebhookEndpoint(db.Model):
    """A URL that receives session events, signed with its secret (the previous one too,
    until the overlap of a rotation ends)."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    # Event types to send; ["*"] for every one.
    events: Mapped[list[str]] = mapped_column(JSON)
    # Kept as given (not hashed): signing needs the secret itself.
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    previous_until: Mapped[datetime | None]
    state: Mapped[EndpointState] = mapped_column(
        enum_column(EndpointState, "state"), default=EndpointState.ACTIVE
    )
    # Failed attempts in a row; a success resets it.
    failures: Mapped[int] = mapped_column(default=0)
    failing_since: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))


class WebhookDelivery(db.Model):
    """One event for one endpoint: written with the event, sent (and retried) by the worker."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_order", "endpoint_id", "session_id", "id"),
    )

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id"))
    event_id: Mapped[int] = mapped_column(BIG_ID, ForeignKey("session_events.id"), index=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("guidance_sessions.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus, "status"), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    # SQLite's one worker claims a row by setting this; PostgreSQL's workers lock it instead.
    claimed_until: Mapped[datetime | None]
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    endpoint: Mapped[WebhookEndpoint] = relationship()
