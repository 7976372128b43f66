"""Abuse limits, all in one place: what each one counts, where it is kept, what it answers.

Per-request rates (sends per operator and per API key, sign-in tries per client) are
Flask-Limiter's, kept in Redis when ``LIVE_BACKEND`` is ``redis`` (every process shares
them) and in memory otherwise. Counts that belong to the data itself (texts to one number,
extends of one session, the life of a link) are counted in the database, so they hold
across processes with no Redis at all. Every refusal is a 429 with ``Retry-After`` where
waiting helps, and a message that names the limit.
"""

import hashlib
from datetime import datetime
from datetime import timedelta

from flask import Flask
from flask import current_app
from flask import g
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import text

from service.db import db
from service.errors import TooManyAttempts
from service.models import Attempt

# With Redis down the limits fall back to each process's memory: a request is never refused
# (or failed) because the limit's store cannot be reached.
limiter = Limiter(
    key_func=get_remote_address,
    headers_enabled=True,
    swallow_errors=True,
    in_memory_fallback_enabled=True,
)
TEXT_WINDOW = timedelta(minutes=10)


def init_app(app: Flask) -> None:
    """Give the limiter its storage: Redis when live events go through Redis."""
    if app.config["LIVE_BACKEND"] == "redis":
        app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"])
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)


def _operator() -> str:
    return f"operator:{current_user.get_id()}"


def _api_key() -> str:
    return f"api-key:{g.api_key.id}"


def _per_minute(name: str, who: str) -> str:
    return f"{who}：1分に {current_app.config[name]} 回までです。少し待ってから送ってください。"


def _sends(setting: str, scope: str, key_func, who: str):
    """A per-minute limit on SMS sends, shared by every view it decorates."""
    return limiter.shared_limit(
        lambda: f"{current_app.config[setting]} per minute",
        scope=scope,
        key_func=key_func,
        error_message=lambda: _per_minute(setting, who),
        methods=["POST"],
    )


# Texts sent by one operator, and by one API key (resends included).
operator_sends = _sends("LIMIT_SENDS_PER_OPERATOR", "operator-sends", _operator, "SMS の送信")
api_key_sends = _sends(
    "LIMIT_SENDS_PER_API_KEY", "api-key-sends", _api_key, "この API キーの SMS 送信"
)
# Sign-in tries from one client address (each account also locks after 5 wrong ones).
sign_in_tries = limiter.limit(
    lambda: f"{current_app.config['LIMIT_SIGN_INS_PER_CLIENT']} per minute",
    error_message=lambda: _per_minute("LIMIT_SIGN_INS_PER_CLIENT", "サインイン"),
    methods=["POST"],
)


def count_text(number: str, now: datetime) -> None:
    """Count one text to ``number``, or refuse it when the number had enough lately."""
    most = current_app.config["LIMIT_TEXTS_PER_NUMBER"]
    key = _text_key(number)
    window_start = now - TEXT_WINDOW
    if db.session.get_bind().dialect.name == "postgresql":
        # One count-and-add at a time per number, across processes.
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
    db.session.execute(delete(Attempt).where(Attempt.key == key, Attempt.at < window_start))
    recent = select(Attempt.at).where(Attempt.key == key, Attempt.at >= window_start)
    times = sorted(db.session.scalars(recent))
    if len(times) >= most:
        db.session.rollback()
        wait = (times[len(times) - most] + TEXT_WINDOW - now).total_seconds()
        raise TooManyAttempts(
            f"同じ番号への SMS は10分に {most} 通までです（再送も数えます）。"
            "QR コードか、読み上げる番号（6桁）をお使いください。",
            retry_after=max(1, int(wait) + 1),
        )
    db.session.add(Attempt(key=key, at=now))


def _text_key(number: str) -> str:
    # Keyed, so the attempts table never holds a phone number.
    secret = current_app.config["SECRET_KEY"].encode()
    return "text:" + hashlib.sha256(secret + number.encode()).hexdigest()[:40]
