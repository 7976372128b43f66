"""The customer's one optional tap after the end: わかりやすかった / むずかしかった (which step)."""

from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from service import inputs
from service.db import utcnow
from service.sessions import feedback
from service.sessions import links
from service.sessions.progress import position_of

ASK = "ask"


def finished_page(session):
    """Render the end page, with the two buttons while the customer has not tapped yet."""
    return render_template(
        "customer/finished.html",
        guide_session=session,
        ask_voice=feedback.can_give(session),
        thanked=request.args.get("notice") == "thanks",
    )


def give(token: str):
    """Take the tap; after むずかしかった, ask which step (one question per screen)."""
    now = utcnow()
    session = links.for_token(token, now)
    rating = request.form.get("rating", "")
    chosen = request.form.get("step", "")
    if rating == "hard" and chosen == ASK and feedback.can_give(session):
        steps = [session.guide_version.step(n) for n in dict.fromkeys(session.path)]
        shown = {step.number: position_of(session, step.number) for step in steps}
        return render_template(
            "customer/which_step.html", guide_session=session, steps=steps, shown=shown
        )
    step = None
    if chosen and chosen != ASK:
        step = inputs.number(chosen, "step", 0, inputs.MAX_STEP, "手順を選び直してください。")
    if feedback.give(session, rating, step or None, now):
        return redirect(url_for("customer.step", token=token, notice="thanks"), 303)
    return redirect(url_for("customer.step", token=token), 303)
