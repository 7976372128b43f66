"""Providers' status callbacks: what became of each text, verified as theirs."""

from flask import Blueprint
from flask import current_app
from flask import request
from twilio.request_validator import RequestValidator

from service import inputs
from service.db import utcnow
from service.errors import BadSignature
from service.errors import InvalidJson
from service.sessions import sms_status
from service.sessions.sms_status import Delivery
from service.sms import HTTP_STATUS_PATH
from service.sms import TWILIO_STATUS_PATH
from service.sms import http

bp = Blueprint("sms", __name__)

# Twilio's MessageStatus values; any other (read, receiving...) says nothing new.
TWILIO_STATUSES = {
    "delivered": Delivery.DELIVERED,
    "undelivered": Delivery.FAILED,
    "failed": Delivery.FAILED,
}
HTTP_STATUSES = {status.value: status for status in Delivery} | {"queued": Delivery.SENT}
REFUSED = "署名が正しくありません。"
HTTP_SHAPE = '{"id": "…", "status": "delivered" か "failed"} を送ってください。'



@bp.post(TWILIO_STATUS_PATH)
def twilio_status():
    """Take Twilio's report on a text, signed with the account's auth token."""
    token = current_app.config["TWILIO_AUTH_TOKEN"]
    # Twilio signs the address it called, which is ours as the public sees it.
    url = current_app.config["PUBLIC_URL"] + TWILIO_STATUS_PATH
    signed = request.headers.get("X-Twilio-Signature", "")
    if not token or not RequestValidator(token).validate(url, request.form, signed):
        raise BadSignature(REFUSED)
    status = TWILIO_STATUSES.get(request.form.get("MessageStatus", ""), Delivery.SENT)
    sms_status.apply("twilio", request.form.get("MessageSid", ""), status, utcnow())
    return "", 204


@bp.post(HTTP_STATUS_PATH)
def http_status():
    """Take the HTTP gateway's report {id, status}, signed over its raw body."""
    body = request.get_data()
    signed = request.headers.get(http.SIGNATURE_HEADER)
    if not http.verify(current_app.config["SMS_HTTP_SECRET"], body, signed):
        raise BadSignature(REFUSED)
    report = inputs.json_object(body)  # nesting bounded before parsing (no RecursionError)
    try:
        message_id, status = str(report["id"]), HTTP_STATUSES[report["status"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidJson(HTTP_SHAPE) from exc
    sms_status.apply("http", message_id, status, utcnow())
    return "", 204
