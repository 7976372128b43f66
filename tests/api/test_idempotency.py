"""Idempotency-Key over real HTTP: a retried POST gets the first answer and sends no second SMS,
also while the first is still running; the same key with another body is refused."""

import threading
from datetime import timedelta

import pytest
import requests
from sqlalchemy import func
from sqlalchemy import select

from service.auth import api_keys
from service.db import db
from service.db import utcnow
from service.models import GuidanceSession
from service.models import IdempotentRequest
from service.models import OutboxMessage
from service.sessions import links
from tests.helpers import send_texts
from tests.live_server import LiveServer

NEW = {"device": "android-google-messages", "guide": "sms-code", "phone": "070-1234-5678"}


class Held:
    """The first request, held as it begins the session (before it writes anything, so
    SQLite's one writer stays free) until the test lets it go on."""

    def __init__(self, monkeypatch):
        self.inner = links.normalize_mobile
        self.entered = threading.Event()
        self.release = threading.Event()
        monkeypatch.setattr(links, "normalize_mobile", self.normalize)

    def normalize(self, phone):
        self.entered.set()
        assert self.release.wait(10)
        return self.inner(phone)


@pytest.fixture
def server(app_factory):
    with LiveServer() as live:
        app = live.serve(app_factory(PUBLIC_URL=live.url, IDEMPOTENCY_WAIT_SECONDS=5))
        with app.app_context():
            key = api_keys.create_api_key("crm")[1]
            other = api_keys.create_api_key("other crm")[1]
        yield live, app, key, other


def post(live, key, body=NEW, idempotency="retry-1", path="/api/v1/sessions"):
    headers = {"Authorization": f"Bearer {key}"}
    if idempotency is not None:
        headers["Idempotency-Key"] = idempotency
    return requests.post(f"{live.url}{path}", json=body, headers=headers, timeout=15)


def counts(app) -> tuple[int, int]:
    """Return how many sessions and texts there are, once the worker has sent what is due."""
    with app.app_context():
        send_texts()
        sessions = db.session.scalar(select(func.count()).select_from(GuidanceSession))
        texts = db.session.scalar(select(func.count()).select_from(OutboxMessage))
        return sessions, texts


def test_a_retried_create_returns_the_first_session_and_sends_one_text(server):
    live, app, key, _ = server
    first = post(live, key)
    again = post(live, key)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Location"] == first.headers["Location"]
    assert first.headers["Location"] == f"/api/v1/sessions/{first.json()['id']}"
    assert again.headers["Idempotent-Replayed"] == "true"
    assert counts(app) == (1, 1)


def test_a_retry_while_the_first_still_runs_waits_for_its_answer(server, monkeypatch):
    live, app, key, _ = server
    held = Held(monkeypatch)
    answers = {}
    first = threading.Thread(target=lambda: answers.setdefault("first", post(live, key)))
    first.start()
    assert held.entered.wait(5)  # the first is still running, its key claimed

    retry = threading.Thread(target=lambda: answers.setdefault("retry", post(live, key)))
    retry.start()
    retry.join(0.5)
    assert retry.is_alive()  # waiting for the first's answer, not running a second time
    held.release.set()
    first.join(10)
    retry.join(10)

    assert answers["first"].status_code == answers["retry"].status_code == 201
    assert answers["retry"].json()["id"] == answers["first"].json()["id"]
    assert counts(app) == (1, 1)


def test_a_retry_gives_up_waiting_with_409_and_nothing_is_sent_twice(server, monkeypatch):
    live, app, key, _ = server
    app.config["IDEMPOTENCY_WAIT_SECONDS"] = 0.2
    held = Held(monkeypatch)
    first = threading.Thread(target=lambda: post(live, key))
    first.start()
    assert held.entered.wait(5)

    retry = post(live, key)

    held.release.set()
    first.join(10)
    assert retry.status_code == 409
    assert retry.json()["error"] == "idempotency_in_progress"
    assert "処理中" in retry.json()["message"]
    assert counts(app) == (1, 1)


def test_the_same_key_with_another_body_is_refused(server):
    live, app, key, _ = server
    post(live, key)
    other = post(live, key, body={**NEW, "phone": "080-1111-2222"})

    assert other.status_code == 422
    assert other.json()["error"] == "idempotency_key_reused"
    assert counts(app) == (1, 1)


def test_keys_belong_to_one_api_key_and_requests_without_one_are_each_run(server):
    live, app, key, other_key = server
    post(live, key)
    post(live, other_key)  # the same Idempotency-Key, another caller
    post(live, key, idempotency=None)
    post(live, key, idempotency=None)

    assert counts(app) == (4, 4)


def test_a_refusal_is_replayed_and_a_server_error_frees_the_key(server, monkeypatch):
    live, app, key, _ = server
    bad = {**NEW, "phone": "03-1234-5678"}  # a landline: refused
    first, again = post(live, key, body=bad), post(live, key, body=bad)
    assert first.status_code == again.status_code == 422
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"

    def broken(*args):
        raise RuntimeError("a bug after the session was made")

    monkeypatch.setattr("service.api.sessions.schemas.session_json", broken)
    crashed = post(live, key, idempotency="retry-2")
    assert crashed.status_code == 500 and crashed.json()["error"] == "internal_error"
    monkeypatch.undo()
    retried = post(live, key, idempotency="retry-2")
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried.headers


def test_a_key_expires_after_24_hours(server):
    live, app, key, _ = server
    first = post(live, key)
    with app.app_context():
        row = db.session.scalar(select(IdempotentRequest))
        row.created_at = utcnow() - timedelta(hours=25)
        db.session.commit()

    later = post(live, key)

    assert later.status_code == 201 and later.json()["id"] != first.json()["id"]
    assert counts(app) == (2, 2)


def test_the_stored_answer_keeps_no_link_token_and_the_replay_has_the_link(server):
    live, app, key, _ = server
    first = post(live, key)
    token = first.json()["url"].rsplit("/", 1)[1]
    with app.app_context():
        stored = db.session.scalar(select(IdempotentRequest.body))
    assert token not in stored
    assert post(live, key).json()["url"] == first.json()["url"]


@pytest.mark.parametrize("value", ["has space", "x" * 256, "日本語"])
def test_a_malformed_key_is_refused(server, value):
    live, app, key, _ = server
    raw = value.encode().decode("latin-1")  # what arrives when a client sends UTF-8 bytes
    headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": raw}
    answer = requests.post(f"{live.url}/api/v1/sessions", json=NEW, headers=headers, timeout=5)
    assert answer.status_code == 422
    assert answer.json()["field"] == "Idempotency-Key"
    assert counts(app) == (0, 0)
