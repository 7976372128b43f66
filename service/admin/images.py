"""Admin views of uploaded screenshots: the list (with the digest a step names) and the upload
form, which works without JavaScript; a small script lets the admin drag the boxes."""

from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user

from service.auth.roles import admin_required
from service.db import db
from service.db import utcnow
from service.errors import InvalidInput
from service.errors import TooLarge
from service.illustrate.marks import MARKS
from service.media import uploads
from service.media.uploads.body import takes_upload
from service.media.uploads.fields import upload_from
from service.media.uploads.pipeline import REDACT_MODES

MARK_NAMES = {
    "ring": "赤い枠",
    "arrow": "枠と矢印",
    "tap": "枠と指",
    "swipe_up": "上へなぞる",
    "swipe_down": "下へなぞる",
    "avoid": "押さない（禁止の印）",
}


@admin_required
def listing():
    """List the uploaded screenshots, with the form to upload one."""
    return _page()


@takes_upload
@admin_required
def upload():
    """Upload a screenshot; a refusal shows the form again, saying what was wrong."""
    try:
        record = uploads.accept(upload_from(request.files, request.form), utcnow(), current_user)
    except (InvalidInput, TooLarge) as error:
        db.session.rollback()
        return _page({getattr(error, "field", "file"): error.message}, error.status)
    flash(f"「{record.name}」を登録しました。手順には番号 {record.digest} を使います。", "ok")
    return redirect(url_for(".images") + f"#image-{record.digest[:12]}", 303)


def _page(problems: dict | None = None, status: int = 200):
    page = render_template(
        "admin/images.html",
        uploads=uploads.listed(),
        problems=problems or {},
        form=request.form if request.method == "POST" else {},
        marks=[(name, MARK_NAMES.get(name, name)) for name in MARKS],
        redact_modes=REDACT_MODES,
    )
    return page, status
