"""Staff accounts and the API keys of integrations."""

import enum
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from service.db import db
from service.db import enum_column
from service.db import utcnow


class Role(enum.StrEnum):
    """What a staff member may do: operators guide customers, admins also run the centre."""

    OPERATOR = "operator"
    ADMIN = "admin"


class User(db.Model):
    """A staff member who signs in to the console."""

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
    # Set by an admin: the account cannot sign in, and its signed-in browsers are signed out.
    disabled_at: Mapped[datetime | None]

    # Flask-Login's contract.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        """Whether the account may sign in (an admin has not disabled it)."""
        return self.disabled_at is None

    def get_id(self) -> str:
        """Return the id Flask-Login keeps in the signed cookie."""
        return str(self.id)


class ApiKey(db.Model):
    """A key a CRM/CTI integration calls the API with; only its hash is kept."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(12))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # What the integration may do: an operator's key guides customers; only an admin's key
    # changes the centre's content (uploads images).
    role: Mapped[Role] = mapped_column(
        enum_column(Role, "role"), default=Role.OPERATOR, server_default=Role.OPERATOR.value
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
