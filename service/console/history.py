"""What happened before: the sessions one may see, and the console provider's outbox.

An operator sees their own sessions and their texts; an admin sees everyone's, with who
started each (``sessions.access``).
"""

from flask import abort
from flask import current_app
from flask import render_template
from flask_login import current_user

from service.auth.roles import staff_required
from service.db import utcnow
from service.sessions import access
from service.sessions import queries

HISTORY_SESSIONS = 100
OUTBOX_MESSAGES = 50


@staff_required
def history():
    """List the sessions the signed-in user may see with their outcome and duration."""
    now = utcnow()
    sessions = access.sessions_seen_by(current_user, HISTORY_SESSIONS)
    return render_template(
        "console/history.html",
        rows=[(s, s.status_at(now), s.outcome_at(now), queries.duration(s, now)) for s in sessions],
        everyone=access.sees_all(current_user),
    )


@staff_required
def outbox():
    """List the texts the console SMS provider kept instead of sending (one's own sessions')."""
    if current_app.config["SMS_PROVIDER"] != "console":
        abort(404)
    messages = access.outbox_seen_by(current_user, OUTBOX_MESSAGES)
    return render_template("console/outbox.html", messages=messages)
