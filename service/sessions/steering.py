"""The operator's (or the CRM's) side of a session: move, switch, extend, resend, revoke."""

from datetime import datetime
from datetime import timedelta

from flask import current_app

from service import limits
from service.db import db
from service.errors import Conflict
from service.errors import InvalidInput
from service.errors import TooManyAttempts
from service.models import GuidanceSession
from service.models import GuideVersion
from service.models import SessionStatus
from service.models.sessions import ENDED_BY_CUSTOMER
from service.sessions import events
from service.sessions import retention
from service.sessions.events import SMS_OUTCOMES
from service.sessions.events import Actor
from service.sessions.events import EventType
from service.sessions.locking import locked
from service.sessions.locking import one_at_a_time
from service.sessions.progress import first_step
from service.sessions.progress import progress
from service.sessions.progress import route_to
from service.sessions.progress import skips
from service.sms import queue as sms_queue

MAX_EXTEND_MINUTES = 60
EXTEND_REFUSED = f"延ばす時間は 1 から {MAX_EXTEND_MINUTES} 分の間で選んでください。"
FINISHED_MESSAGES = {
    SessionStatus.COMPLETED: "この案内はお客様が終えています。",
    SessionStatus.NEEDS_OPERATOR: "この案内はお客様が最後まで進み、お電話での対応を待っています。",
    SessionStatus.EXPIRED: "この案内は期限が切れています。",
    SessionStatus.REVOKED: "この案内のリンクは無効にしてあります。",
}


def ensure_active(session: GuidanceSession, now: datetime) -> None:
    """Refuse operator actions on a session that has ended."""
    status = session.status_at(now)
    if status in FINISHED_MESSAGES:
        db.session.rollback()
        raise Conflict(FINISHED_MESSAGES[status] + "この操作はできません。")


@one_at_a_time
def revoke(session: GuidanceSession, now: datetime, *, by: Actor) -> None:
    """Kill the link for good; revoking twice changes nothing.

    A finished session keeps its outcome: revoking one that reached an ending or expired is
    refused.
    """
    session = locked(session)
    status = session.status_at(now)
    if status is SessionStatus.REVOKED:
        db.session.rollback()
        return
    ensure_active(session, now)
    session.status = SessionStatus.REVOKED
    session.revoked_at = now
    retention.forget_on_end(session)
    events.record(session, EventType.REVOKED, now, step=session.current_step, by=by)
    db.session.commit()


@one_at_a_time
def move_to(session: GuidanceSession, step: int, now: datetime, *, by: Actor) -> None:
    """Put the customer on ``step`` (the operator's choice); their page follows."""
    session = locked(session)
    ensure_active(session, now)
    if session.opened_at is None:
        db.session.rollback()
        raise Conflict("お客様がまだリンクを開いていないため、手順を動かせません。")
    total = session.guide_version.total_steps
    if not 1 <= step <= total:
        db.session.rollback()
        raise InvalidInput("step", f"手順は 1 から {total} までの番号で選んでください。")
    # On the shortest route there, so the customer sees the number the operator chose.
    session.path = route_to(session.guide_version, step, skips(session))
    session.current_step = step
    events.record(session, EventType.MOVED, now, step=step, progress=list(progress(session)), by=by)
    db.session.commit()


@one_at_a_time
def switch(
    session: GuidanceSession, guide_version: GuideVersion, now: datetime, *, by: Actor
) -> None:
    """Move the session to another device's (or task's) guide, from its first step."""
    session = locked(session)
    ensure_active(session, now)
    session.guide_version = guide_version
    session.device_guessed = False  # the operator has chosen the phone
    if session.opened_at is not None:
        session.current_step = first_step(session)
        session.path = [session.current_step]
    guide = guide_version.guide
    events.record(
        session,
        EventType.SWITCHED,
        now,
        step=session.current_step,
        device=guide.device.slug,
        guide=guide.slug,
        version=guide_version.number,
        by=by,
    )
    db.session.commit()


@one_at_a_time
def extend(session: GuidanceSession, minutes: int, now: datetime, *, by: Actor) -> None:
    """Give the link ``minutes`` more, counted from now if it had already run out."""
    if not 1 <= minutes <= MAX_EXTEND_MINUTES:
        raise InvalidInput("minutes", EXTEND_REFUSED)
    session = locked(session)
    if session.status in (*ENDED_BY_CUSTOMER, SessionStatus.REVOKED):
        db.session.rollback()
        raise Conflict(FINISHED_MESSAGES[session.status] + "期限は延ばせません。")
    _within_extend_limits(session, minutes, now)
    if session.status is SessionStatus.EXPIRED:
        # The sweep had ended it: the link works again, from where the customer was.
        session.status = _status_before_expiry(session)
    session.expires_at = max(session.expires_at, now) + timedelta(minutes=minutes)
    events.record(
        session,
        EventType.EXTENDED,
        now,
        step=session.current_step,
        minutes=minutes,
        expires_at=session.expires_at.isoformat(),
        by=by,
    )
    db.session.commit()


def _within_extend_limits(session: GuidanceSession, minutes: int, now: datetime) -> None:
    """Refuse an extend past the per-link count, or past the longest life a link may have."""
    config = current_app.config
    extends = sum(1 for event in session.events if event.type is EventType.EXTENDED)
    if extends >= config["LIMIT_EXTENDS_PER_SESSION"]:
        db.session.rollback()
        raise TooManyAttempts(
            f"期限の延長は1つの案内につき {config['LIMIT_EXTENDS_PER_SESSION']} 回までです。"
            "新しいリンクを送ってください。"
        )
    longest = session.created_at + timedelta(minutes=config["LINK_MAX_LIFE_MINUTES"])
    if max(session.expires_at, now) + timedelta(minutes=minutes) > longest:
        db.session.rollback()
        hours = config["LINK_MAX_LIFE_MINUTES"] / 60
        raise TooManyAttempts(
            f"リンクが使えるのは送ってから最長 {hours:g} 時間です。新しいリンクを送ってください。"
        )


def _status_before_expiry(session: GuidanceSession) -> SessionStatus:
    if session.opened_at is not None:
        return SessionStatus.OPENED
    texts = [event.type for event in session.events if event.type in SMS_OUTCOMES]
    failed = bool(texts) and texts[-1] is EventType.SMS_FAILED
    return SessionStatus.DELIVERY_FAILED if failed else SessionStatus.SENT


@one_at_a_time
def resend(session: GuidanceSession, now: datetime, *, by: Actor) -> None:
    """Queue another text of the same link (the customer could not find the first SMS).

    The worker sends it after the commit; how it went arrives as ``sms_sent`` or
    ``sms_failed`` in the session's log (and on the panel), never as an error here.
    """
    session = locked(session)
    ensure_active(session, now)
    if session.phone is None:
        db.session.rollback()
        raise Conflict("この案内には送り先の電話番号がありません。")
    limits.count_text(session.phone, now)
    events.record(session, EventType.RESENT, now, step=session.current_step, by=by)
    if session.status is SessionStatus.DELIVERY_FAILED:
        session.status = SessionStatus.SENT
    sms_queue.add(session, now)
    db.session.commit()
    sms_queue.wake()
