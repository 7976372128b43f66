"""The local outbox of the console SMS provider."""

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from service.db import db
from service.db import utcnow


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
