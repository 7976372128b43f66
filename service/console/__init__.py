"""The operator's console: find the phone, send a link, watch and steer the customer live."""

import io
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import qrcode
import qrcode.image.svg
from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from markupsafe import escape
from sqlalchemy import select

from service import catalog
from service import guidance
from service import shortcodes
from service import sms
from service.auth import staff_required
from service.clients import matches
from service.console.labels import STATUS_LABELS
from service.console.labels import event_label
from service.console.labels import label_table
from service.console.timeline import path_with_times
from service.db import db
from service.db import utcnow
from service.errors import Conflict
from service.errors import InvalidInput
from service.guidance import LinkSettings
from service.live import sse_response
from service.media import pictures
from service.models import EventType
from service.models import GuidanceSession
from service.models import OutboxMessage
from service.phones import format_national
from service.phones import normalize_mobile
from service.sms import segments

bp = Blueprint("console", __name__, url_prefix="/console")

RECENT_SESSIONS = 20
HISTORY_SESSIONS = 100
JST = ZoneInfo("Asia/Tokyo")
URL = re.compile(r"https?://\S+")
UNKNOWN = "unknown"
EXTEND_CHOICES = (5, 10, 15, 30)


class ActionForm(FlaskForm):
    """No fields: it carries the CSRF token of the console's one-button forms."""


@bp.app_template_filter("linkify_sms")
def linkify_sms(body: str) -> Markup:
    """Return an SMS body as HTML with its links clickable."""
    escaped = str(escape(body))
    return Markup(URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped))


@bp.app_template_filter("duration")
def duration(seconds: float | None) -> str:
    """Return 「1分05秒」 for 65 seconds."""
    if seconds is None:
        return "-"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}分{rest:02d}秒" if minutes else f"{rest}秒"


@bp.context_processor
def _labels():
    return {
        "jst": JST,
        "status_labels": STATUS_LABELS,
        "event_label": event_label,
        "labels": label_table(),
        "action_form": ActionForm(),
    }


# --- finding the phone ---------------------------------------------------------------


@bp.get("/")
@staff_required
def index():
    answers = {
        trait: request.args[trait] == "yes"
        for trait, _ in catalog.QUESTIONS
        if request.args.get(trait) in ("yes", "no")
    }
    query = request.args.get("q", "").strip()
    devices = catalog.devices()
    found = catalog.search(devices, query, answers)
    recent = db.session.scalars(
        select(GuidanceSession)
        .where(GuidanceSession.operator_id == current_user.id)
        .order_by(GuidanceSession.created_at.desc())
        .limit(RECENT_SESSIONS)
    ).all()
    return render_template(
        "console/index.html",
        devices=found,
        all_devices=devices,
        images=pictures([d.image_digest or _first_picture(d) for d in devices]),
        query=query,
        answers=answers,
        questions=catalog.QUESTIONS,
        recent=recent,
        now=utcnow(),
    )


def _first_picture(device) -> str | None:
    guide = device.guides[0] if device.guides else None
    return guide.current_version.steps[0].image_digest if guide else None


@bp.get("/new/<device_slug>")
@staff_required
def new(device_slug: str):
    device = _device_or_404(device_slug)
    return render_template("console/new.html", device=device, unknown=device_slug == UNKNOWN)


def _device_or_404(device_slug: str):
    if device_slug == UNKNOWN:
        # Any device's guides name the tasks; the session moves to the right phone on opening.
        devices = catalog.devices()
        if not devices:
            abort(404)
        return devices[0]
    found = catalog.device(device_slug)
    if found is None:
        abort(404)
    return found


@bp.post("/new/<device_slug>")
@staff_required
def confirm(device_slug: str):
    """Show the number back, formatted, and the SMS as it will be sent."""
    device = _device_or_404(device_slug)
    errors = {}
    guide = next((g for g in device.guides if g.slug == request.form.get("guide")), None)
    if guide is None:
        errors["guide"] = "案内する手順を選んでください。"
    try:
        phone = normalize_mobile(request.form.get("phone", ""))
    except InvalidInput as error:
        errors["phone"] = error.message
    if errors or not ActionForm().validate():
        return (
            render_template(
                "console/new.html",
                device=device,
                unknown=device_slug == UNKNOWN,
                errors=errors,
                phone=request.form.get("phone", ""),
                chosen=request.form.get("guide"),
            ),
            422,
        )
    settings = LinkSettings.from_config(current_app.config)
    # The link is made when sending; a sample of the same length shows the true size.
    sample = settings.sms_text(settings.public_url + guidance.LINK_PATH + "x" * 22)
    return render_template(
        "console/confirm.html",
        device=device,
        guide=guide,
        phone=phone,
        formatted=format_national(phone),
        unknown=device_slug == UNKNOWN,
        preview=sample,
        characters=len(sample),
        parts=segments(sample),
    )


@bp.post("/sessions")
@staff_required
def send():
    if not ActionForm().validate():
        abort(400)
    device_slug = request.form.get("device", "")
    device = _device_or_404(device_slug)
    guide = next((g for g in device.guides if g.slug == request.form.get("guide")), None)
    if guide is None:
        abort(400)
    try:
        session = guidance.start(
            guide_version=guide.current_version,
            phone=request.form.get("phone", ""),
            settings=LinkSettings.from_config(current_app.config),
            sms=sms.provider(),
            now=utcnow(),
            operator=current_user,
            device_guessed=device_slug == UNKNOWN,
        )
    except InvalidInput as error:
        flash(error.message, "error")
        return redirect(url_for(".new", device_slug=device_slug), 303)
    return redirect(url_for(".session", session_id=session.id), 303)


# --- the live panel --------------------------------------------------------------------


@bp.get("/sessions/<session_id>")
@staff_required
def session(session_id: str):
    found = _get_or_404(session_id)
    settings = LinkSettings.from_config(current_app.config)
    url = settings.url(found)
    now = utcnow()
    device = found.guide_version.guide.device
    suggested = catalog.device_for_family(found.client_family or "")
    return render_template(
        "console/session.html",
        session=found,
        device=device,
        url=url,
        qr_svg=_qr_svg(url),
        phone=format_national(found.phone) if found.phone else "",
        status=found.status_at(now),
        help_pending=_pending_help(found),
        pictures=pictures([step.image_digest for step in found.guide_version.steps]),
        progress=guidance.progress(found) if found.current_step else None,
        path=path_with_times(found, now),
        mismatch=matches(device.family, found.client_family) is False,
        suggested=suggested,
        all_devices=catalog.devices(),
        extend_choices=EXTEND_CHOICES,
        countdown_minutes=current_app.config["CODE_COUNTDOWN_MINUTES"],
        stall_seconds=current_app.config["STALL_ALERT_SECONDS"],
        last_event_id=found.events[-1].id if found.events else 0,
        now=now,
    )


@bp.get("/sessions/<session_id>/events")
@staff_required
def events(session_id: str):
    return sse_response(_get_or_404(session_id).id, guidance.events_after)


def _operator_action(session_id: str, run, done: str):
    """Run one of the panel's buttons: check the form, do it, say what happened, go back."""
    found = _get_or_404(session_id)
    if not ActionForm().validate():
        abort(400)
    try:
        run(found)
    except DeliveryFailed as error:
        flash(error.message, "error")
    except (Conflict, InvalidInput) as error:
        flash(_conflict_message(error), "error")
    else:
        flash(done, "info")
    return redirect(url_for(".session", session_id=session_id), 303)


def _conflict_message(error) -> str:
    if isinstance(error, InvalidInput):
        return "入力を確かめてください：" + error.message
    return "この案内はもう終わっているか、まだ開かれていないため、できませんでした。"


@bp.post("/sessions/<session_id>/revoke")
@staff_required
def revoke(session_id: str):
    return _operator_action(
        session_id,
        lambda s: guidance.revoke(s, utcnow(), operator=current_user),
        "リンクを無効にしました。",
    )


@bp.post("/sessions/<session_id>/move")
@staff_required
def move(session_id: str):
    step = request.form.get("step", "")
    return _operator_action(
        session_id,
        lambda s: guidance.move_to(
            s, int(step) if step.isdigit() else 0, utcnow(), operator=current_user
        ),
        f"お客様の画面を手順 {step} にしました。",
    )


@bp.post("/sessions/<session_id>/switch")
@staff_required
def switch(session_id: str):
    def run(found):
        target = catalog.guide(
            request.form.get("device", ""),
            request.form.get("guide") or found.guide_version.guide.slug,
        )
        guidance.switch(found, target.current_version, utcnow(), operator=current_user)

    return _operator_action(session_id, run, "端末・手順を切り替えました。")


@bp.post("/sessions/<session_id>/extend")
@staff_required
def extend(session_id: str):
    minutes = request.form.get("minutes", "")
    return _operator_action(
        session_id,
        lambda s: guidance.extend(
            s, int(minutes) if minutes.isdigit() else 0, utcnow(), operator=current_user
        ),
        f"期限を{minutes}分延ばしました。",
    )


@bp.post("/sessions/<session_id>/resend")
@staff_required
def resend(session_id: str):
    def run(found):
        sent = guidance.resend(
            found,
            LinkSettings.from_config(current_app.config),
            sms.provider(),
            utcnow(),
            operator=current_user,
        )
        if not sent:
            raise DeliveryFailed(
                "SMSを送れませんでした。QRコードか読み上げ用の番号をお使いください。"
            )

    return _operator_action(session_id, run, "同じリンクをもう一度SMSで送りました。")


class DeliveryFailed(Exception):
    """The SMS provider refused the text (the refusal is already logged)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@bp.post("/sessions/<session_id>/short-code")
@staff_required
def short_code(session_id: str):
    found = _get_or_404(session_id)
    if not ActionForm().validate():
        abort(400)
    try:
        guidance.ensure_active(found, utcnow())
    except Conflict as error:
        flash(_conflict_message(error), "error")
    else:
        issued = shortcodes.issue(
            found,
            LinkSettings.from_config(current_app.config),
            current_app.config["SHORT_CODE_MINUTES"],
            utcnow(),
            by=f"user:{current_user.id}",
        )
        # Shown once, to this operator, to read aloud; it is not stored in clear anywhere.
        flash(issued.code, "short-code")
    return redirect(url_for(".session", session_id=session_id), 303)


# --- history and outbox ---------------------------------------------------------------


@bp.get("/history")
@staff_required
def history():
    sessions = db.session.scalars(
        select(GuidanceSession)
        .where(GuidanceSession.operator_id == current_user.id)
        .order_by(GuidanceSession.created_at.desc())
        .limit(HISTORY_SESSIONS)
    ).all()
    now = utcnow()
    return render_template(
        "console/history.html",
        rows=[(s, s.status_at(now), _duration(s, now)) for s in sessions],
    )


def _duration(session: GuidanceSession, now) -> float | None:
    """Seconds from opening the link to finishing it (or until now, while it runs)."""
    if session.opened_at is None:
        return None
    end = session.completed_at or session.revoked_at or min(now, session.expires_at)
    return max(timedelta(0), end - session.opened_at).total_seconds()


@bp.get("/outbox")
@staff_required
def outbox():
    if current_app.config["SMS_PROVIDER"] != "console":
        abort(404)
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(50))
    return render_template("console/outbox.html", messages=messages)


# --- helpers --------------------------------------------------------------------------


def _pending_help(session: GuidanceSession) -> str | None:
    """Return the alert for a わからない the customer pressed and has not moved on from."""
    for event in reversed(session.events):
        if event.type is EventType.HELP:
            return event_label(event.type.value, event.step)
        if event.type in (
            EventType.STEP,
            EventType.MOVED,
            EventType.SWITCHED,
            EventType.COMPLETED,
            EventType.REVOKED,
        ):
            return None
    return None


def _get_or_404(session_id: str) -> GuidanceSession:
    found = db.session.get(GuidanceSession, session_id)
    if found is None:
        abort(404)
    return found


def _qr_svg(url: str) -> str:
    """Return the QR code of ``url`` as inline SVG markup."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]
