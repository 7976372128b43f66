"""Admin views of the guides: every version's steps with their sources, and a preview of it
as the customer sees it, in a phone frame and on a real phone through a QR code."""

from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from service import catalog
from service import inputs
from service.auth.roles import admin_required
from service.content import drafts
from service.content import preview
from service.errors import NotFound
from service.media.pictures import pictures
from service.media.qr import qr_svg
from service.sessions import links
from service.sessions.progress import labels
from service.sessions.progress import main_route_length


@admin_required
def index():
    """Open the admin pages on the guides."""
    return redirect(url_for(".guides"))


@admin_required
def listing():
    """List every device's guides with their current version and what still needs checking."""
    return render_template(
        "admin/guides.html", devices=catalog.devices(), drafted=drafts.drafted_guides()
    )


@admin_required
def detail(device_slug: str, guide_slug: str):
    """Show one version of a guide (the current one unless ?version=N), and its preview."""
    guide = catalog.guide(device_slug, guide_slug, missing=NotFound)
    version = guide.current_version
    if "version" in request.args:
        number = inputs.number(
            request.args["version"], "version", 1, 10_000, "版の番号が正しくありません。"
        )
        version = next((v for v in guide.versions if v.number == number), None)
        if version is None:
            raise NotFound("その版はありません。")
    link = url_for("customer.preview", preview_token=preview.token_for(version))
    # The address a phone reaches, as in the customer's links (not this request's host,
    # which behind a proxy is an internal one).
    public = links.settings().public_url + link
    return render_template(
        "admin/guide.html",
        guide=guide,
        version=version,
        shown=labels(version),
        main_length=main_route_length(version),
        pictures=pictures([step.image_digest for step in version.steps]),
        preview_path=link,
        preview_url=public,
        preview_qr=qr_svg(public),
        preview_minutes=preview.MINUTES,
        draft=drafts.of(guide),
    )
