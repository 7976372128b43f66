"""The panel's buttons: move the customer, switch the guide, extend, resend, short code, revoke.

Each reads its form (CSRFProtect has checked the token), calls one steering service and says
what happened; a refusal is answered by the console's error renderer: the panel again, with
the reason in Japanese and the refusal's status.
"""

from flask import flash
from flask import redirect
from flask import request
from flask import url_for
from flask_login import current_user

from service import catalog
from service import inputs
from service.auth.roles import staff_required
from service.console.panel import get_or_404
from service.console.panel import remember_short_code
from service.db import utcnow
from service.errors import InvalidInput
from service.sessions import links
from service.sessions import shortcodes
from service.sessions import steering
from service.sessions.events import Actor
from service.sessions.steering import MAX_EXTEND_MINUTES

MOVE_REFUSED = "移動先の手順を一覧から選んでください。"


def _back(session_id: str, message: str, category: str = "info"):
    flash(message, category)
    return redirect(url_for(".session", session_id=session_id), 303)


@staff_required
def revoke(session_id: str):
    """Kill the customer's link."""
    found = get_or_404(session_id)
    steering.revoke(found, utcnow(), by=Actor.operator(current_user))
    return _back(session_id, "リンクを無効にしました。")


@staff_required
def move(session_id: str):
    """Put the customer's page on the chosen step."""
    found = get_or_404(session_id)
    target = found.guide_version.step_by_key(request.form.get("step", "")[:60])
    if target is None:
        raise InvalidInput("step", MOVE_REFUSED)
    steering.move_to(found, target.number, utcnow(), by=Actor.operator(current_user))
    return _back(session_id, f"お客様の画面を手順 {len(found.path)}（{target.title}）にしました。")


@staff_required
def switch(session_id: str):
    """Move the session to another device's guide for the same task (or another task)."""
    found = get_or_404(session_id)
    target = catalog.guide(
        request.form.get("device", ""), request.form.get("guide") or found.guide_version.guide.slug
    )
    steering.switch(found, target.current_version, utcnow(), by=Actor.operator(current_user))
    return _back(session_id, "端末・手順を切り替えました。")


@staff_required
def extend(session_id: str):
    """Give the link more minutes."""
    found = get_or_404(session_id)
    minutes = inputs.number(
        request.form.get("minutes"), "minutes", 1, MAX_EXTEND_MINUTES, steering.EXTEND_REFUSED
    )
    steering.extend(found, minutes, utcnow(), by=Actor.operator(current_user))
    return _back(session_id, f"期限を{minutes}分延ばしました。")


@staff_required
def resend(session_id: str):
    """Text the same link again."""
    found = get_or_404(session_id)
    steering.resend(found, utcnow(), by=Actor.operator(current_user))
    # How it went shows on the panel as it happens (a refusal turns it to 「SMS送信失敗」).
    return _back(session_id, "同じリンクをもう一度SMSで送ります。")


@staff_required
def short_code(session_id: str):
    """Make a 6-digit code to read aloud, shown once on the panel."""
    found = get_or_404(session_id)
    issued = shortcodes.issue(found, links.settings(), utcnow(), by=Actor.operator(current_user))
    # Kept to read aloud again, in this operator's signed cookie only (the database keeps a
    # hash): the panel shows it until it is used, replaced or expired.
    remember_short_code(session_id, issued.code)
    return _back(session_id, "読み上げ用の番号を作りました。")
