"""Staff accounts: adding them, and signing in with a lockout after repeated wrong passwords."""

from datetime import datetime
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import select
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from service.db import db
from service.errors import InvalidInput
from service.errors import TooManyAttempts
from service.errors import quote
from service.models import Role
from service.models import User

MIN_PASSWORD_LENGTH = 10
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)


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


class AccountLocked(TooManyAttempts):
    """Too many wrong passwords in a row: the account waits before trying again."""

    code = "locked"


def by_email(email: str) -> User | None:
    """Return the account with this e-mail address (case and spaces ignored), or None."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str, now: datetime) -> User | None:
    """Return the user whose e-mail and password these are, or None.

    After ``MAX_FAILED_LOGINS`` wrong passwords in a row the account is locked for
    ``LOCKOUT``. An unknown address costs the same hashing time as a known one, so the
    answer's timing does not tell which addresses exist.
    """
    user = by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.is_active:
        # The same answer as a wrong password: a disabled account says nothing of itself.
        check_password_hash(_dummy_hash(), password)
        return None
    if user.locked_until is not None and now < user.locked_until:
        raise AccountLocked(
            "続けて間違えたため、しばらくサインインできません。15分ほどお待ちください。"
        )
    if not check_password_hash(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        db.session.commit()
        return None
    if user.failed_logins or user.locked_until:
        user.failed_logins, user.locked_until = 0, None
        db.session.commit()
    return user


def set_disabled(user: User, disabled: bool, now: datetime) -> None:
    """Disable (signing it out everywhere) or re-enable an account."""
    user.disabled_at = now if disabled else None
    db.session.commit()


def reset_password(user: User, password: str) -> None:
    """Give the account a new password (an admin's reset); it also lifts a lockout."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password", f"パスワードは{MIN_PASSWORD_LENGTH}文字以上にしてください。")
    user.password_hash = generate_password_hash(password)
    unlock(user)


def unlock(user: User) -> None:
    """Lift a lockout from wrong passwords at once, instead of after ``LOCKOUT``."""
    user.failed_logins, user.locked_until = 0, None
    db.session.commit()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash("only here to spend the same time as a real check")
