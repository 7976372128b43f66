"""Admin views of a guide's draft: edit steps, reorder, copy, check, publish, discard."""

from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from service import catalog
from service import inputs
from service.admin import step_form
from service.auth.roles import admin_required
from service.content import drafts
from service.content import illustrations
from service.content import preview
from service.content import publishing
from service.db import db
from service.errors import InvalidInput
from service.errors import NotFound
from service.media import uploads
from service.media.pictures import pictures
from service.models import Image
from service.models import Step

NO_DRAFT = "この案内には下書きがありません。案内のページから「下書きを作る」を押してください。"


@admin_required
def start(device_slug: str, guide_slug: str):
    """Open a draft from the current version, or from an older one (?version=N)."""
    guide = catalog.guide(device_slug, guide_slug, missing=NotFound)
    number = None
    if request.form.get("version"):
        number = _version_number()
    drafts.start(guide, current_user, number)
    flash("下書きを作りました。直してから「公開する」を押すと、新しい版になります。", "ok")
    return redirect(_draft_url(guide), 303)


@admin_required
def show(device_slug: str, guide_slug: str):
    """Show the draft's steps, what the content rules say about it, and its preview."""
    guide, draft = _guide_and_draft(device_slug, guide_slug)
    problems = publishing.problems(draft.body, drafts.target(guide))
    link = url_for("customer.preview", preview_token=preview.token_for_draft(guide))
    steps = draft.body["steps"]
    others = [g for d in catalog.devices() for g in d.guides if d.id != guide.device_id]
    return render_template(
        "admin/draft.html",
        guide=guide,
        draft=draft,
        steps=steps,
        problems=problems,
        pictures=pictures([s.get("image") for s in steps]),
        preview_path=link if not problems else None,
        copyable=[g for g in others if g.slug == guide.slug] + [
            g for g in others if g.slug != guide.slug
        ],
    )


@admin_required
def edit_step(device_slug: str, guide_slug: str, key: str):
    """Show one step's form, or save it into the draft."""
    guide, draft = _guide_and_draft(device_slug, guide_slug)
    current = drafts.step(draft, key[:60])
    keys = [s["key"] for s in draft.body["steps"]]
    images = _images()
    if request.method == "GET":
        return _step_page(guide, draft, current, images)
    posted = step_form.read(keys, set(images))
    if posted.problems:
        return _step_page(guide, draft, {"key": key, **posted.fields}, images, posted.problems)
    drafts.save_step(draft, current["key"], posted.fields, current_user)
    flash(f"「{posted.fields['title']}」を下書きに保存しました。", "ok")
    return redirect(_draft_url(guide) + f"#step-{current['key']}", 303)


@admin_required
def add_step(device_slug: str, guide_slug: str):
    """Add an empty step after the one named (or at the end) and open its form."""
    guide, draft = _guide_and_draft(device_slug, guide_slug)
    key = drafts.add_step(draft, request.form.get("after", "")[:60], current_user)
    return redirect(url_for(".draft_step", **_slugs(guide), key=key), 303)


@admin_required
def move_step(device_slug: str, guide_slug: str, key: str):
    """Move a step one place up or down."""
    guide, draft = _guide_and_draft(device_slug, guide_slug)
    offset = -1 if request.form.get("direction") == "up" else 1
    drafts.move_step(draft, key[:60], offset, current_user)
    return redirect(_draft_url(guide) + f"#step-{key[:60]}", 303)


@admin_required
def remove_step(device_slug: str, guide_slug: str, key: str):
    """Take a step out of the draft."""
    guide, draft = _guide_and_draft(device_slug, guide_slug)
    drafts.remove_step(draft, key[:60], current_user)
    flash("手順を下書きから外しました。", "ok")
    return redirect(_draft_url(guide), 303)


@admin_required
def rename(device_slug: str, guide_slug: str):
    """Change the guide's title in the draft."""
    guide, draft = _guide_and_draft(device_slug, guide_slug)
    message = "題名を 120 文字までで入れてください。"
    title = inputs.text(request.form.get("title"), "title", message, 120)
    drafts.set_title(draft, title, current_user)
    return redirect(_draft_url(guide), 303)


@admin_required
def copy(device_slug: str, guide_slug: str):
    """Replace the draft with another device's guide (its current version)."""
    guide = catalog.guide(device_slug, guide_slug, missing=NotFound)
    source_device, _, source_guide = request.form.get("source", "").partition("/")
    source = catalog.guide(source_device[:60], source_guide[:60])
    if source.id == guide.id:
        raise InvalidInput("source", "同じ案内はコピーできません。")
    drafts.copy_from(guide, source, current_user)
    flash(f"{source.device.name}の「{source.title}」を下書きにコピーしました。", "ok")
    return redirect(_draft_url(guide), 303)


@admin_required
def publish(device_slug: str, guide_slug: str):
    """Publish the draft as the next version, unless the content rules refuse it."""
    guide, draft = _guide_and_draft(device_slug, guide_slug)
    try:
        version = publishing.publish(draft, current_user)
    except publishing.Refused as refused:
        flash(f"公開できません：直すところが {len(refused.problems)} か所あります。", "error")
        return redirect(_draft_url(guide) + "#problems", 303)
    flash(f"版 {version.number} を公開しました。これから送る案内はこの版です。", "ok")
    return redirect(url_for(".guide", **_slugs(guide)), 303)


@admin_required
def discard(device_slug: str, guide_slug: str):
    """Throw the draft away."""
    guide, draft = _guide_and_draft(device_slug, guide_slug)
    drafts.discard(draft, current_user)
    flash("下書きを捨てました。公開中の版はそのままです。", "ok")
    return redirect(url_for(".guide", **_slugs(guide)), 303)


@admin_required
def restore(device_slug: str, guide_slug: str):
    """Publish an old version's content again as the newest version."""
    guide = catalog.guide(device_slug, guide_slug, missing=NotFound)
    number = _version_number()
    version = publishing.restore(guide, number, current_user)
    flash(f"版 {number} の内容を、版 {version.number} として公開しました。", "ok")
    return redirect(url_for(".guide", **_slugs(guide)), 303)


def _version_number() -> int:
    return inputs.number(request.form.get("version"), "version", 1, 10_000, "版の番号が違います。")


def _guide_and_draft(device_slug: str, guide_slug: str):
    guide = catalog.guide(device_slug, guide_slug, missing=NotFound)
    draft = drafts.of(guide)
    if draft is None:
        raise NotFound(NO_DRAFT)
    return guide, draft


def _images() -> dict[str, str]:
    """Return the pictures a step may use, digest to name: every guide step's pictures and
    the uploaded screenshots."""
    used = select(Step.image_digest).where(Step.image_digest.is_not(None)).distinct()
    digests = set(db.session.scalars(used))
    stored = set(db.session.scalars(select(Image.digest).where(Image.digest.in_(digests))))
    names = {digest: illustrations.name_of(digest) or digest[:12] for digest in stored}
    # Screenshots admins uploaded (/admin/images), after the drawn pictures.
    uploaded = {c.digest: f"画像：{c.name}" for c in uploads.choices() if c.digest not in names}
    return dict(sorted(names.items(), key=lambda item: item[1])) | uploaded


def _step_page(guide, draft, step: dict, images: dict, problems: dict | None = None):
    page = render_template(
        "admin/draft_step.html",
        guide=guide,
        draft=draft,
        step=step,
        steps=draft.body["steps"],
        images=images,
        picture=pictures([step.get("image")]).get(step.get("image")),
        problems=problems or {},
        choice_rows=step_form.CHOICE_ROWS,
        mail_apps=sorted(step_form.MAIL_APPS),
    )
    return page, 422 if problems else 200


def _slugs(guide) -> dict:
    return {"device_slug": guide.device.slug, "guide_slug": guide.slug}


def _draft_url(guide) -> str:
    return url_for(".draft", **_slugs(guide))
