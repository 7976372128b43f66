"""Guidance sessions, their states, and the short codes that open them."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import false
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from service.db import db
from service.db import enum_column
from service.db import utcnow
from service.models.catalog import GuideVersion
from service.models.outcomes import Outcome
from service.models.staff import User

if TYPE_CHECKING:
    from service.sessions.events import SessionEvent


class SessionStatus(enum.StrEnum):
    """Where a guidance session stands.

    ``expired`` follows from ``expires_at`` as soon as it passes (see ``status_at``); the
    expiry sweep then stores it and logs the event, and extending the link revives it.
    """

    SENT = "sent"
    DELIVERY_FAILED = "delivery_failed"
    OPENED = "opened"
    COMPLETED = "completed"
    # The customer reached an ending that hands the call back to the operator.
    NEEDS_OPERATOR = "needs_operator"
    EXPIRED = "expired"
    REVOKED = "revoked"


# A session in one of these can still change: the customer can open it, or time can end it.
ACTIVE_STATUSES = (SessionStatus.SENT, SessionStatus.DELIVERY_FAILED, SessionStatus.OPENED)
# The customer reached an ending: nothing can change the session any more.
ENDED_BY_CUSTOMER = (SessionStatus.COMPLETED, SessionStatus.NEEDS_OPERATOR)
FINISHED_STATUSES = (*ENDED_BY_CUSTOMER, SessionStatus.EXPIRED, SessionStatus.REVOKED)
OUTCOMES = {
    SessionStatus.COMPLETED: Outcome.COMPLETED,
    SessionStatus.NEEDS_OPERATOR: Outcome.NEEDS_OPERATOR,
    SessionStatus.REVOKED: Outcome.ABANDONED,
    SessionStatus.EXPIRED: Outcome.EXPIRED,
}


class GuidanceSession(db.Model):
    """One customer's guided walk through one guide, reached by one secret link."""

    __tablename__ = "guidance_sessions"
    # The expiry sweep looks for live sessions whose time has run out.
    __table_args__ = (Index("ix_guidance_sessions_status_expires_at", "status", "expires_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    token_salt: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Who asked for this session, and with which request ("console:<user>:<nonce>"): the same
    # request sent again finds this session instead of texting a second link.
    request_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    guide_version_id: Mapped[int] = mapped_column(ForeignKey("guide_versions.id"), index=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    phone: Mapped[str | None] = mapped_column(String(20))
    # What is left of the number once the session ends (see sessions/retention.py): enough
    # for the operator to recognise it, until the purge removes it too.
    phone_last4: Mapped[str | None] = mapped_column(String(4))
    status: Mapped[SessionStatus] = mapped_column(enum_column(SessionStatus, "status"))
    current_step: Mapped[int | None]
    # Step numbers from the first to the current one: 戻る walks back along it.
    path: Mapped[list[int]] = mapped_column(JSON, default=list, server_default="[]")
    # Indexed: history lists the newest first, analytics count sessions sent between dates.
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    expires_at: Mapped[datetime]
    opened_at: Mapped[datetime | None]
    # When the customer reached an ending, whichever it was; completed_at only for success.
    ended_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    # A common word shown on both screens so the operator can confirm the right person.
    passphrase: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # The phone the customer's browser reported when the link was opened.
    client_os: Mapped[str | None] = mapped_column(String(40))
    client_browser: Mapped[str | None] = mapped_column(String(60))
    client_model: Mapped[str | None] = mapped_column(String(60))
    client_family: Mapped[str | None] = mapped_column(String(20))
    # What the operator knew before sending: the card issuer (kept), and the customer's mail
    # domain (personal: cleared as soon as the session ends).
    issuer_slug: Mapped[str | None] = mapped_column(String(40))
    mail_domain: Mapped[str | None] = mapped_column(String(100))
    # The CRM's ticket (or call) id, given when the session was made through the API.
    reference: Mapped[str | None] = mapped_column(String(100), index=True)
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
        if self.status in FINISHED_STATUSES:
            return self.status
        if now >= self.expires_at:
            return SessionStatus.EXPIRED
        return self.status

    def is_finished(self, now: datetime) -> bool:
        """Whether the session has ended (an ending, expired or revoked) at ``now``."""
        return self.status_at(now) in FINISHED_STATUSES

    def outcome_at(self, now: datetime) -> Outcome | None:
        """Return how the session ended, or None while it can still go on."""
        return OUTCOMES.get(self.status_at(now))


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
