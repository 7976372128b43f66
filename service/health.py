"""Health checks for the load balancer and the orchestrator.

``/healthz``: the process answers. ``/readyz``: it can do its work, the database and the
live-event broker (Redis when configured) both reachable; 503 saying which is not, so a
node is taken out of rotation until it recovers by itself.
"""

from flask import Blueprint
from flask import current_app
from flask import jsonify
from sqlalchemy import text

from service.db import db
from service.live import brokers

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Answer while the process runs."""
    return _no_store(jsonify({"status": "ok"}))


@bp.get("/readyz")
def readyz():
    """Answer 200 when the database and the broker are reachable, else 503 naming them."""
    checks = {"database": _database(), "broker": _broker()}
    ready = all(state in ("ok", "in-process") for state in checks.values())
    answer = jsonify({"status": "ok" if ready else "unavailable", **checks})
    answer.status_code = 200 if ready else 503
    return _no_store(answer)


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        return "ok"
    except Exception:  # any failure to reach it is the answer, not an error of ours
        db.session.rollback()
        return "unreachable"


def _broker() -> str:
    if current_app.config["LIVE_BACKEND"] != "redis":
        return "in-process"
    broker = current_app.extensions[brokers.EXTENSION]
    return "ok" if broker.reachable() else "unreachable"


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response
