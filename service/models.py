"""Tables and their states."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import BigInteger
from sqlalchemy import Enum
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from service.db import db
from service.db import utcnow


def enum_column(enum_class: type[enum.Enum], name: str) -> Enum:
    """Store an enum by value in a VARCHAR guarded by a CHECK constraint."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_class),
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Role(enum.StrEnum):
    OPERATOR = "operator"
    ADMIN = "admin"


class SessionStatus(enum.StrEnum):
    """Where a guidance session stands. ``expired`` is derived from ``expires_at``, never stored."""

    SENT = "sent"
    DELIVERY_FAILED = "delivery_failed"
    OPENED = "opened"
    COMPLETED = "completed"
    EXPIRED = "expired"
    REVOKED = "revoked"


class EventType(enum.StrEnum):
    CREATED = "created"
    SMS_SENT = "sms_sent"
    SMS_FAILED = "sms_failed"
    OPENED = "opened"
    STEP = "step"
    HELP = "help"
    COMPLETED = "completed"
    REVOKED = "revoked"


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Flask-Login's contract.
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)


class ApiKey(db.Model):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(12))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class Image(db.Model):
    """An image's bytes, addressed by their SHA-256 so any node can serve any image."""

    __tablename__ = "images"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    # Deferred: pages need the size, only the image view needs the bytes.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Device(db.Model):
    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)

    guides: Mapped[list["Guide"]] = relationship(back_populates="device", order_by="Guide.position")


class Guide(db.Model):
    """One task on one device; its content lives in numbered versions."""

    __tablename__ = "guides"
    __table_args__ = (UniqueConstraint("device_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), index=True)
    slug: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)

    device: Mapped[Device] = relationship(back_populates="guides")
    versions: Mapped[list["GuideVersion"]] = relationship(
        back_populates="guide", order_by="GuideVersion.number"
    )

    @property
    def current_version(self) -> "GuideVersion | None":
        """Return the newest version, the one new sessions start on."""
        return self.versions[-1] if self.versions else None


class GuideVersion(db.Model):
    """A frozen set of steps; a live session keeps the version it started with."""

    __tablename__ = "guide_versions"
    __table_args__ = (UniqueConstraint("guide_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("guides.id"), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    guide: Mapped[Guide] = relationship(back_populates="versions")
    steps: Mapped[list["Step"]] = relationship(
        back_populates="guide_version", order_by="Step.number"
    )

    @property
    def total_steps(self) -> int:
        return len(self.steps)


class Step(db.Model):
    __tablename__ = "steps"
    __table_args__ = (UniqueConstraint("guide_version_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_version_id: Mapped[int] = mapped_column(ForeignKey("guide_versions.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    operator_script: Mapped[str] = mapped_column(Text)
    image_digest: Mapped[str | None] = mapped_column(ForeignKey("images.digest"))
    image_alt: Mapped[str] = mapped_column(String(200), default="")

    guide_version: Mapped[GuideVersion] = relationship(back_populates="steps")
    image: Mapped[Image | None] = relationship()


class GuidanceSession(db.Model):
    """One customer's guided walk through one guide, reached by one secret link."""

    __tablename__ = "guidance_sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    token_salt: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    guide_version_id: Mapped[int] = mapped_column(ForeignKey("guide_versions.id"), index=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    phone: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[SessionStatus] = mapped_column(enum_column(SessionStatus, "status"))
    current_step: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    opened_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    guide_version: Mapped[GuideVersion] = relationship()
    operator: Mapped[User | None] = relationship()
    events: Mapped[list["SessionEvent"]] = relationship(
        back_populates="session", order_by="SessionEvent.id"
    )

    def status_at(self, now: datetime) -> SessionStatus:
        """Return the status as the customer meets it at ``now``."""
        if self.status in (SessionStatus.REVOKED, SessionStatus.COMPLETED):
            return self.status
        if now >= self.expires_at:
            return SessionStatus.EXPIRED
        return self.status


class SessionEvent(db.Model):
    """The append-only log of everything that happened in a session, in order."""

    __tablename__ = "session_events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("guidance_sessions.id"), index=True)
    type: Mapped[EventType] = mapped_column(enum_column(EventType, "type"))
    step: Mapped[int | None]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    session: Mapped[GuidanceSession] = relationship(back_populates="events")


class OutboxMessage(db.Model):
    """A text the console SMS provider "sent": kept here so a person can open its link."""

    __tablename__ = "sms_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
