"""Background threads of a serving process, started with its first request."""

import logging
import threading
from collections.abc import Callable

from flask import Flask

from service.db import db

log = logging.getLogger(__name__)


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
