"""Webhook endpoints through the API: register, list, rotate, remove; the log and replays.

Admin keys only: an endpoint receives every session's events, whoever started them.
"""

from datetime import timedelta

from flask import current_app
from flask import g
from flask import jsonify

from service.api import answers
from service.api import requests
from service.api.spec import given
from service.api.spec import validate
from service.auth.roles import key_role_required
from service.db import utcnow
from service.models import Role
from service.models import WebhookDelivery
from service.models import WebhookEndpoint
from service.webhooks import endpoints


def endpoint_json(endpoint: WebhookEndpoint) -> dict:
    """Return an endpoint as the API shows it (never its secret)."""
    return {
        "id": endpoint.id,
        "url": endpoint.url,
        "events": endpoint.events,
        "state": endpoint.state.value,
        "failures": endpoint.failures,
        "failing_since": _time(endpoint.failing_since),
        "created_at": endpoint.created_at.isoformat(),
        "previous_secret_until": _time(endpoint.previous_until),
    }


def delivery_json(delivery: WebhookDelivery) -> dict:
    """Return one line of the delivery log."""
    return {
        "id": delivery.id,
        "event_id": delivery.event_id,
        "session": delivery.session_id,
        "type": delivery.payload.get("type"),
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "next_attempt_at": _time(delivery.next_attempt_at),
        "last_status": delivery.last_status,
        "last_error": delivery.last_error,
        "sent_at": _time(delivery.sent_at),
        "created_at": delivery.created_at.isoformat(),
    }


def _time(moment) -> str | None:
    return moment.isoformat() if moment else None


@key_role_required(Role.ADMIN)
@validate(json=requests.NewWebhook, HTTP_201=answers.WebhookSecret)
def create_webhook():
    """Register ``{url, events}``; answer 201 with the secret, shown this once."""
    data = given().json
    endpoint, secret = endpoints.register(
        data.url,
        data.events,
        utcnow(),
        allow_private=current_app.config["WEBHOOK_ALLOW_PRIVATE"],
        key_id=g.api_key.id,
    )
    return jsonify({**endpoint_json(endpoint), "secret": secret}), 201


@key_role_required(Role.ADMIN)
@validate(HTTP_200=list[answers.Webhook])
def list_webhooks():
    """List the endpoints, without their secrets."""
    return jsonify([endpoint_json(endpoint) for endpoint in endpoints.listed()])


@key_role_required(Role.ADMIN)
@validate(HTTP_204=None)
def delete_webhook(webhook_id: int):
    """Remove an endpoint and its log."""
    endpoints.remove(endpoints.get(webhook_id))
    return "", 204


@key_role_required(Role.ADMIN)
@validate(HTTP_200=answers.WebhookSecret)
def rotate_webhook(webhook_id: int):
    """Give the endpoint a new secret; the old one keeps signing through the overlap."""
    endpoint = endpoints.get(webhook_id)
    hours = current_app.config["WEBHOOK_ROTATION_OVERLAP_HOURS"]
    secret = endpoints.rotate(endpoint, utcnow(), timedelta(hours=hours))
    return jsonify({**endpoint_json(endpoint), "secret": secret})


@key_role_required(Role.ADMIN)
@validate(HTTP_200=list[answers.Delivery])
def webhook_deliveries(webhook_id: int):
    """Show the endpoint's latest deliveries, newest first."""
    log = endpoints.deliveries(endpoints.get(webhook_id))
    return jsonify([delivery_json(delivery) for delivery in log])


@key_role_required(Role.ADMIN)
@validate(HTTP_202=answers.Delivery)
def replay_delivery(webhook_id: int, delivery_id: int):
    """Send a delivery's event again (as a new delivery, due now)."""
    again = endpoints.replay(endpoints.get(webhook_id), delivery_id, utcnow())
    return jsonify(delivery_json(again)), 202
