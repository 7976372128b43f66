"""The customer's side of a session: opening the link, 次へ, 戻る, choices, わからない, the end.

Every change locks the session row, appends to the event log and commits; the commit hands
the events to live watchers (see ``service.live.dispatch``).
"""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from service import catalog
from service.content.published import published
from service.db import db
from service.models import Ending
from service.models import GuidanceSession
from service.models import SessionStatus
from service.models.sessions import ENDED_BY_CUSTOMER
from service.sessions import events
from service.sessions import retention
from service.sessions.clients import Client
from service.sessions.clients import matches
from service.sessions.events import AUTOMATIC
from service.sessions.events import EventType
from service.sessions.links import ensure_link_works
from service.sessions.locking import locked
from service.sessions.locking import locked_link
from service.sessions.progress import asked_back
from service.sessions.progress import first_step
from service.sessions.progress import landing
from service.sessions.progress import progress
from service.sessions.progress import skips


class Action(enum.StrEnum):
    """What the customer's buttons ask for."""

    NEXT = "next"
    BACK = "back"
    CHOOSE = "choose"
    HELP = "help"
    DONE = "done"
    # 「ほかのアプリで見る」: back to the question the mail-domain hint skipped.
    OTHER_APP = "other_app"


class PressResult(enum.Enum):
    """What a customer's press did, so the page can say so."""

    MOVED = "moved"
    HELPED = "helped"
    ENDED = "ended"
    IGNORED = "ignored"


def open_link(session: GuidanceSession, now: datetime, client: Client | None = None) -> bool:
    """Note that the customer has opened the link; the first time, put them on step 1.

    ``client`` is the phone the browser reported; the console compares it with the device
    the operator chose. Return whether anything was written (then the session is reloaded
    on its next read, and its event log has grown).
    """
    learn = bool(client and client.family) and (
        session.client_family is None or session.device_guessed
    )
    if session.opened_at is not None and not learn and not _another_browser(session, client):
        return False
    try:
        _open(session, now, client)
    except StaleDataError:
        db.session.rollback()  # a second tab opened it at the same moment: once is enough
    return True


def for_press(token: str, now: datetime) -> GuidanceSession:
    """Return the session a press on the customer's link is for, its row already locked
    (one statement for the lookup and the lock); or raise ``NotFound`` / ``LinkGone``."""
    session = locked_link(token)
    ensure_link_works(session, now)
    return session


def _open(session: GuidanceSession, now: datetime, client: Client | None) -> None:
    session = locked(session)
    if session.opened_at is not None:
        if _another_browser(session, client):
            # Someone else may hold the link, or the customer moved to another phone or
            # browser: the operator hears of it and sees the newer one.
            ensure_link_works(session, now)
            events.record(
                session,
                EventType.OPENED_ELSEWHERE,
                now,
                step=session.current_step,
                client=client.label,
                before=_known_label(session),
            )
            _note_client(session, client)
        # Opened before by a browser that did not say which phone: learn it now.
        elif client is not None and client.family and session.client_family is None:
            _note_client(session, client)
        if client is not None and session.device_guessed:
            _switch_to_family(session, client.family, now)
        db.session.commit()
        return
    ensure_link_works(session, now)
    session.opened_at = now
    if session.status in (SessionStatus.SENT, SessionStatus.DELIVERY_FAILED):
        session.status = SessionStatus.OPENED
    details = {}
    if client is not None and session.device_guessed:
        _switch_to_family(session, client.family, now)
    # After the switch: the phone's family says which questions its mail domain answers.
    session.current_step = first_step(session)
    session.path = [session.current_step]
    if client is not None:
        _note_client(session, client)
        details = {
            "client": client.label,
            "matches_device": matches(session.guide_version.guide.device.family, client.family),
        }
    events.record(
        session, EventType.OPENED, now, step=1, progress=list(progress(session)), **details
    )
    db.session.commit()


def act(
    session: GuidanceSession,
    action: Action,
    shown_step: int,
    now: datetime,
    choice: int = 0,
    shown_version: int | None = None,
) -> PressResult:
    """Carry out the customer's ``action``, pressed on the page that showed ``shown_step``.

    A move pressed on a page that is no longer current (a double tap, a stale tab) is
    ignored, so one tap never moves the customer two steps; わからない always reaches the
    operator. A press made on a page of another guide version (the operator switched the
    guide meanwhile) is ignored the same way.
    """
    try:
        return _act(session, action, shown_step, now, choice, shown_version)
    except StaleDataError:
        # Another press changed the session between our read and our write (SQLite).
        db.session.rollback()
        return PressResult.IGNORED


def _act(
    session: GuidanceSession,
    action: Action,
    shown_step: int,
    now: datetime,
    choice: int,
    shown_version: int | None,
) -> PressResult:
    session = locked(session)
    if session.status in ENDED_BY_CUSTOMER:
        db.session.rollback()
        return PressResult.IGNORED  # a second press on the last step: nothing to change
    ensure_link_works(session, now)
    version = published(session.guide_version)
    if not 1 <= shown_step <= version.total_steps:
        db.session.rollback()
        return PressResult.IGNORED  # no such step in this guide: a hand-made form
    if action is Action.HELP:
        events.record(session, EventType.HELP, now, step=shown_step)
        db.session.commit()
        return PressResult.HELPED
    stale_version = shown_version and shown_version != session.guide_version_id
    if session.current_step != shown_step or stale_version:
        db.session.rollback()
        return PressResult.IGNORED
    step = version.step(shown_step)
    result = PressResult.IGNORED
    skipped = skips(session)
    if action is Action.NEXT and step.next_step is not None:
        _move(session, landing(step.next_step, skipped), now, direction="next")
        result = PressResult.MOVED
    elif action is Action.CHOOSE and 0 <= choice < len(step.choices):
        picked = step.choices[choice]
        to_step = landing(picked.next_step, skipped)
        _move(session, to_step, now, direction="choice", choice=picked.label)
        result = PressResult.MOVED
    elif action is Action.OTHER_APP and (question := asked_back(step.number, skipped)):
        _move(session, question, now, direction="other_app")
        result = PressResult.MOVED
    elif action is Action.BACK and len(session.path) > 1:
        session.path = session.path[:-1]
        session.current_step = session.path[-1]
        events.record(
            session,
            EventType.STEP,
            now,
            step=session.current_step,
            direction="back",
            progress=list(progress(session)),
        )
        result = PressResult.MOVED
    elif action is Action.DONE and step.is_end:
        _end(session, step, now)
        result = PressResult.ENDED
    if result is PressResult.IGNORED:
        db.session.rollback()
        return result
    db.session.commit()
    return result


def _end(session: GuidanceSession, step, now: datetime) -> None:
    """End the session as the end step says: the order went through, or the operator takes over."""
    session.ended_at = now
    retention.forget_on_end(session)
    if step.ending is Ending.NEEDS_OPERATOR:
        session.status = SessionStatus.NEEDS_OPERATOR
        events.record(session, EventType.NEEDS_OPERATOR, now, step=step.number)
        return
    session.status = SessionStatus.COMPLETED
    session.completed_at = now
    events.record(session, EventType.COMPLETED, now, step=step.number)


def _move(session: GuidanceSession, to_step: int, now: datetime, **details: Any) -> None:
    session.path = [*session.path, to_step]
    session.current_step = to_step
    events.record(
        session, EventType.STEP, now, step=to_step, progress=list(progress(session)), **details
    )


def _known_label(session: GuidanceSession) -> str:
    return Client(
        os=session.client_os or "",
        browser=session.client_browser or "",
        model=session.client_model or "",
        family=session.client_family or "",
    ).label


def _another_browser(session: GuidanceSession, client: Client | None) -> bool:
    """Whether an opened link is now opened by a browser other than the one that opened it."""
    if client is None or session.opened_at is None or not (client.os or client.browser):
        return False
    if not (session.client_os or session.client_browser):
        return False  # the first browser said nothing: nothing to compare with
    known = (session.client_os, session.client_browser, session.client_model)
    seen = (client.os[:40] or None, client.browser[:60] or None, client.model[:60] or None)
    return known != seen


def _note_client(session: GuidanceSession, client: Client) -> None:
    session.client_os = client.os[:40] or None
    session.client_browser = client.browser[:60] or None
    session.client_model = client.model[:60] or None
    session.client_family = client.family or None


def _switch_to_family(session: GuidanceSession, family: str, now: datetime) -> None:
    """Put a guessed session on the same task for the phone family its browser reported."""
    target = catalog.device_for_family(family)
    if target is None:
        return  # the browser did not say: stay guessed, the console says so
    current = session.guide_version.guide
    if target.id == current.device_id:
        session.device_guessed = False
        return
    guide = next((g for g in target.guides if g.slug == current.slug), None)
    if guide is None or guide.current_version is None:
        return
    session.guide_version = guide.current_version
    session.device_guessed = False
    if session.opened_at is not None:
        session.current_step = first_step(session)
        session.path = [session.current_step]
    events.record(
        session,
        EventType.SWITCHED,
        now,
        step=session.current_step,
        device=target.slug,
        guide=guide.slug,
        version=guide.current_version.number,
        by=AUTOMATIC,
    )
