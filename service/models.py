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
from sqlalchemy import false
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
    EXPIRED = "expired"
    # What the operator (or the CRM) does during the call.
    MOVED = "moved"
    SWITCHED = "switched"
    EXTENDED = "extended"
    RESENT = "resent"
    SHORT_CODE = "short_code"


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Sign-in lockout: counted failures since the last success, and until when it holds.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]

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


class ImageRendition(db.Model):
    """A smaller or differently encoded copy of an image, itself stored by digest."""

    __tablename__ = "image_renditions"

    source_digest: Mapped[str] = mapped_column(ForeignKey("images.digest"), primary_key=True)
    width: Mapped[int] = mapped_column(primary_key=True)
    format: Mapped[str] = mapped_column(String(10), primary_key=True)
    digest: Mapped[str] = mapped_column(ForeignKey("images.digest"))


class Device(db.Model):
    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    # "iphone", "android", "raku-raku", "basio": what the browser's user agent can confirm.
    family: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # The names customers say: 「らくらくホン」, 「アイフォン」, 「ギャラクシー」...
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # What the operator can ask about: "home_button", "apple", "big_buttons".
    traits: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    image_digest: Mapped[str | None] = mapped_column(ForeignKey("images.digest"))

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

    def step(self, number: int) -> "Step":
        """Return the step numbered ``number`` (numbers start at 1, in pack order)."""
        return self.steps[number - 1]


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
    # Stable name within the guide, used by branches in the pack.
    key: Mapped[str] = mapped_column(String(60), default="", server_default="")
    # The step 次へ leads to; None on an end step (できました) or a choice step.
    next_step: Mapped[int | None]
    # Shows 「この番号は誰にも教えないでください（オペレーターにも）」 with the step.
    warning: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Set when a fact is unconfirmed on a real handset; says what to verify.
    needs_check: Mapped[str | None] = mapped_column(Text)

    guide_version: Mapped[GuideVersion] = relationship(back_populates="steps")
    image: Mapped[Image | None] = relationship()
    choices: Mapped[list["StepChoice"]] = relationship(
        back_populates="step", order_by="StepChoice.position"
    )

    @property
    def is_end(self) -> bool:
        return self.next_step is None and not self.choices


class StepChoice(db.Model):
    """One answer a customer can pick on a step, and the step it leads to."""

    __tablename__ = "step_choices"
    __table_args__ = (UniqueConstraint("step_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("steps.id"), index=True)
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(60))
    next_step: Mapped[int]

    step: Mapped[Step] = relationship(back_populates="choices")


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
    # Step numbers from the first to the current one: 戻る walks back along it.
    path: Mapped[list[int]] = mapped_column(JSON, default=list, server_default="[]")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    opened_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    # A common word shown on both screens so the operator can confirm the right person.
    passphrase: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # The phone the customer's browser reported when the link was opened.
    client_os: Mapped[str | None] = mapped_column(String(40))
    client_browser: Mapped[str | None] = mapped_column(String(60))
    client_model: Mapped[str | None] = mapped_column(String(60))
    client_family: Mapped[str | None] = mapped_column(String(20))
    # The operator did not know the phone: the guide is switched to the browser's family.
    device_guessed: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Bumped on every change: on SQLite, which has no row lock, it makes the slower of two
    # simultaneous presses fail instead of applying twice.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

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


class ShortCode(db.Model):
    """A 6-digit number the operator reads aloud; typed on /c it opens the session's link."""

    __tablename__ = "short_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("guidance_sessions.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    session: Mapped[GuidanceSession] = relationship()


class Attempt(db.Model):
    """One counted try (a wrong short code...), kept briefly to rate-limit a client."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class OutboxMessage(db.Model):
    """A text the console SMS provider "sent": kept here so a person can open its link."""

    __tablename__ = "sms_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
