"""Staff accounts: adding them, checking a password (after the lockout counts the try),
disabling, resetting."""

from datetime import datetime
from functools import lru_cache

from sqlalchemy import select
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from service.auth import lockout
from service.auth import logins
from service.db import db
from service.errors import InvalidInput
from service.errors import quote
from service.models import Role
from service.models import User

MIN_PASSWORD_LENGTH = 10


def create_user(email: str, password: str, role: Role, display_name: str | None = None) -> User:
    """Add a staff member; refuse a taken e-mail address or a short password."""
    email = email.strip().lower()
    if "@" not in email:
        raise InvalidInput("email", "メールアドレスを入力してください。")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password", f"パスワードは{MIN_PASSWORD_LENGTH}文字以上にしてください。")
    if db.session.scalar(select(User).where(User.email == email)) is not None:
        raise InvalidInput("email", f"{quote(email)} はすでに登録されています。")
    user = User(
        email=email,
        display_name=display_name or email.split("@")[0],
        password_hash=generate_password_hash(password),
        role=role,
    )
    db.session.add(user)
    db.session.commit()
    return user


def ensure_user(email: str, password: str, role: Role, display_name: str) -> User:
    """Create the user, or reset an existing one's password and role (demo accounts)."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        return create_user(email, password, role, display_name)
    user.password_hash = generate_password_hash(password)
    user.role = role
    db.session.commit()
    return user


def by_email(email: str) -> User | None:
    """Return the account with this e-mail address (case and spaces ignored), or None."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str, now: datetime) -> User | None:
    """Return the user whose e-mail and password these are, or None.

    The try is counted first (``lockout.count`` raises ``AccountLocked`` once an address
    had ``MAX_TRIES`` since its last success), then checked. An unknown or disabled address
    is counted and hashed like a known one, so neither the answer nor its timing tells which
    addresses exist.
    """
    lockout.count(email, now)
    user = by_email(email)
    if user is None or not user.is_active:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    lockout.clear(email)
    return user


def set_disabled(user: User, disabled: bool, now: datetime) -> None:
    """Disable (signing it out everywhere, for good) or re-enable an account."""
    user.disabled_at = now if disabled else None
    if disabled:
        logins.end_all(user)  # re-enabling later must not bring the old cookies back
    db.session.commit()


def reset_password(user: User, password: str) -> None:
    """Set a new password (an admin's reset), signing the account out and lifting a lockout."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password", f"パスワードは{MIN_PASSWORD_LENGTH}文字以上にしてください。")
    user.password_hash = generate_password_hash(password)
    logins.end_all(user)
    unlock(user)


def unlock(user: User) -> None:
    """Lift a lockout from wrong passwords at once, instead of after ``LOCKOUT``."""
    lockout.clear(user.email)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash("only here to spend the same time as a real check")
