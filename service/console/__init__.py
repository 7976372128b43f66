"""The operator's console: send a link, watch the customer's progress live."""

import io
import re
from zoneinfo import ZoneInfo

import qrcode
import qrcode.image.svg
from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from markupsafe import escape
from sqlalchemy import select
from wtforms import SelectField
from wtforms import TelField
from wtforms.validators import DataRequired

from service import catalog
from service import guidance
from service import sms
from service.auth import staff_required
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
from service.models import SessionStatus
from service.phones import format_national

bp = Blueprint("console", __name__, url_prefix="/console")

RECENT_SESSIONS = 20
JST = ZoneInfo("Asia/Tokyo")
URL = re.compile(r"https?://\S+")

STATUS_LABELS = {
    SessionStatus.SENT: "SMS送信済み（未開封）",
    SessionStatus.DELIVERY_FAILED: "SMS送信失敗",
    SessionStatus.OPENED: "案内中",
    SessionStatus.COMPLETED: "完了",
    SessionStatus.EXPIRED: "期限切れ",
    SessionStatus.REVOKED: "無効",
}
# "{step}" is replaced by the step number, here and in console.js.
EVENT_LABELS = {
    EventType.CREATED: "リンクを作成しました",
    EventType.SMS_SENT: "SMSを送りました",
    EventType.SMS_FAILED: "SMSを送れませんでした",
    EventType.OPENED: "お客様がリンクを開きました（手順 {step}）",
    EventType.STEP: "手順 {step} に進みました",
    EventType.HELP: "「わからない」が押されました（手順 {step}）",
    EventType.COMPLETED: "お客様が「できました」を押しました",
    EventType.REVOKED: "リンクを無効にしました",
    EventType.EXPIRED: "リンクの期限が切れました",
    EventType.MOVED: "手順 {step} に移動しました（オペレーター）",
    EventType.SWITCHED: "別の端末・手順に切り替えました",
    EventType.EXTENDED: "期限を延長しました",
    EventType.RESENT: "SMSを送り直しました",
    EventType.SHORT_CODE: "読み上げ用の番号を作りました",
}


CHOICE_LABEL = "「{choice}」を選びました（手順 {step} へ）"
BACK_LABEL = "手順 {step} に戻りました"


def event_label(event_type: str, step: int | None, details: dict | None = None) -> str:
    """Return the console's words for an event."""
    details = details or {}
    label = EVENT_LABELS[EventType(event_type)]
    if event_type == EventType.STEP and details.get("direction") == "choice":
        label = CHOICE_LABEL.replace("{choice}", details.get("choice", ""))
    elif event_type == EventType.STEP and details.get("direction") == "back":
        label = BACK_LABEL
    return label.replace("{step}", str(step or "-"))


@bp.app_template_filter("linkify_sms")
def linkify_sms(body: str) -> Markup:
    """Return an SMS body as HTML with its links clickable."""
    escaped = str(escape(body))
    return Markup(URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped))


@bp.context_processor
def _labels():
    return {
        "jst": JST,
        "status_labels": STATUS_LABELS,
        "status_label_values": {status.value: label for status, label in STATUS_LABELS.items()},
        "event_labels": {
            **{type_.value: label for type_, label in EVENT_LABELS.items()},
            "choice": CHOICE_LABEL,
            "back": BACK_LABEL,
        },
        "event_label": event_label,
    }


class SendForm(FlaskForm):
    guide = SelectField(
        "端末と手順", coerce=int, validators=[DataRequired("手順を選んでください。")]
    )
    phone = TelField("お客様の携帯電話番号", validators=[DataRequired("番号を入力してください。")])


class RevokeForm(FlaskForm):
    """No fields: it carries the CSRF token of a one-button form."""


def _send_form() -> SendForm:
    form = SendForm()
    # A dict gives one <optgroup> per device.
    form.guide.choices = {
        device.name: [(guide.id, guide.title) for guide in device.guides]
        for device in catalog.devices()
    }
    return form


@bp.get("/")
@staff_required
def index():
    recent = db.session.scalars(
        select(GuidanceSession)
        .where(GuidanceSession.operator_id == current_user.id)
        .order_by(GuidanceSession.created_at.desc())
        .limit(RECENT_SESSIONS)
    )
    return render_template("console/index.html", form=_send_form(), recent=recent, now=utcnow())


@bp.post("/sessions")
@staff_required
def send():
    form = _send_form()
    if form.validate_on_submit():
        try:
            session = guidance.start(
                guide_version=catalog.guide_by_id(form.guide.data).current_version,
                phone=form.phone.data,
                settings=LinkSettings.from_config(current_app.config),
                sms=sms.provider(),
                now=utcnow(),
                operator=current_user,
            )
        except InvalidInput as error:
            getattr(form, error.field, form.phone).errors.append(error.message)
        else:
            return redirect(url_for(".session", session_id=session.id), 303)
    return render_template("console/index.html", form=form, recent=[], now=utcnow()), 422


@bp.get("/sessions/<session_id>")
@staff_required
def session(session_id: str):
    found = _get_or_404(session_id)
    settings = LinkSettings.from_config(current_app.config)
    url = settings.url(found)
    return render_template(
        "console/session.html",
        session=found,
        url=url,
        qr_svg=_qr_svg(url),
        phone=format_national(found.phone) if found.phone else "",
        status=found.status_at(utcnow()),
        help_pending=_pending_help(found),
        pictures=pictures([step.image_digest for step in found.guide_version.steps]),
        progress=guidance.progress(found) if found.current_step else None,
        revoke_form=RevokeForm(),
    )


@bp.get("/sessions/<session_id>/events")
@staff_required
def events(session_id: str):
    return sse_response(_get_or_404(session_id).id, guidance.events_after)


@bp.post("/sessions/<session_id>/revoke")
@staff_required
def revoke(session_id: str):
    found = _get_or_404(session_id)
    if RevokeForm().validate_on_submit():
        try:
            guidance.revoke(found, utcnow(), operator=current_user)
        except Conflict:
            flash("この案内はもう終わっているので、無効にする必要はありません。", "error")
        else:
            flash("リンクを無効にしました。", "info")
    return redirect(url_for(".session", session_id=session_id), 303)


@bp.get("/outbox")
@staff_required
def outbox():
    if current_app.config["SMS_PROVIDER"] != "console":
        abort(404)
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(50))
    return render_template("console/outbox.html", messages=messages)


def _pending_help(session: GuidanceSession) -> str | None:
    """Return the alert for a わからない the customer pressed and has not moved on from."""
    for event in reversed(session.events):
        if event.type is EventType.HELP:
            return event_label(event.type.value, event.step)
        if event.type in (EventType.STEP, EventType.COMPLETED, EventType.REVOKED):
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
