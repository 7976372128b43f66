"""The default provider: keeps texts in a local outbox instead of sending them."""

import logging

from service.db import db
from service.models import OutboxMessage
from service.sms import SendResult

log = logging.getLogger(__name__)


class ConsoleProvider:
    """Write each text to the outbox table (and the log) so one person can play both parts."""

    name = "console"

    def send(self, to: str, body: str) -> SendResult:
        # Same transaction as the session it announces: both are kept, or neither.
        message = OutboxMessage(to=to, body=body)
        db.session.add(message)
        db.session.flush()
        # The body holds a live link: keep it out of the log, the outbox page shows it.
        log.info("SMS to %s queued in the outbox as #%s", to, message.id)
        return SendResult(provider=self.name, message_id=f"outbox-{message.id}")
