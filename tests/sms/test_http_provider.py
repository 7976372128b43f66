"""The ``http`` provider against a local fake gateway, and its signed status callback."""

import json

import pytest
import requests

from service import create_app
from service import sms
from service.db import db
from service.models import EventType
from service.models import SessionStatus
from service.sms import SmsError
from service.sms import http as http_sms
from service.sms.http import HttpProvider
from tests.conftest import BASE_CONFIG
from tests.live_server import LiveServer
from tests.sms.test_twilio_status import state
from tests.webhooks.receiver import Receiver

SECRET = "gateway-shared-secret"
PATH = "/sms/http/status"


def gateway(status: int = 200, reply: object = None, delay: float = 0.0) -> Receiver:
    """A fake SMS gateway: a local HTTP server answering ``reply`` (as JSON unless bytes)."""
    body = reply if isinstance(reply, bytes) else json.dumps(reply or {"id": "gw-77"}).encode()
    return Receiver(statuses=[status] * 5, delay=delay, reply=body)


def provider(fake: Receiver, token: str | None = "gw-token") -> HttpProvider:
    return HttpProvider(fake.url, token, "https://tebiki.example" + PATH)


def sent(fake: Receiver) -> list[tuple[dict, dict]]:
    """Return each request the gateway got: its headers (lower-cased) and its JSON."""
    return [(headers, json.loads(body)) for headers, body in fake.received]


def test_send_posts_json_with_the_bearer_token_and_returns_the_gateways_id():
    with gateway(reply={"id": "abc-123"}) as fake:
        result = provider(fake).send("+819012345678", "本文 https://x/g/t")

    assert (result.provider, result.message_id) == ("http", "abc-123")
    ((headers, body),) = sent(fake)
    assert headers["authorization"] == "Bearer gw-token"
    assert headers["content-type"] == "application/json"
    assert body == {
        "to": "+819012345678",
        "body": "本文 https://x/g/t",
        "status_url": "https://tebiki.example/sms/http/status",
    }


def test_without_a_token_no_authorization_is_sent():
    with gateway() as fake:
        provider(fake, token=None).send("+819012345678", "x")

    assert "authorization" not in sent(fake)[0][0]


@pytest.mark.parametrize(
    "status, reply",
    [
        (500, {"error": "down"}),
        (401, {"error": "bad token"}),
        (200, {"no": "id"}),
        (200, {"id": ""}),
        (200, {"id": None}),
        (200, b"<html>not json</html>"),
        (200, ["gw-1"]),
    ],
)
def test_a_refusal_or_an_answer_without_an_id_is_an_sms_error(status, reply):
    with gateway(status=status, reply=reply) as fake, pytest.raises(SmsError):
        provider(fake).send("+819012345678", "x")


def test_a_gateway_that_hangs_is_an_sms_error(monkeypatch):
    monkeypatch.setattr(http_sms, "SEND_TIMEOUT_SECONDS", 0.2)
    with gateway(delay=1.0) as fake, pytest.raises(SmsError):
        provider(fake).send("+819012345678", "x")


def test_a_gateway_that_is_not_there_is_an_sms_error():
    with gateway() as fake:
        url = fake.url
    with pytest.raises(SmsError):
        HttpProvider(url, None, "https://tebiki.example" + PATH).send("+819012345678", "x")


def test_the_provider_needs_its_settings(tmp_path):
    with pytest.raises(ValueError, match="SMS_HTTP_SECRET"):
        create_app(
            {
                **BASE_CONFIG,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                "SMS_PROVIDER": "http",
                "SMS_HTTP_URL": "https://gateway.example/send",
            }
        )


@pytest.fixture
def wired(app_factory):
    """The app over real HTTP with SMS_PROVIDER=http, and the fake gateway it texts through."""
    with gateway() as fake, LiveServer() as live:
        settings = {"SMS_HTTP_URL": fake.url, "SMS_HTTP_SECRET": SECRET}
        app = live.serve(app_factory(PUBLIC_URL=live.url, SMS_PROVIDER="http", **settings))
        with app.app_context():
            yield live, fake


@pytest.fixture
def texted(wired, make_session):
    live, _ = wired
    # The test's own app is current here: text through the served app's provider.
    session, _ = make_session(provider=live.app.extensions[sms.EXTENSION])
    db.session.commit()
    return session.id


def report(live, body: bytes, secret: str | None = SECRET):
    headers = {"Content-Type": "application/json"}
    if secret:
        headers[http_sms.SIGNATURE_HEADER] = http_sms.signature(secret, body)
    return requests.post(live.url + PATH, data=body, headers=headers, timeout=10)


def test_the_link_goes_through_the_gateway_with_our_status_address(wired, texted):
    live, fake = wired
    ((_, body),) = sent(fake)
    assert body["status_url"] == live.url + PATH
    assert "/g/" in body["body"]  # the customer's link


def test_a_signed_delivered_report_is_logged_once(wired, texted):
    live, _ = wired
    delivered = json.dumps({"id": "gw-77", "status": "delivered"}).encode()
    for _ in range(2):
        assert report(live, delivered).status_code == 204
    assert report(live, b'{"id": "gw-77", "status": "failed"}').status_code == 204

    assert state(texted) == (SessionStatus.SENT, [EventType.SMS_DELIVERED])


def test_a_signed_failure_sets_delivery_failed(wired, texted):
    live, _ = wired
    assert report(live, b'{"id": "gw-77", "status": "failed"}').status_code == 204

    assert state(texted) == (SessionStatus.DELIVERY_FAILED, [EventType.SMS_FAILED])


@pytest.mark.parametrize("secret", ["another-secret", None])
def test_a_forged_or_unsigned_report_is_refused(wired, texted, secret):
    live, _ = wired
    answer = report(live, b'{"id": "gw-77", "status": "failed"}', secret=secret)

    assert answer.status_code == 403
    assert answer.json()["error"] == "bad_signature"
    assert state(texted) == (SessionStatus.SENT, [])


def test_a_signature_over_another_body_is_refused(wired, texted):
    live, _ = wired
    signed = http_sms.signature(SECRET, b'{"id": "gw-77", "status": "delivered"}')
    answer = requests.post(
        live.url + PATH,
        data=b'{"id": "gw-77", "status": "failed"}',
        headers={http_sms.SIGNATURE_HEADER: signed},
        timeout=10,
    )

    assert answer.status_code == 403
    assert state(texted) == (SessionStatus.SENT, [])


@pytest.mark.parametrize(
    "body", [b"not json", b'{"id": "gw-77"}', b'{"id": "gw-77", "status": "read"}', b"[1]"]
)
def test_a_signed_report_of_the_wrong_shape_is_refused_cleanly(wired, texted, body):
    live, _ = wired
    answer = report(live, body)

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_json"
    assert state(texted) == (SessionStatus.SENT, [])
