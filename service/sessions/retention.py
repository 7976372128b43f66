"""Personal data kept no longer than needed: cut when a session ends, removed by the purge.

A session holds the customer's phone number (to text and resend the link) and, if the
operator gave it, their mail domain. When the session ends (an ending, revoked, expired) the
domain goes and the number is cut to its last 4 digits (``MASK_PHONE_ON_END``); after
``PERSONAL_DATA_DAYS`` the purge removes those 4 digits too, the SMS outbox's copies of the
texts, and the counted tries (they hold client addresses). The event log never holds any of
it, so analytics computed from it keep no personal data.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import update

from service.db import db
from service.models import Attempt
from service.models import GuidanceSession
from service.models import OutboxMessage

# Counted tries matter for minutes (short codes, sign-in lockout); a day is plenty.
ATTEMPTS_KEPT = timedelta(days=1)
# A run of digits long enough to be a phone number, in a provider's error text.
DIGITS = re.compile(r"\+?\d[\d\- ]{6,}\d")


def last4(phone: str | None) -> str | None:
    """Return the last 4 digits of ``phone``, or None."""
    return phone[-4:] if phone else None


def forget_on_end(session: GuidanceSession) -> None:
    """Drop what the session needed only while it ran (the caller commits)."""
    session.mail_domain = None
    if current_app.config["MASK_PHONE_ON_END"]:
        session.phone_last4 = session.phone_last4 or last4(session.phone)
        session.phone = None


def mask_numbers(text: str) -> str:
    """Return ``text`` with anything that looks like a phone number cut to its last 4 digits."""
    return DIGITS.sub(lambda m: "…" + re.sub(r"\D", "", m.group(0))[-4:], text)


@dataclass
class PurgeReport:
    sessions: int = 0
    outbox: int = 0
    attempts: int = 0

    def __str__(self) -> str:
        return (
            f"{self.sessions} sessions cleared, {self.outbox} outbox texts and "
            f"{self.attempts} counted tries removed"
        )


def purge(now: datetime, days: int, batch: int = 500) -> PurgeReport:
    """Remove personal data older than ``days``, ``batch`` rows per transaction.

    Safe to run from cron, twice at once, or again after being stopped: each batch commits
    on its own and only touches rows that still hold something.
    """
    cutoff = now - timedelta(days=days)
    report = PurgeReport()
    holding = or_(
        GuidanceSession.phone.isnot(None),
        GuidanceSession.phone_last4.isnot(None),
        GuidanceSession.mail_domain.isnot(None),
    )
    while ids := _batch(
        select(GuidanceSession.id).where(GuidanceSession.created_at < cutoff, holding), batch
    ):
        db.session.execute(
            update(GuidanceSession)
            .where(GuidanceSession.id.in_(ids))
            .values(phone=None, phone_last4=None, mail_domain=None)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        report.sessions += len(ids)
    report.outbox = _delete_in_batches(OutboxMessage, OutboxMessage.created_at < cutoff, batch)
    report.attempts = _delete_in_batches(Attempt, Attempt.at < now - ATTEMPTS_KEPT, batch)
    return report


def _batch(query, size: int) -> list:
    # SKIP LOCKED on PostgreSQL: a session being changed right now waits for the next run.
    rows = query.limit(size).with_for_update(skip_locked=True)
    return list(db.session.scalars(rows))


def _delete_in_batches(model, condition, size: int) -> int:
    removed = 0
    while ids := _batch(select(model.id).where(condition), size):
        db.session.execute(delete(model).where(model.id.in_(ids)))
        db.session.commit()
        removed += len(ids)
    return removed
