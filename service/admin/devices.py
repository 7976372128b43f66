"""Admin views of devices: their fields, their pack file out (export) and in (import)."""

import re

from flask import Response
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user

from service import catalog
from service.auth.roles import admin_required
from service.catalog.finder import QUESTIONS
from service.catalog.finder import SMS_APPS
from service.content import devices
from service.content import export
from service.content import importing
from service.content.pack import FAMILIES
from service.content.publishing import Refused
from service.errors import NotFound
from service.media.pictures import pictures

ALIASES = re.compile(r"[\r\n、,]+")


@admin_required
def edit(device_slug: str):
    """Show a device's form, or save it."""
    device = _device(device_slug)
    if request.method == "GET":
        return _form(device, devices.fields_of(device))
    form = request.form
    fields = devices.DeviceFields(
        name=form.get("name", "").strip()[:200],
        family=form.get("family", ""),
        aliases=[a.strip()[:60] for a in ALIASES.split(form.get("aliases", "")) if a.strip()][
            :60
        ],
        traits=form.getlist("traits")[:10],
        sms_apps=form.getlist("sms_apps")[:10],
        image_digest=form.get("image_digest", "").strip()[:64] or None,
    )
    problems = fields.check()
    if problems:
        return _form(device, fields, problems, 422)
    devices.save(device, fields, current_user)
    flash(f"「{fields.name}」を保存しました。", "ok")
    return redirect(url_for(".guides"), 303)


@admin_required
def export_toml(device_slug: str):
    """Download the device's published guides as a pack file."""
    device = _device(device_slug)
    return Response(
        export.device_toml(device),
        mimetype="application/toml",
        headers={"Content-Disposition": f'attachment; filename="{device.slug}.toml"'},
    )


@admin_required
def import_toml():
    """Show the upload form, or load an uploaded pack file through the content rules."""
    if request.method == "GET":
        return render_template("admin/import.html", problems=[])
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("admin/import.html", problems=[], missing=True), 422
    try:
        report = importing.import_device(
            upload.read(importing.MAX_BYTES + 1), upload.filename, current_user
        )
    except Refused as refused:
        return render_template("admin/import.html", problems=refused.problems), 422
    flash(f"読み込みました：{report.versions_added} 件の案内が新しい版になりました。", "ok")
    return redirect(url_for(".guides"), 303)


def _device(slug: str):
    device = catalog.device(slug[:60])
    if device is None:
        raise NotFound("その端末はありません。")
    return device


def _form(device, fields, problems: dict | None = None, status: int = 200):
    digests = [device.image_digest, fields.image_digest]
    page = render_template(
        "admin/device.html",
        device=device,
        fields=fields,
        problems=problems or {},
        families=sorted(FAMILIES),
        questions=QUESTIONS,
        sms_apps=SMS_APPS,
        pictures=pictures(digests),
    )
    return page, status
