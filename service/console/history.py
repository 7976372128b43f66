"""What happened before: the operator's past sessions, and the console provider's outbox."""

from flask import abort
from flask import current_app
from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from service.auth.roles import staff_required
from service.db import db
from service.db import utcnow
from service.models import OutboxMessage
from service.sessions import queries

HISTORY_SESSIONS = 100
OUTBOX_MESSAGES = 50


@staff_required
def history():
    """List the operator's sessions with their outcome and duration."""
    now = utcnow()
    sessions = queries.started_by(current_user.id, HISTORY_SESSIONS)
    return render_template(
        "console/history.html",
        rows=[(s, s.status_at(now), s.outcome_at(now), queries.duration(s, now)) for s in sessions],
    )


@staff_required
def outbox():
    """List the texts the console SMS provider kept instead of sending."""
    if current_app.config["SMS_PROVIDER"] != "console":
        abort(404)
    messages = db.session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(OUTBOX_MESSAGES)
    )
    return render_template("console/outbox.html", messages=messages)
