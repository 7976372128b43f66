"""Hand committed events to the subscribers ``create_app`` wires (the broker now; webhooks,
SMS status and analytics later), and never an event whose transaction rolled back.

The event writer stages each payload on the database session; the commit delivers them, in
order, to every subscriber. A failing subscriber is logged and skipped: the events are
stored, and watchers read them back at their next heartbeat.
"""

import logging
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from flask import Flask
from flask import current_app
from sqlalchemy import event

from service.db import db

Payload = dict[str, Any]
Subscriber = Callable[[Sequence[Payload]], None]
EXTENSION = "tebiki.dispatch"
_PENDING = "tebiki.pending_events"
log = logging.getLogger(__name__)


class Dispatcher:
    """The app's list of subscribers to committed events."""

    def __init__(self, subscribers: Sequence[Subscriber]) -> None:
        self.subscribers = list(subscribers)

    def deliver(self, payloads: Sequence[Payload]) -> None:
        """Give ``payloads`` to each subscriber in turn; one failing does not stop the rest."""
        for subscriber in self.subscribers:
            try:
                subscriber(payloads)
            except Exception:
                log.exception("subscriber %r failed on %d events", subscriber, len(payloads))


def init_app(app: Flask, subscribers: Sequence[Subscriber]) -> None:
    """Give ``app`` its dispatcher, and hook delivery to the end of each transaction."""
    app.extensions[EXTENSION] = Dispatcher(subscribers)
    # The database session is shared by every app of the process: hook it once.
    if not event.contains(db.session, "after_commit", _deliver):
        event.listen(db.session, "after_commit", _deliver)
        event.listen(db.session, "after_rollback", _discard)


def stage(payload: Payload) -> None:
    """Queue ``payload`` for delivery when the current transaction commits."""
    db.session.info.setdefault(_PENDING, []).append(payload)


def _deliver(session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        current_app.extensions[EXTENSION].deliver(pending)


def _discard(session) -> None:
    session.info.pop(_PENDING, None)
