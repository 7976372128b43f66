"""The help pages' views: find the phone, name the trouble, walk a guide, print it."""

from flask import current_app
from flask import render_template
from flask import request
from flask_login import current_user

from service import catalog
from service.customer import PREVIEW_AGENTS
from service.db import utcnow
from service.errors import NotFound
from service.help import finder
from service.help import links
from service.help import sheet
from service.help import troubles
from service.help import usage
from service.help import walk
from service.media.pictures import pictures
from service.models import UseKind

NO_SUCH_PHONE = "このスマホの案内はありません。"


def _counted() -> bool:
    """Whether this view is a customer's own use: not staff, not a link preview, not HEAD."""
    agent = request.user_agent.string or ""
    return (
        request.method == "GET"
        and not PREVIEW_AGENTS.search(agent)
        and not current_user.is_authenticated
    )


def index():
    """Ask about the phone, one question at a time, and show the phones that still fit."""
    devices = catalog.devices()
    answers = finder.read(request.args)
    fitting = finder.candidates(devices, answers)
    return render_template(
        "help/index.html",
        devices=fitting,
        answers=answers,
        question=finder.next_question(fitting, answers),
        questions=finder.QUESTIONS,
        sms_question=finder.SMS_QUESTION,
        sms_choices=finder.sms_choices(fitting),
        images=pictures([d.image_digest for d in fitting]),
    )


def device(device_slug: str):
    """Show the troubles this phone has guides for (and, for one, which of its guides)."""
    found = catalog.device(device_slug)
    if found is None:
        raise NotFound(NO_SUCH_PHONE)
    trouble = troubles.BY_SLUG.get(request.args.get("trouble", ""))
    return render_template(
        "help/device.html",
        device=found,
        trouble=trouble,
        offered=troubles.offered(found),
        chosen=troubles.guides_for(found, trouble) if trouble else [],
        start_step=troubles.start_step,
        guides=[g for g in found.guides if g.current_version is not None],
    )


def guide(device_slug: str, guide_slug: str):
    """Show one step of the guide's current version, with links on (no session, no code)."""
    found = catalog.guide(device_slug, guide_slug, missing=NotFound)
    version = found.current_version
    place = walk.place(version, request.args.get("step"))
    step = place.step
    following = version.step(step.next_step) if step.next_step else None
    images = pictures([step.image_digest, following.image_digest if following else None])
    if _counted():
        usage.record(device_slug, guide_slug, UseKind.PAGE, walk.step_key(step), utcnow())
    return render_template(
        "help/step.html",
        guide=found,
        step=step,
        place=place,
        position=place.position,
        total=place.total,
        picture=images.get(step.image_digest),
        prefetch=images.get(following.image_digest) if following else None,
    )


def printable(device_slug: str, guide_slug: str):
    """Send the guide's one-page A4 sheet: its main route, pictures, and a QR code back."""
    found = catalog.guide(device_slug, guide_slug, missing=NotFound)
    link = links.page_url(device_slug, guide_slug)
    data = sheet.sheet_of(found, link, current_app.config["SHOP_NAME"])
    if _counted():
        usage.record(device_slug, guide_slug, UseKind.PDF, "", utcnow())
    response = current_app.response_class(data, mimetype="application/pdf")
    filename = f"tebiki-{device_slug}-{guide_slug}.pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
