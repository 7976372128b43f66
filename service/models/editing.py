"""What admins change: a guide's draft before it is published, and the audit log of changes."""

from datetime import datetime

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from service.db import db
from service.db import utcnow
from service.models.catalog import Guide
from service.models.staff import User


class GuideDraft(db.Model):
    """The next version of a guide while admins edit it: one per guide, shared by them."""

    __tablename__ = "guide_drafts"

    guide_id: Mapped[int] = mapped_column(ForeignKey("guides.id"), primary_key=True)
    # The published version the draft started from (a publish in between is shown).
    base_number: Mapped[int]
    # The guide as the pack writes it: {"title": ..., "steps": [{key, title, text, ...}]},
    # with pictures as image digests; the content rules read it as they read a TOML file.
    body: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    guide: Mapped[Guide] = relationship()
    updated_by: Mapped[User | None] = relationship()


class AuditEntry(db.Model):
    """One change an admin made: who, when, what, and the values before and after."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # "draft.step", "guide.publish", "device.edit", "pack.import"...
    action: Mapped[str] = mapped_column(String(40))
    # What was changed, as a path admins can read: "iphone/sms-code/open-messages".
    target: Mapped[str] = mapped_column(String(200), index=True)
    before: Mapped[dict | list | None] = mapped_column(JSON)
    after: Mapped[dict | list | None] = mapped_column(JSON)

    user: Mapped[User | None] = relationship()
