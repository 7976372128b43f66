"""Counted tries, kept briefly so every app process agrees on a client's limit."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from service.db import db
from service.db import utcnow


class Attempt(db.Model):
    """One counted try (a wrong short code...), kept briefly to rate-limit a client."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
