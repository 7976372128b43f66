"""Ending sessions whose time ran out: the expired status stored and the event logged, once.

Nothing that reads writes: the sweep runs from ``flask --app service sessions expire`` and,
while the app serves, from a timer thread in each process (every ``EXPIRY_SWEEP_SECONDS``).
Each session is locked and checked again before it is ended, so sweeps running in several
processes at once end it once.
"""

import logging
import threading
from datetime import datetime

from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from service.background import one_round
from service.background import start_on_first_request
from service.db import db
from service.db import utcnow
from service.models import GuidanceSession
from service.models import SessionStatus
from service.models.sessions import ACTIVE_STATUSES
from service.sessions import events
from service.sessions import retention
from service.sessions.events import EventType
from service.sessions.events import SessionEvent

BATCH = 200
log = logging.getLogger(__name__)


def expire_due(now: datetime, batch: int = BATCH) -> int:
    """End every live session whose link ran out by ``now``; return how many were ended.

    Each session gets a transaction of its own; call this with none open (what is pending on
    the database session is rolled back).
    """
    ended = 0
    while True:
        due = db.session.scalars(
            select(GuidanceSession.id)
            .where(
                GuidanceSession.status.in_(ACTIVE_STATUSES),
                GuidanceSession.expires_at <= now,
            )
            .order_by(GuidanceSession.expires_at)
            .limit(batch)
        ).all()
        db.session.rollback()
        skipped = 0
        for session_id in due:
            result = expire(session_id, now)
            ended += result is True
            skipped += result is None
        # Sessions another sweep holds stay due for it; stop rather than meet them again.
        if len(due) < batch or skipped == len(due):
            return ended


def expire(session_id: str, now: datetime) -> bool | None:
    """End the session if its link ran out by ``now``; return whether this call ended it.

    None means another process holds the session right now (PostgreSQL skips its locked
    rows; SQLite's writer waited too long): that one ends it, or the next sweep does. The
    event is dated when the link ran out, and logged once per expiry: a link extended and
    left to run out again is logged again.
    """
    try:
        session = db.session.scalars(
            select(GuidanceSession)
            .where(GuidanceSession.id == session_id)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        ).one_or_none()
        if session is None:
            return None
        if session.status not in ACTIVE_STATUSES or session.status_at(now) is not (
            SessionStatus.EXPIRED
        ):
            db.session.rollback()
            return False
        logged = select(SessionEvent.id).where(
            SessionEvent.session_id == session.id,
            SessionEvent.type == EventType.EXPIRED,
            SessionEvent.at == session.expires_at,
        )
        # Sessions from before the sweep may have their expiry logged already.
        if db.session.scalar(logged) is None:
            events.record(session, EventType.EXPIRED, session.expires_at, step=session.current_step)
        session.status = SessionStatus.EXPIRED
        # An extension after this goes on without the hint, and cannot resend the text.
        retention.forget_on_end(session)
        db.session.commit()
        return True
    except StaleDataError:
        db.session.rollback()  # another sweep (SQLite) ended it at the same moment
        return False
    except OperationalError:
        db.session.rollback()  # SQLite: the database stayed locked past its busy timeout
        log.warning("expiry of session %s put off: the database is busy", session_id)
        return None


class Sweeper:
    """Run ``expire_due`` every few seconds in a background thread of this process."""

    def __init__(self, app: Flask, interval: float) -> None:
        self.app = app
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="tebiki-expiry", daemon=True)

    def start(self) -> None:
        """Start sweeping."""
        self.thread.start()

    def stop(self) -> None:
        """Stop after the current sweep."""
        self.stopped.set()

    def _run(self) -> None:
        while not self.stopped.wait(self.interval):
            one_round(self.app, lambda: expire_due(utcnow()), "expiry sweep")


def init_app(app: Flask) -> None:
    """Sweep while the app serves requests: the timer starts with the first request."""
    interval = app.config["EXPIRY_SWEEP_SECONDS"]
    if not interval:
        return
    sweeper = Sweeper(app, interval)
    app.extensions["tebiki.sweeper"] = sweeper
    start_on_first_request(app, sweeper.thread)
