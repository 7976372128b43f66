"""JSON API v1 for the centre's CRM/CTI: Bearer API keys, one error shape, the URL map below.

Requests are validated and answers checked by pydantic models through spectree
(``service.api.spec``); the same models make ``GET /api/v1/openapi.json``. Errors are
answered by the API renderer in ``service.errors``: ``{"error": code, "message": text}``
(plus ``field`` for invalid input) with a 4xx status.
"""

from flask import Blueprint
from flask import g
from flask import request

from service import limits
from service.api import analytics
from service.api import devices
from service.api import document
from service.api import idempotency
from service.api import images
from service.api import listing
from service.api import sessions
from service.api import webhooks
from service.auth.api_keys import api_key_for
from service.db import utcnow
from service.errors import Unauthorized

bp = Blueprint("api", __name__, url_prefix="/api/v1")


# The document is read before one has a key.
PUBLIC = frozenset({"api.openapi"})


@bp.before_request
def _authenticate():
    if request.endpoint in PUBLIC:
        return
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    key = api_key_for(raw.strip(), utcnow()) if scheme.lower() == "bearer" else None
    if key is None:
        raise Unauthorized("有効な API キーが必要です：Authorization: Bearer <key>")
    g.api_key = key


# After the key is known: a POST with an Idempotency-Key runs once; retries get its answer.
bp.before_request(idempotency.begin)
bp.after_request(idempotency.finish)

bp.add_url_rule("/openapi.json", view_func=document.openapi)
bp.add_url_rule("/devices", view_func=devices.list_devices)
bp.add_url_rule("/devices/<device_slug>/guides/<guide_slug>", view_func=devices.guide_detail)

bp.add_url_rule("/sessions", view_func=listing.list_sessions)
bp.add_url_rule(
    "/sessions", view_func=limits.api_key_sends(sessions.create_session), methods=["POST"]
)
bp.add_url_rule("/sessions/<session_id>", view_func=sessions.get_session)
bp.add_url_rule("/sessions/<session_id>", view_func=sessions.revoke_session, methods=["DELETE"])
bp.add_url_rule("/sessions/<session_id>/events", view_func=sessions.session_events)
for view, path in (
    (sessions.create_short_code, "short-code"),
    (sessions.move_session, "step"),
    (sessions.switch_session, "switch"),
    (sessions.extend_session, "extend"),
    (limits.api_key_sends(sessions.resend_session), "resend"),
):
    bp.add_url_rule(f"/sessions/<session_id>/{path}", view_func=view, methods=["POST"])

bp.add_url_rule("/images", view_func=images.upload_image, methods=["POST"])
# Webhooks: endpoints, their delivery log, replays.
# Ids within their columns (INTEGER, BIGINT): a larger one is an unknown id, 404, not a
# database error.
HOOK = "/webhooks/<int(max=2147483647):webhook_id>"
bp.add_url_rule("/webhooks", view_func=webhooks.create_webhook, methods=["POST"])
bp.add_url_rule("/webhooks", view_func=webhooks.list_webhooks)
bp.add_url_rule(HOOK, view_func=webhooks.delete_webhook, methods=["DELETE"])
bp.add_url_rule(f"{HOOK}/rotate", view_func=webhooks.rotate_webhook, methods=["POST"])
bp.add_url_rule(f"{HOOK}/deliveries", view_func=webhooks.webhook_deliveries)
bp.add_url_rule(
    f"{HOOK}/deliveries/<int(max=9223372036854775807):delivery_id>/replay",
    view_func=webhooks.replay_delivery,
    methods=["POST"],
)
bp.add_url_rule("/analytics/funnel", view_func=analytics.analytics_funnel)
