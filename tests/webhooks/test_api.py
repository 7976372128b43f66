"""The webhook API over real HTTP: register, list, the log, replay, rotate, remove, refusals."""

import pytest
import requests
from standardwebhooks import Webhook

from service.auth import api_keys
from service.models import Role
from service.webhooks import worker
from tests.live_server import LiveServer
from tests.webhooks.receiver import Receiver

NEW_SESSION = {"device": "android-google-messages", "guide": "sms-code", "phone": "070-1234-5678"}


class Crm:
    """The CRM's side: API calls with a key, over HTTP."""

    def __init__(self, base: str, key: str):
        self.base = f"{base}/api/v1"
        self.auth = {"Authorization": f"Bearer {key}"}

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, self.base + path, headers=self.auth, timeout=5, **kwargs)


def serve(app_factory, **settings):
    live = LiveServer()
    app = live.serve(app_factory(PUBLIC_URL=live.url, **settings))
    with app.app_context():
        # Webhooks are managed with an admin's key: they receive every session's events.
        key = api_keys.create_api_key("crm", Role.ADMIN)[1]
        app.config["TEST_OPERATOR_KEY"] = api_keys.create_api_key("desk", Role.OPERATOR)[1]
    return live, app, Crm(live.url, key)


@pytest.fixture
def crm(app_factory):
    live, app, crm = serve(app_factory, WEBHOOK_ALLOW_PRIVATE=True)
    with live, Receiver() as receiver:
        yield app, crm, receiver


def test_register_then_events_arrive_and_the_log_shows_them(crm):
    app, crm, receiver = crm
    made = crm.call("POST", "/webhooks", json={"url": receiver.url, "events": ["created"]})
    assert made.status_code == 201, made.text
    hook = made.json()
    assert hook["secret"].startswith("whsec_") and hook["events"] == ["created"]
    assert hook["url"] == receiver.url and hook["state"] == "active"

    listed = crm.call("GET", "/webhooks").json()
    assert [h["id"] for h in listed] == [hook["id"]]
    assert "secret" not in listed[0]  # shown once, at creation

    session = crm.call("POST", "/sessions", json=NEW_SESSION).json()
    with app.app_context():
        worker.run_once()
    (body,) = receiver.verified(hook["secret"])
    assert body["data"]["session"] == session["id"]

    log = crm.call("GET", f"/webhooks/{hook['id']}/deliveries").json()
    assert [(d["type"], d["status"], d["attempts"]) for d in log] == [
        ("session.created", "sent", 1)
    ]
    assert log[0]["last_status"] == 200 and log[0]["sent_at"]

    replayed = crm.call("POST", f"/webhooks/{hook['id']}/deliveries/{log[0]['id']}/replay")
    assert replayed.status_code == 202 and replayed.json()["status"] == "pending"
    again = crm.call("POST", f"/webhooks/{hook['id']}/deliveries/{replayed.json()['id']}/replay")
    assert again.status_code == 409 and again.json()["error"] == "conflict"
    with app.app_context():
        worker.run_once()
    assert len(receiver.verified(hook["secret"])) == 2
    headers = [h for h, _ in receiver.received]
    assert headers[0]["webhook-id"] == headers[1]["webhook-id"]  # the same message again


def test_rotate_answers_a_new_secret_and_both_sign_meanwhile(crm):
    app, crm, receiver = crm
    hook = crm.call("POST", "/webhooks", json={"url": receiver.url, "events": ["created"]}).json()
    rotated = crm.call("POST", f"/webhooks/{hook['id']}/rotate")
    assert rotated.status_code == 200
    new = rotated.json()["secret"]
    assert new != hook["secret"] and rotated.json()["previous_secret_until"]
    crm.call("POST", "/sessions", json=NEW_SESSION)
    with app.app_context():
        worker.run_once()
    headers, body = receiver.received[0]
    assert Webhook(new).verify(body, headers) and Webhook(hook["secret"]).verify(body, headers)


def test_delete_removes_the_endpoint_and_nothing_more_is_sent(crm):
    app, crm, receiver = crm
    hook = crm.call("POST", "/webhooks", json={"url": receiver.url}).json()
    assert hook["events"] == ["*"]
    assert crm.call("DELETE", f"/webhooks/{hook['id']}").status_code == 204
    crm.call("POST", "/sessions", json=NEW_SESSION)
    with app.app_context():
        assert worker.run_once() == 0
    assert receiver.received == []
    gone = crm.call("GET", f"/webhooks/{hook['id']}/deliveries")
    assert gone.status_code == 404 and gone.json()["error"] == "not_found"
    assert crm.call("DELETE", f"/webhooks/{hook['id']}").status_code == 404
    assert crm.call("GET", "/webhooks").json() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "not a url"}, "url"),
        ({"url": 5}, "url"),
        ({"events": ["created"]}, "url"),
        ({"url": "https://93.184.215.14/h", "events": ["nope"]}, "events"),
        ({"url": "https://93.184.215.14/h", "events": "created"}, "events"),
    ],
)
def test_bad_registrations_answer_422_naming_the_field_and_store_nothing(crm, body, field):
    _, crm, _ = crm
    answer = crm.call("POST", "/webhooks", json=body)
    assert answer.status_code == 422
    assert answer.json()["error"] == "invalid_input" and answer.json()["field"] == field
    assert answer.json()["message"]
    assert crm.call("GET", "/webhooks").json() == []


def test_an_inside_address_is_refused_without_the_setting(app_factory):
    live, _, crm = serve(app_factory)
    with live:
        for url in (
            "http://127.0.0.1:9/h",
            "http://10.1.2.3/h",
            "http://[::1]/h",
            "http://169.254.169.254/",
            "http://localhost:5000/h",
        ):
            answer = crm.call("POST", "/webhooks", json={"url": url})
            assert answer.status_code == 422, url
            assert "内部のアドレス" in answer.json()["message"]
        assert crm.call("GET", "/webhooks").json() == []


def test_webhook_calls_need_a_key(crm):
    _, crm, _ = crm
    answer = requests.get(crm.base + "/webhooks", timeout=5)
    assert answer.status_code == 401 and answer.json()["error"] == "unauthorized"
    missing = crm.call("POST", "/webhooks/999/rotate")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_an_operator_key_cannot_manage_webhooks(crm):
    app, crm, receiver = crm
    desk = Crm(crm.base.removesuffix("/api/v1"), app.config["TEST_OPERATOR_KEY"])
    for method, path in (("GET", "/webhooks"), ("POST", "/webhooks")):
        refused = desk.call(method, path, json={"url": receiver.url})
        assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
