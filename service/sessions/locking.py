"""One change to a session at a time: the row lock, and what losing a race looks like."""

import functools

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from service.db import db
from service.errors import Conflict
from service.models import GuidanceSession


def locked(session: GuidanceSession) -> GuidanceSession:
    """Reload ``session`` holding its row lock, so concurrent changes apply one at a time.

    SQLite has no row lock; there the session's version counter makes the slower of two
    simultaneous changes fail with ``StaleDataError`` instead of applying twice.
    """
    return db.session.scalars(
        select(GuidanceSession)
        .where(GuidanceSession.id == session.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


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
