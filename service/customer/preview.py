"""The preview page (/p/<token>): a guide version's steps exactly as the customer sees them,
walked with plain links; nothing is stored or counted."""

from flask import render_template
from flask import request

from service.content import preview
from service.media.pictures import pictures
from service.sessions.progress import progress


def show(preview_token: str):
    """Show one step of the previewed version; ?path=1.2.5 is the walk so far."""
    version, guide = preview.version_for(preview_token)
    walk = preview.walk(version, request.args.get("path", "")[:400])
    step = version.step(walk.current_step)
    position, total = progress(walk)
    trail = ".".join(str(n) for n in walk.path)
    images = pictures([step.image_digest])
    return render_template(
        "customer/preview_step.html",
        step=step,
        position=position,
        total=total,
        picture=images.get(step.image_digest),
        trail=trail,
        back=".".join(str(n) for n in walk.path[:-1]),
        guide=guide,
        version=version,
    )
