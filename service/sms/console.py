"""The default provider: keeps texts in a local outbox instead of sending them."""

import logging

from service.db import db
from service.models import OutboxMessage
from service.sms import SendResult

log = logging.getLogger(__name__)
# The message id this provider answers with: the outbox row's id after this prefix.
PREFIX = "outbox-"


class ConsoleProvider:
    """Write each text to the outbox table (and the log) so one person can play both parts."""

    name = "console"

    def send(self, to: str, body: str) -> SendResult:
        # Same transaction as the session it announces: both are kept, or neither.
        message = OutboxMessage(to=to, body=body)
        db.session.add(message)
        db.session.flush()
        # The body holds a live link: keep it out of the log, the outbox page shows it. The
        # number is cut here too, not only by our formatter: any handler may print this.
        log.info("SMS to …%s queued in the outbox as #%s", to[-4:], message.id)
        return SendResult(provider=self.name, message_id=f"{PREFIX}{message.id}")


def outbox_id(message_id: object) -> int | None:
    """Return the outbox row a message id this provider gave names, or None for another's."""
    if not isinstance(message_id, str) or not message_id.startswith(PREFIX):
        return None
    number = message_id.removeprefix(PREFIX)
    return int(number) if number.isdigit() and number.isascii() else None
