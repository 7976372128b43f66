"""Send the queued texts of links: the provider's answer goes into the session's log.

The worker runs in a thread of each serving process, woken right after a session or a resend
commits its text (``sms.queue.wake``), and as ``flask --app service sms work``. A text the
provider refuses for now is tried again (``sms.queue.retry_at``); one refused for good, out
of tries, or whose link is gone first ends as ``sms_failed``: the panel turns to
「SMS送信失敗」 at once, with the QR code and the short code. Delivery is at least once: a
worker that dies after the provider took a text, before its commit, leaves it to be sent
again when the lease lapses.
"""

import logging
from datetime import datetime

from flask import Flask
from sqlalchemy.orm.exc import StaleDataError

from service import background
from service import sms
from service.db import db
from service.db import utcnow
from service.models import SessionStatus
from service.models import SmsText
from service.models import TextStatus
from service.models.sessions import ACTIVE_STATUSES
from service.sessions import events
from service.sessions import links
from service.sessions.events import EventType
from service.sessions.links import LinkSettings
from service.sessions.locking import locked
from service.sessions.retention import mask_numbers
from service.sms import SmsError
from service.sms import SmsProvider
from service.sms import queue

WHAT = "sms round"
EXPIRED = "the link expired before the text could be sent"
ENDED = "the session ended before the text could be sent"
log = logging.getLogger(__name__)


def run_once(
    now: datetime | None = None,
    provider: SmsProvider | None = None,
    settings: LinkSettings | None = None,
) -> int:
    """Try every text due (at ``now``, or the clock's time); return how many were tried."""
    provider = provider or sms.provider()
    settings = settings or links.settings()
    tried = 0
    while text := queue.claim(now or utcnow()):
        try:
            send(text, provider, settings, now or utcnow())
        except StaleDataError:
            # SQLite: the session changed under a failure's status; nothing was sent, and the
            # text is tried again when its lease lapses.
            db.session.rollback()
        tried += 1
    return tried


def send(text: SmsText, provider: SmsProvider, settings: LinkSettings, now: datetime) -> None:
    """Try ``text`` once and store how it went: sent, due again, or failed."""
    session = text.session
    status = session.status_at(now)
    if status not in ACTIVE_STATUSES:
        # An expired link may be extended, and should then say why no text came; an ending
        # for good is the last word in the log.
        return _give_up(text, EXPIRED if status is SessionStatus.EXPIRED else ENDED, now)
    operator = session.operator.display_name if session.operator else ""
    try:
        result = provider.send(session.phone, settings.sms_text(settings.url(session), operator))
    except Exception as exc:
        if not isinstance(exc, SmsError):
            log.exception("SMS provider failed for session %s", session.id)
        db.session.rollback()  # what the provider began (an outbox row) is not kept
        return _failed(text, exc, now)
    locked(session)  # the customer may be opening the link right now
    text.status, text.attempts, text.claimed_until = TextStatus.SENT, text.attempts + 1, None
    text.provider, text.message_id, text.sent_at = result.provider, result.message_id, now
    events.record(
        session, EventType.SMS_SENT, now, provider=result.provider, message_id=result.message_id
    )
    db.session.commit()


def _failed(text: SmsText, exc: Exception, now: datetime) -> None:
    # The log is kept for analytics: a provider's text may quote the number.
    reason = mask_numbers(str(exc))[:200] or type(exc).__name__
    text.attempts += 1
    again = None if getattr(exc, "permanent", False) else queue.retry_at(
        text, now, text.session.expires_at
    )
    if again is None:
        return _give_up(text, reason, now)
    text.next_attempt_at, text.claimed_until, text.last_error = again, None, reason
    db.session.commit()


def _give_up(text: SmsText, reason: str, now: datetime) -> None:
    """Mark ``text`` failed; log ``sms_failed`` unless the session ended for good."""
    session = locked(text.session)
    text.status, text.claimed_until, text.last_error = TextStatus.FAILED, None, reason
    if reason != ENDED:
        if session.status is SessionStatus.SENT:  # an opened link stays opened
            session.status = SessionStatus.DELIVERY_FAILED
        events.record(session, EventType.SMS_FAILED, now, reason=reason)
    db.session.commit()


def init_app(app: Flask) -> None:
    """Run the worker in a thread of this process (``SMS_WORKER_SECONDS``; 0: the command's)."""
    interval = app.config["SMS_WORKER_SECONDS"]
    if interval:
        app.extensions[queue.WORKER] = background.Worker(app, run_once, WHAT, interval)
