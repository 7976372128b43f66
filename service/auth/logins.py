"""Signed-in browsers, kept server-side: signing out or being disabled ends them for good.

Each sign-in stores a row naming a random token the browser's cookie carries beside the
user id; the cookie is good only while that row exists. A row per browser (rather than one
counter per user) lets signing out on one browser leave the user's others signed in, for
the same single query per request that loading the user already was.
"""

import secrets
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy import select

from service import tokens
from service.db import db
from service.models import StaffLogin
from service.models import User


def start(user: User, now: datetime) -> str:
    """Record a new signed-in browser for ``user``; return the token its cookie keeps."""
    token = secrets.token_urlsafe(32)
    db.session.add(StaffLogin(user_id=user.id, token_hash=tokens.digest(token), created_at=now))
    db.session.commit()
    return token


def user_for(user_id: str, token: str | None) -> User | None:
    """Return the active user this cookie's id and token still sign in, or None."""
    if not token or not user_id.isdigit():
        return None
    user = db.session.scalar(
        select(User)
        .join(StaffLogin, StaffLogin.user_id == User.id)
        .where(User.id == int(user_id), StaffLogin.token_hash == tokens.digest(token))
    )
    return user if user is not None and user.is_active else None


def end(token: str | None) -> None:
    """Sign this browser out: its cookie, or any copy of it, signs nobody in from now on."""
    if token:
        db.session.execute(delete(StaffLogin).where(StaffLogin.token_hash == tokens.digest(token)))
        db.session.commit()


def end_all(user: User) -> None:
    """Sign every browser of ``user`` out (in the caller's transaction)."""
    db.session.execute(delete(StaffLogin).where(StaffLogin.user_id == user.id))
