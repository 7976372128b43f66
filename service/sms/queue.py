"""The texts waiting to go: a row per send, written in the transaction that asks for it.

A worker (``service.sessions.texting``) claims each due row, sends it and stores how it went;
retries wait a little longer each time and stop when the link would be gone before the text
came (see ``retry_at``). The rows commit or roll back with the session or the resend, so a
process that dies loses no text, and a request never waits for a provider.
"""

from datetime import datetime
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from service import background
from service.db import db
from service.models import GuidanceSession
from service.models import SmsText
from service.models import TextStatus

# The wait after each failed attempt: four tries in about 45 seconds, since a text that comes
# much later helps less than the QR code or the short code the panel offers at once.
BACKOFF = tuple(timedelta(seconds=s) for s in (3, 10, 30))
# Longer than any provider's timeout (10 s): a live worker's lease never lapses mid-send.
LEASE = timedelta(seconds=60)
WORKER = "tebiki.sms_worker"


def add(session: GuidanceSession, now: datetime) -> SmsText:
    """Queue a text of ``session``'s link, due now; it goes when the caller commits."""
    text = SmsText(session=session, next_attempt_at=now, created_at=now)
    db.session.add(text)
    return text


def wake() -> None:
    """Have this process's worker look for texts now (call it after the commit)."""
    worker = current_app.extensions.get(WORKER)
    if worker is not None:
        worker.wake()


def claim(now: datetime) -> SmsText | None:
    """Return the next due text, leased to this worker, or None."""
    due = (
        select(SmsText)
        .where(SmsText.status == TextStatus.QUEUED, SmsText.next_attempt_at <= now)
        .order_by(SmsText.next_attempt_at, SmsText.id)
    )
    return background.claim(SmsText, due, now, LEASE)


def retry_at(text: SmsText, now: datetime, expires_at: datetime) -> datetime | None:
    """Return when to try ``text`` again after its ``attempts`` failed, or None to give up:
    after the last wait, or when the link would expire before the next try."""
    if text.attempts > len(BACKOFF):
        return None
    again = now + BACKOFF[text.attempts - 1]
    return again if again < expires_at else None


def by_message(provider: str, message_id: str) -> SmsText | None:
    """Return the sent text a provider knows as ``message_id`` (the newest, if two)."""
    query = (
        select(SmsText)
        .where(SmsText.provider == provider, SmsText.message_id == message_id)
        .order_by(SmsText.id.desc())
    )
    return db.session.scalars(query).first()


def waiting(session_id: str) -> SmsText | None:
    """Return the session's newest text if it has not gone out yet (queued, or between
    retries), so the console does not say "sent" of a text still waiting."""
    newest = db.session.scalars(
        select(SmsText).where(SmsText.session_id == session_id).order_by(SmsText.id.desc())
    ).first()
    return newest if newest is not None and newest.status is TextStatus.QUEUED else None
