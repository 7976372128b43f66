"""Prometheus metrics at /metrics: what the database holds, and what this process serves.

Sessions, events and SMS results are counted in the database at scrape time, so every
process answers alike. Request latency (by endpoint, never by path: a path holds tokens) and
open event streams are this process's own; with several worker processes, set
``PROMETHEUS_MULTIPROC_DIR`` and prometheus_client adds up every process's files.
"""

import hmac
import ipaddress

from flask import Blueprint
from flask import Response
from flask import current_app
from flask import jsonify
from flask import request
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client import CollectorRegistry
from prometheus_client import generate_latest
from prometheus_client import multiprocess
from prometheus_client.core import CounterMetricFamily
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func
from sqlalchemy import select

from service.db import db
from service.models import GuidanceSession
from service.models.sessions import OUTCOMES
from service.models.sessions import SessionStatus
from service.observability.instruments import OPEN_STREAMS
from service.observability.instruments import REQUEST_SECONDS
from service.sessions.events import SMS_OUTCOMES
from service.sessions.events import EventType
from service.sessions.events import SessionEvent

bp = Blueprint("observability", __name__)


class DatabaseCollector:
    """Count sessions, events and SMS results in the database at scrape time."""

    def collect(self):
        """Yield the families read from the database."""
        by_status = dict(
            db.session.execute(
                select(GuidanceSession.status, func.count()).group_by(GuidanceSession.status)
            ).all()
        )
        by_type = dict(
            db.session.execute(
                select(SessionEvent.type, func.count()).group_by(SessionEvent.type)
            ).all()
        )
        db.session.rollback()
        sessions = GaugeMetricFamily(
            "tebiki_sessions", "Guidance sessions stored, by status.", labels=["status"]
        )
        outcomes = GaugeMetricFamily(
            "tebiki_session_outcomes", "Ended guidance sessions, by outcome.", labels=["outcome"]
        )
        ended = dict.fromkeys(OUTCOMES.values(), 0)
        for status in SessionStatus:
            sessions.add_metric([status.value], by_status.get(status, 0))
            if status in OUTCOMES:
                ended[OUTCOMES[status]] += by_status.get(status, 0)
        for outcome, count in ended.items():
            outcomes.add_metric([outcome.value], count)
        events = CounterMetricFamily(
            "tebiki_session_events", "Session events recorded, by type.", labels=["type"]
        )
        for kind in EventType:
            events.add_metric([kind.value], by_type.get(kind, 0))
        sms = CounterMetricFamily(
            "tebiki_sms_results",
            "SMS outcomes recorded: sent, failed, delivered.",
            labels=["result"],
        )
        for kind in sorted(SMS_OUTCOMES):
            sms.add_metric([kind.value.removeprefix("sms_")], by_type.get(kind, 0))
        yield from (sessions, outcomes, events, sms)


@bp.get("/metrics")
def metrics():
    """Answer Prometheus' scrape, to the bearer of METRICS_TOKEN (or, unset, to loopback)."""
    refused = _refusal()
    if refused:
        return refused
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector())
    directory = current_app.config["PROMETHEUS_MULTIPROC_DIR"]
    if directory:
        multiprocess.MultiProcessCollector(registry, path=directory)
    else:
        registry.register(REQUEST_SECONDS)
        registry.register(OPEN_STREAMS)
    response = Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response


def _refusal():
    expected = current_app.config["METRICS_TOKEN"]
    if expected:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if hmac.compare_digest(given.encode(), expected.encode()):
            return None
        answer = jsonify(error="unauthorized", message="METRICS_TOKEN の Bearer が必要です。")
        answer.status_code = 401
        answer.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return answer
    if _from_loopback():
        return None
    answer = jsonify(
        error="forbidden", message="METRICS_TOKEN が未設定のため、この機械の中からだけ読めます。"
    )
    answer.status_code = 403
    return answer


def _from_loopback() -> bool:
    # A proxy on this machine makes every client look local: a request that came through
    # one (X-Forwarded-For present while ProxyFix trusts no hop) is not a local one.
    if not current_app.config["PROXY_FIX_X_FOR"] and request.headers.get("X-Forwarded-For"):
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False
