"""Sending the link: pick the task, type the number, see it back with the SMS, send."""

import re
import secrets

from flask import abort
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user

from service import catalog
from service.auth.roles import staff_required
from service.db import utcnow
from service.errors import InvalidInput
from service.errors import NotFound
from service.hints import choose
from service.hints import issuers
from service.hints import mail_domains
from service.hints.advice import advice
from service.sessions import links
from service.sessions.events import Actor
from service.sms import segments
from service.sms.numbers import MAX_TYPED
from service.sms.numbers import format_national
from service.sms.numbers import normalize_mobile

UNKNOWN = catalog.UNKNOWN_DEVICE
SEND_KEY = re.compile(r"[A-Za-z0-9_-]{16,40}")
# A mail domain shown back in its field: a little past the longest one accepted.
MAX_DOMAIN_TYPED = mail_domains.MAX_LENGTH + 20


@staff_required
def new(device_slug: str):
    """Show the tasks of a device and the number field."""
    device = _device_or_404(device_slug)
    # Back from the confirmation: what was chosen and typed is filled in again.
    return render_template(
        "console/new.html",
        device=device,
        unknown=device_slug == UNKNOWN,
        chosen=request.args.get("guide", "")[:60],
        phone=request.args.get("phone", "")[:MAX_TYPED],
        **_hint_fields(request.args.get("issuer", ""), request.args.get("mail_domain", "")),
    )


@staff_required
def confirm(device_slug: str):
    """Show the number back, formatted, and the SMS as it will be sent."""
    device = _device_or_404(device_slug)
    errors = {}
    guide = _guide_of(device)
    if guide is None:
        errors["guide"] = "案内する手順を選んでください。"
    typed = request.form.get("phone", "")
    try:
        phone = normalize_mobile(typed)
    except InvalidInput as error:
        errors["phone"] = error.message
    given = _hints_given(errors)
    if errors:
        return (
            render_template(
                "console/new.html",
                device=device,
                unknown=device_slug == UNKNOWN,
                errors=errors,
                phone=typed[:MAX_TYPED],  # shown back in the field: never a megabyte
                chosen=guide.slug if guide else None,
                **_hint_fields(request.form.get("issuer", ""), request.form.get("mail_domain", "")),
            ),
            422,
        )
    settings = links.settings()
    # The link is made when sending; a sample of the same length shows the true size.
    sample = settings.sms_text(
        settings.public_url + links.LINK_PATH + "x" * 22, current_user.display_name
    )
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
        # One send per confirmation: sending this form again finds the session it made.
        send_key=secrets.token_urlsafe(16),
        hints=given,
        advice=advice(given, device, guide, unknown=device_slug == UNKNOWN),
    )


@staff_required
def send():
    """Create the session, text the link, and open its live panel."""
    device_slug = request.form.get("device", "")
    device = _device_or_404(device_slug)
    guide = _guide_of(device)
    if guide is None:
        abort(400)
    session = links.start(
        guide_version=guide.current_version,
        phone=request.form.get("phone", ""),
        settings=links.settings(),
        now=utcnow(),
        by=Actor.operator(current_user),
        device_guessed=device_slug == UNKNOWN,
        request_key=_request_key(),
        hints=choose.resolve(request.form.get("issuer"), request.form.get("mail_domain")),
    )
    return redirect(url_for(".session", session_id=session.id), 303)


def _hints_given(errors: dict) -> choose.SessionHints:
    """Return the issuer and mail domain the form gave, noting in ``errors`` what is wrong."""
    try:
        return choose.resolve(request.form.get("issuer"), request.form.get("mail_domain"))
    except InvalidInput as error:
        errors[error.field] = error.message
        return choose.SessionHints()


def _hint_fields(issuer: str, mail_domain: str) -> dict:
    """Return what the form needs to offer (and fill in again) the issuer and mail domain."""
    return {
        "issuers": issuers.listed(),
        "chosen_issuer": issuer[:40],
        "mail_domain": mail_domain[:MAX_DOMAIN_TYPED],
        "known_domains": list(mail_domains.table()),
    }


def _request_key() -> str | None:
    sent = request.form.get("send_key", "")
    if not SEND_KEY.fullmatch(sent):
        return None  # an older form: no protection against sending it twice
    return f"console:{current_user.id}:{sent}"


def _guide_of(device):
    return next((g for g in device.guides if g.slug == request.form.get("guide")), None)


def _device_or_404(device_slug: str):
    if device_slug == UNKNOWN:
        return catalog.stand_in_device(missing=NotFound)
    found = catalog.device(device_slug)
    if found is None:
        abort(404)
    return found
