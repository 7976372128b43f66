"""Admin view of the webhook endpoints: their state, the delivery log, replays."""

from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_login import current_user

from service import audit
from service.auth.roles import admin_required
from service.db import db
from service.db import utcnow
from service.webhooks import endpoints

LOG_SHOWN = 50
STATE_NAMES = {"active": "正常", "failing": "失敗中（24時間届きませんでした）"}
STATUS_NAMES = {"pending": "送信待ち", "sent": "送信済み", "failed": "あきらめました"}


@admin_required
def listing():
    """List every endpoint with its state and its latest deliveries."""
    shown = [(e, endpoints.deliveries(e, LOG_SHOWN)) for e in endpoints.listed()]
    return render_template(
        "admin/webhooks.html",
        endpoints=shown,
        state_names=STATE_NAMES,
        status_names=STATUS_NAMES,
    )


@admin_required
def replay(webhook_id: int, delivery_id: int):
    """Queue a delivery's event again, and say so."""
    again = endpoints.replay(endpoints.get(webhook_id), delivery_id, utcnow())
    audit.record(
        current_user,
        "webhook.replay",
        f"webhooks/{webhook_id}",
        after={"delivery": delivery_id, "event": again.event_id},
    )
    db.session.commit()
    flash(f"イベント {again.event_id} をもう一度送ります（配信 {again.id}）。", "ok")
    return redirect(url_for(".webhooks", _anchor=f"webhook-{webhook_id}"), 303)
