"""One change to a session at a time: the row lock, and what losing a race looks like."""

import functools

from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.exc import StaleDataError

from service import tokens
from service.db import db
from service.errors import Conflict
from service.errors import NotFound
from service.models import GuidanceSession

UNKNOWN_LINK = "このリンクは見つかりません。"
_HELD = "tebiki.locked_sessions"  # {session id: transaction} in Session.info


# The version row comes in the same statement (the press needs its content hash to find
# the cached steps); only the session's row is locked, never the shared version. Built once:
# building a statement costs a press more than running it does.
_LOCKING = (
    select(GuidanceSession)
    .join(GuidanceSession.guide_version)
    .options(contains_eager(GuidanceSession.guide_version))
    .with_for_update(of=GuidanceSession)
    .execution_options(populate_existing=True)
)
_BY_ID = _LOCKING.where(GuidanceSession.id == bindparam("session_id"))
_BY_TOKEN = _LOCKING.where(GuidanceSession.token_hash == bindparam("token_hash"))


def locked(session: GuidanceSession) -> GuidanceSession:
    """Reload ``session`` holding its row lock, so concurrent changes apply one at a time.

    SQLite has no row lock; there the session's version counter makes the slower of two
    simultaneous changes fail with ``StaleDataError`` instead of applying twice. A session
    already locked in the current transaction is returned as it is: it cannot have changed.
    """
    if holds(session):
        return session
    return _hold(db.session.scalars(_BY_ID, {"session_id": session.id}).one())


def holds(session: GuidanceSession) -> bool:
    """Whether the current transaction holds ``session``'s row lock (taken here)."""
    transaction = _transaction()
    return transaction is not None and db.session.info.get(_HELD, {}).get(session.id) is transaction


def locked_link(token: str) -> GuidanceSession:
    """Return the session a customer's link opens, its row locked; or raise ``NotFound``."""
    found = db.session.scalars(_BY_TOKEN, {"token_hash": tokens.digest(token)})
    session = found.one_or_none()
    if session is None:
        raise NotFound(UNKNOWN_LINK)
    return _hold(session)


def _transaction():
    session = db.session()
    return session.get_nested_transaction() or session.get_transaction()


def _hold(session: GuidanceSession) -> GuidanceSession:
    held = db.session.info.setdefault(_HELD, {})
    transaction = _transaction()
    # Forget the locks of transactions that have ended; they were released with them.
    for session_id in [key for key, value in held.items() if value is not transaction]:
        del held[session_id]
    held[session.id] = transaction
    return session


def one_at_a_time(action):
    """Report a change that lost a race with another (SQLite's version check) as a Conflict."""

    @functools.wraps(action)
    def run(*args, **kwargs):
        try:
            return action(*args, **kwargs)
        except StaleDataError:
            db.session.rollback()
            raise Conflict(
                "同じ案内が同時に変わりました。画面を読み込み直して、もう一度お試しください。"
            ) from None

    return run
