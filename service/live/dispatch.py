"""Hand each session event to the subscribers ``create_app`` wires, at the right moment.

Two kinds of subscriber: ``in_transaction`` ones run as the event is recorded, inside its
transaction, so what they write (a webhook delivery row, an SMS status) is kept or dropped
with the event itself; ``after_commit`` ones run once the transaction has committed, for what
must never hear of an event that did not happen (waking live watchers through the broker).

Staged events belong to the transaction (or savepoint) they were recorded in: a rollback or a
close drops them, a savepoint's release hands them to its parent, and only the outermost
commit delivers them. A failing after-commit subscriber is logged and skipped: the events are
stored, and watchers read them back at their next heartbeat.
"""

import logging
from collections.abc import Callable
from collections.abc import Sequence

from flask import Flask
from flask import current_app
from sqlalchemy import event

from service.db import db
from service.live.brokers import PREVIOUS
from service.live.brokers import Payload

Subscriber = Callable[[Sequence[Payload]], None]
EXTENSION = "tebiki.dispatch"
_PENDING = "tebiki.pending_events"  # {transaction: [payload, ...]} in Session.info
_COMMITTED = "tebiki.committed"
log = logging.getLogger(__name__)


class Dispatcher:
    """The app's subscribers to session events."""

    def __init__(
        self, after_commit: Sequence[Subscriber], in_transaction: Sequence[Subscriber] = ()
    ) -> None:
        self.after_commit = list(after_commit)
        self.in_transaction = list(in_transaction)

    def deliver(self, payloads: Sequence[Payload]) -> None:
        """Give committed ``payloads`` to each subscriber; one failing does not stop the rest."""
        for subscriber in self.after_commit:
            try:
                subscriber(payloads)
            except Exception:
                log.exception("subscriber %r failed on %d events", subscriber, len(payloads))


def init_app(
    app: Flask, after_commit: Sequence[Subscriber], in_transaction: Sequence[Subscriber] = ()
) -> None:
    """Give ``app`` its dispatcher, and follow the database session's transactions."""
    app.extensions[EXTENSION] = Dispatcher(after_commit, in_transaction)
    # The database session is shared by every app of the process: hook it once.
    if not event.contains(db.session, "after_transaction_end", _transaction_ended):
        event.listen(db.session, "after_commit", _committed)
        event.listen(db.session, "after_transaction_end", _transaction_ended)


def stage(payload: Payload, previous: int | None = None) -> None:
    """Run the in-transaction subscribers on ``payload``; keep it for delivery on commit.

    ``previous``, the id of the session's event just before it (0: none) when that is
    known for sure, goes to the after-commit subscribers with the event (as ``PREVIOUS``)
    and to no one else: webhooks and the API carry the event alone.
    """
    for subscriber in current_app.extensions[EXTENSION].in_transaction:
        subscriber([payload])  # a failure here fails the change itself, on purpose
    session = db.session()
    transaction = session.get_nested_transaction() or session.get_transaction()
    published = payload if previous is None else {**payload, PREVIOUS: previous}
    session.info.setdefault(_PENDING, {}).setdefault(transaction, []).append(published)


def _committed(session) -> None:
    # Fired just before after_transaction_end, for the transaction (or savepoint) ending.
    session.info[_COMMITTED] = True


def _transaction_ended(session, transaction) -> None:
    committed = session.info.pop(_COMMITTED, False)
    pending = session.info.get(_PENDING, {}).pop(transaction, None)
    if not pending or not committed:
        return  # rolled back or closed: these events did not happen
    if transaction.parent is not None:
        session.info[_PENDING].setdefault(transaction.parent, []).extend(pending)
    else:
        current_app.extensions[EXTENSION].deliver(pending)
