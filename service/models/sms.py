"""Texts: the queue of links to send, the console provider's outbox, the centre's wording."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from service.db import db
from service.db import enum_column
from service.db import utcnow

if TYPE_CHECKING:
    from service.models.sessions import GuidanceSession


class TextStatus(enum.StrEnum):
    """Where one text of a link stands: waiting for the worker, taken by the provider, given up."""

    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class SmsText(db.Model):
    """One text of a session's link: queued in the session's (or the resend's) transaction,
    sent and retried by the worker, then known by the provider's message id."""

    __tablename__ = "sms_texts"
    __table_args__ = (
        Index("ix_sms_texts_due", "status", "next_attempt_at"),
        # A provider's status callback finds its text (and session) by this.
        Index("ix_sms_texts_message", "provider", "message_id"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True
    )
    session_id: Mapped[str] = mapped_column(ForeignKey("guidance_sessions.id"), index=True)
    status: Mapped[TextStatus] = mapped_column(
        enum_column(TextStatus, "status"), default=TextStatus.QUEUED
    )
    # Set once the provider took the text.
    provider: Mapped[str | None] = mapped_column(String(20))
    message_id: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A worker's lease while it sends; one that died leaves it to lapse.
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    session: Mapped["GuidanceSession"] = relationship()


class OutboxMessage(db.Model):
    """A text the console SMS provider "sent": kept here so a person can open its link."""

    __tablename__ = "sms_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SmsTemplate(db.Model):
    """The centre's wording of the text that carries the link (one row; none: the default)."""

    __tablename__ = "sms_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    # With {shop}, {operator} and {link} (the one variable it must have).
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
