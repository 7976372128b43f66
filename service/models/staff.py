"""Staff accounts and the API keys of integrations."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey
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


class StaffLogin(db.Model):
    """One signed-in browser: its cookie names this row, and signing out deletes it."""

    __tablename__ = "staff_logins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The SHA-256 of the random token in the cookie: a copy of the table signs nobody in.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignInTries(db.Model):
    """Sign-in tries on one address since its last success, counted before each check.

    Keyed by a keyed hash of the address, whether an account has it or not, so an unknown
    address locks exactly like a known one (and the table holds no address).
    """

    __tablename__ = "sign_in_tries"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    tries: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


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
