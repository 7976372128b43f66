"""The live panel: the customer's step, its picture and talk script, alerts, and the stream."""

from flask import current_app
from flask import render_template
from flask import session as flask_session
from flask_login import current_user

from service import catalog
from service.auth.roles import staff_required
from service.console.labels import event_label
from service.console.labels import status_line
from service.db import utcnow
from service.hints.advice import for_session
from service.live.sse import sse_response
from service.media.pictures import pictures
from service.media.qr import qr_svg
from service.models import GuidanceSession
from service.models import SessionStatus
from service.sessions import access
from service.sessions import links
from service.sessions import queries
from service.sessions import shortcodes
from service.sessions.clients import matches
from service.sessions.events import FINAL
from service.sessions.events import TERMINAL
from service.sessions.progress import labels
from service.sessions.progress import position_of
from service.sessions.progress import progress
from service.sessions.progress import skips
from service.sessions.timeline import path_with_times
from service.sessions.timeline import pending_help
from service.sms import queue
from service.sms.numbers import format_national

EXTEND_CHOICES = (5, 10, 15, 30)
# Codes one operator's cookie holds at most (their sessions live at the same time).
MAX_REMEMBERED_CODES = 10


@staff_required
def session(session_id: str):
    """Show one session as the operator follows it during the call."""
    found = get_or_404(session_id)
    url = links.settings().url(found)
    now = utcnow()
    device = found.guide_version.guide.device
    finished = found.is_finished(now)
    version = found.guide_version
    steps = version.steps
    skipped = skips(found)
    help_event = None if finished else pending_help(found)
    status = found.status_at(now)
    waiting = queue.waiting(found.id) if status is SessionStatus.SENT else None
    config = current_app.config
    return render_template(
        "console/session.html",
        session=found,
        device=device,
        url=url,
        qr_svg=qr_svg(url),
        phone=_shown_phone(found),
        status=status,
        status_shown=status_line(status, waiting.attempts if waiting else None),
        finished=finished,
        outcome=found.outcome_at(now),
        ending_step=found.guide_version.step(found.current_step) if found.current_step else None,
        help_pending=event_label(help_event.type, help_event.step) if help_event else None,
        pictures=pictures([step.image_digest for step in found.guide_version.steps]),
        progress=progress(found) if found.current_step else None,
        shown={step.number: position_of(found, step.number) for step in steps},
        advice=for_session(found),
        move_targets=sorted(
            ((label, version.step(number)) for number, label in labels(version, skipped).items()),
            key=lambda pair: (pair[0], pair[1].number),
        ),
        path=path_with_times(found, now),
        mismatch=matches(device.family, found.client_family) is False,
        suggested=catalog.device_for_family(found.client_family or ""),
        all_devices=catalog.devices(),
        extend_choices=EXTEND_CHOICES,
        countdown_minutes=config["CODE_COUNTDOWN_MINUTES"],
        expiry_soon=not finished
        and (found.expires_at - now).total_seconds() <= config["EXPIRY_WARNING_SECONDS"],
        stall_seconds=config["STALL_ALERT_SECONDS"],
        last_event_id=found.events[-1].id if found.events else 0,
        short_code=None if finished else _short_code_for(found, now),
        now=now,
    )


@staff_required
def events(session_id: str):
    """Stream the session's events to the panel."""
    return sse_response(get_or_404(session_id).id, queries.events_after, ends=TERMINAL, final=FINAL)


SHORT_CODES = "short_codes"


def remember_short_code(session_id: str, code: str) -> None:
    """Keep the code just made for this operator's panel, one per session."""
    codes = dict(flask_session.get(SHORT_CODES, {}))
    codes[session_id] = code
    flask_session[SHORT_CODES] = dict(list(codes.items())[-MAX_REMEMBERED_CODES:])


def _short_code_for(found: GuidanceSession, now) -> str | None:
    """Return the code to read aloud while it still works, forgetting it once it does not."""
    code = flask_session.get(SHORT_CODES, {}).get(found.id)
    if code is None:
        return None
    if shortcodes.still_usable(found, code, links.settings(), now):
        return code
    codes = dict(flask_session[SHORT_CODES])
    codes.pop(found.id, None)
    flask_session[SHORT_CODES] = codes
    return None


def _shown_phone(found: GuidanceSession) -> str:
    """Return the number as the panel shows it: whole while live, its last digits after."""
    if found.phone:
        return format_national(found.phone)
    return f"末尾 {found.phone_last4}" if found.phone_last4 else ""


def get_or_404(session_id: str) -> GuidanceSession:
    """Return the session the URL names if the signed-in user may see it, else answer 404.

    Another operator's session is answered like one that does not exist (``sessions.access``).
    """
    return access.get(current_user, session_id)
