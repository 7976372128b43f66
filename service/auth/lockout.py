"""The sign-in lockout: each try on an address is counted, atomically, before its check.

One ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` per try takes a numbered place or finds
the address locked, in the database every process shares (SQLite and PostgreSQL both run
it as one statement), so any number of parallel tries, on any number of processes, get
exactly ``MAX_TRIES`` password checks. The database rather than Redis: the lockout must
hold in the embedded default too, where there is no Redis, and a count in Redis would be
lost with it (the per-client rate in ``service.limits`` is Redis's). Tries are counted per
address whether an account has it or not, so an unknown address locks like a known one.
"""

import hashlib
import hmac
from datetime import datetime
from datetime import timedelta

from flask import current_app
from sqlalchemy import case
from sqlalchemy import delete
from sqlalchemy import literal
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite

from service.db import UTCDateTime
from service.db import db
from service.errors import TooManyAttempts
from service.models import SignInTries

MAX_TRIES = 5
LOCKOUT = timedelta(minutes=15)
# An address's count is forgotten a day after its last try (``flask purge``).
KEPT = timedelta(days=1)


class AccountLocked(TooManyAttempts):
    """Too many wrong passwords in a row: the address waits before trying again."""

    code = "locked"


def key(email: str) -> str:
    """Return the address's key in the table: keyed, so the table holds no address."""
    secret = current_app.config["SECRET_KEY"].encode()
    normal = email.strip().lower().encode()
    return hmac.new(secret, b"sign-in:" + normal, hashlib.sha256).hexdigest()


def count(email: str, now: datetime) -> None:
    """Count one try on ``email`` and commit it, or raise ``AccountLocked`` if it is locked.

    The try that reaches ``MAX_TRIES`` starts the lock itself, so no later try is checked
    until it lifts (or the last counted one turns out right and ``clear`` lifts it).
    """
    table = SignInTries.__table__
    lock_end = literal(now + LOCKOUT, UTCDateTime())
    # A lock that ran out starts the count again; an active one stops the update (no row).
    tries = case((table.c.locked_until.is_not(None), 1), else_=table.c.tries + 1)
    postgres = db.session.get_bind().dialect.name == "postgresql"
    insert = postgresql.insert if postgres else sqlite.insert
    statement = (
        insert(table)
        .values(key=key(email), tries=1, locked_until=None, updated_at=now)
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "tries": tries,
                "locked_until": case((tries >= MAX_TRIES, lock_end), else_=None),
                "updated_at": now,
            },
            where=or_(table.c.locked_until.is_(None), table.c.locked_until <= now),
        )
        .returning(table.c.tries)
    )
    counted = db.session.execute(statement).scalar()
    db.session.commit()
    if counted is None:
        raise AccountLocked(
            "続けて間違えたため、しばらくサインインできません。15分ほどお待ちください。",
            retry_after=_seconds_left(email, now),
        )


def clear(email: str) -> None:
    """Forget the address's tries (a right password, or an admin's unlock); commit."""
    db.session.execute(delete(SignInTries).where(SignInTries.key == key(email)))
    db.session.commit()


def locked(emails: list[str], now: datetime) -> dict[str, datetime]:
    """Return, for each of ``emails`` locked now, until when."""
    keys = {key(email): email for email in emails}
    rows = db.session.execute(
        select(SignInTries.key, SignInTries.locked_until).where(
            SignInTries.key.in_(keys), SignInTries.locked_until > now
        )
    )
    return {keys[row.key]: row.locked_until for row in rows}


def forget_old(now: datetime) -> int:
    """Delete counts untouched for a day; return how many (for ``flask purge``)."""
    over = or_(SignInTries.locked_until.is_(None), SignInTries.locked_until < now)
    old = delete(SignInTries).where(SignInTries.updated_at < now - KEPT, over)
    removed = db.session.execute(old).rowcount
    db.session.commit()
    return removed


def _seconds_left(email: str, now: datetime) -> int | None:
    until = locked([email], now).get(email)
    return max(1, int((until - now).total_seconds()) + 1) if until else None
