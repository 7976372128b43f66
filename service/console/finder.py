"""Finding the customer's phone: device cards, search by the names customers say, questions."""

from flask import render_template
from flask import request
from flask_login import current_user

from service import catalog
from service.auth.roles import staff_required
from service.catalog import finder
from service.db import utcnow
from service.media.pictures import pictures
from service.sessions import queries

RECENT_SESSIONS = 20


@staff_required
def index():
    """Show every device card, filtered by the search and the customer's answers."""
    answers = {
        trait: request.args[trait] == "yes"
        for trait, _ in finder.QUESTIONS
        if request.args.get(trait) in ("yes", "no")
    }
    query = request.args.get("q", "").strip()[:100]
    sms_app = request.args.get("sms", "")
    sms_app = sms_app if sms_app in finder.SMS_APPS else ""
    devices = catalog.devices()
    return render_template(
        "console/index.html",
        devices=finder.search(devices, query, answers, sms_app),
        sms_apps=finder.SMS_APPS,
        sms_app=sms_app,
        all_devices=devices,
        images=pictures([d.image_digest or _first_picture(d) for d in devices]),
        query=query,
        answers=answers,
        questions=finder.QUESTIONS,
        recent=queries.started_by(current_user.id, RECENT_SESSIONS),
        now=utcnow(),
    )


@staff_required
def without_smartphone():
    """Show what Tebiki can and cannot do for a feature phone or a PC, with talk scripts."""
    return render_template("console/without_smartphone.html")


def _first_picture(device) -> str | None:
    guide = device.guides[0] if device.guides else None
    return guide.current_version.steps[0].image_digest if guide else None
