"""Background work of a serving process: its threads, and claiming the queued rows they send.

Queues are tables (webhook deliveries, texts): a row is written in the transaction that asked
for it, so a process that dies loses nothing, and workers in any process share the rows.
"""

import logging
import threading
import weakref
from collections.abc import Callable
from datetime import datetime
from datetime import timedelta

from flask import Flask
from sqlalchemy import Select
from sqlalchemy import or_
from sqlalchemy import update

from service.db import db

log = logging.getLogger(__name__)
# Every worker of the process, so all of them can be stopped at once (see ``stop_all``).
_workers: "weakref.WeakSet[Worker]" = weakref.WeakSet()


def one_round(app: Flask, work: Callable[[], int | None], what: str) -> int | None:
    """Run ``work`` once in ``app``'s context and return what it returned; a failure is
    logged (a database away now may be back at the next round), never raised."""
    with app.app_context():
        try:
            return work()
        except Exception:
            log.exception("%s failed", what)
            return None
        finally:
            db.session.remove()


def loop(
    app: Flask,
    work: Callable[[], int | None],
    what: str,
    interval: float,
    stopped: threading.Event,
    woken: threading.Event | None = None,
) -> None:
    """Run rounds of ``work`` until ``stopped``: again at once while a round found work,
    else after ``interval`` seconds or as soon as ``woken`` is set."""
    woken = woken or threading.Event()
    while not stopped.is_set():
        woken.clear()  # a wake-up during the round brings the next one at once
        if not one_round(app, work, what):
            woken.wait(interval)


class Worker:
    """``loop`` in a daemon thread of the serving process, started with its first request."""

    def __init__(self, app: Flask, work: Callable[[], int | None], what: str, interval: float):
        self.stopped = threading.Event()
        self.woken = threading.Event()
        self.thread = threading.Thread(
            target=loop,
            args=(app, work, what, interval, self.stopped, self.woken),
            name=f"tebiki-{what.replace(' ', '-')}",
            daemon=True,
        )
        start_on_first_request(app, self.thread)
        _workers.add(self)

    def wake(self) -> None:
        """Look for work now instead of at the end of the interval."""
        self.woken.set()

    def stop(self) -> None:
        """Stop after the current round."""
        self.stopped.set()
        self.woken.set()


def stop_all(timeout: float = 15) -> None:
    """Stop every worker of the process and wait for each (an app's database going away)."""
    workers = list(_workers)
    for worker in workers:
        worker.stop()
    for worker in workers:
        if worker.thread.ident is not None:
            worker.thread.join(timeout=timeout)


def claim(model, query: Select, now: datetime, lease: timedelta, hold: bool = False):
    """Return the first row of ``query`` (rows of ``model``) for this worker alone, or None.

    On PostgreSQL the row is read with ``FOR UPDATE SKIP LOCKED``, so workers never wait on
    one another's rows. With ``hold`` it stays locked until the caller commits its outcome (a
    worker that dies drops the lock with its connection). Otherwise, and always on SQLite
    (one writer: no write lock may be held while a slow peer answers), the row is leased by
    ``claimed_until`` and committed before the work; a lease left by a dead worker lapses.
    """
    locking = db.engine.dialect.name == "postgresql"
    free = or_(model.claimed_until.is_(None), model.claimed_until <= now)
    query = query.where(free)
    if locking:
        query = query.with_for_update(skip_locked=True, of=model)
    row = db.session.scalars(query.limit(1)).first()
    if row is None:
        db.session.rollback()
        return None
    if locking and hold:
        return row
    leased = db.session.execute(
        update(model).where(model.id == row.id, free).values(claimed_until=now + lease)
    )
    db.session.commit()
    return row if leased.rowcount == 1 else None


def start_on_first_request(app: Flask, thread: threading.Thread) -> None:
    """Start ``thread`` when ``app`` serves its first request, never in a CLI command.

    A migration or a one-off command must not race a timer of the app.
    """
    start_lock = threading.Lock()

    @app.before_request
    def _start() -> None:
        if thread.ident is None:
            with start_lock:
                if thread.ident is None:
                    thread.start()
