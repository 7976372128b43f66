"""The whole flow over real HTTP against a server the test starts, live events included."""

import re
import time

import pytest
import requests

from tests.live_server import LiveServer
from tests.live_server import SseReader

NEW_SESSION = {"device": "android-google-messages", "guide": "sms-code", "phone": "070-1234-5678"}


@pytest.fixture
def server(app_factory):
    app = app_factory(PUBLIC_URL="http://placeholder", SSE_HEARTBEAT_SECONDS=0.5)
    with LiveServer(app) as live:
        app.config["PUBLIC_URL"] = live.url
        yield live, app


@pytest.fixture
def key(server):
    _, app = server
    from service import auth

    with app.app_context():
        return auth.create_api_key("http tests")[1]


class Customer:
    """A phone browser: keeps its cookie, reads the form, presses buttons."""

    def __init__(self, url: str):
        self.url = url
        self.http = requests.Session()
        self.page = None

    def open(self) -> requests.Response:
        self.page = self.http.get(self.url, timeout=5)
        return self.page

    def press(self, action: str) -> requests.Response:
        html = self.page.text
        step = re.search(r'name="step" value="(\d+)"', html).group(1)
        token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        self.page = self.http.post(
            self.url, data={"action": action, "step": step, "csrf_token": token}, timeout=5
        )
        return self.page


def test_link_to_finish_with_live_events_over_http(server, key):
    live, _ = server
    auth = {"Authorization": f"Bearer {key}"}
    created = requests.post(
        f"{live.url}/api/v1/sessions", json=NEW_SESSION, headers=auth, timeout=5
    )
    assert created.status_code == 201
    session = created.json()

    stream = SseReader(f"{live.url}/api/v1/sessions/{session['id']}/events", headers=auth)
    try:
        assert stream.response.headers["Content-Type"].startswith("text/event-stream")
        assert stream.next().data["type"] == "created"
        assert stream.next().data["type"] == "sms_sent"

        customer = Customer(session["url"])
        started = time.monotonic()
        assert customer.open().status_code == 200
        opened = stream.next(timeout=1.0)
        assert opened.data["type"] == "opened" and opened.data["step"] == 1
        assert time.monotonic() - started < 1.0

        customer.press("next")
        moved = stream.next(timeout=1.0)
        assert (moved.data["type"], moved.data["step"]) == ("step", 2)
        assert moved.id == str(moved.data["id"])

        customer.press("help")
        helped = stream.next(timeout=1.0)
        assert (helped.data["type"], helped.data["step"]) == ("help", 2)

        for _ in range(2, session["total_steps"]):
            customer.press("next")
        customer.press("done")
        finished = stream.until("completed", timeout=2.0)
        assert finished.data["step"] == session["total_steps"]
        assert "おつかれさまでした" in customer.page.text
    finally:
        stream.close()

    state = requests.get(f"{live.url}/api/v1/sessions/{session['id']}", headers=auth, timeout=5)
    assert state.json()["status"] == "completed"


def test_reconnecting_with_last_event_id_replays_what_was_missed(server, key):
    live, _ = server
    auth = {"Authorization": f"Bearer {key}"}
    session = requests.post(
        f"{live.url}/api/v1/sessions", json=NEW_SESSION, headers=auth, timeout=5
    ).json()
    events_url = f"{live.url}/api/v1/sessions/{session['id']}/events"

    first = SseReader(events_url, headers=auth)
    customer = Customer(session["url"])
    customer.open()
    opened = first.until("opened")
    first.close()

    # While nobody watches, the customer moves on twice and asks for help.
    customer.press("next")
    customer.press("next")
    customer.press("help")

    second = SseReader(events_url, headers={**auth, "Last-Event-ID": opened.id})
    try:
        replayed = [second.next() for _ in range(3)]
        assert [(m.data["type"], m.data["step"]) for m in replayed] == [
            ("step", 2),
            ("step", 3),
            ("help", 3),
        ]
        ids = [int(m.id) for m in replayed]
        assert ids == sorted(ids) and ids[0] > int(opened.id)
    finally:
        second.close()


def test_heartbeat_comment_keeps_an_idle_stream_alive(server, key):
    live, _ = server
    auth = {"Authorization": f"Bearer {key}"}
    session = requests.post(
        f"{live.url}/api/v1/sessions", json=NEW_SESSION, headers=auth, timeout=5
    ).json()
    stream = SseReader(f"{live.url}/api/v1/sessions/{session['id']}/events", headers=auth)
    try:
        assert stream.comments.get(timeout=3) == ": heartbeat"
    finally:
        stream.close()


def test_revoke_over_http_then_the_link_is_gone(server, key):
    live, _ = server
    auth = {"Authorization": f"Bearer {key}"}
    session = requests.post(
        f"{live.url}/api/v1/sessions", json=NEW_SESSION, headers=auth, timeout=5
    ).json()
    stream = SseReader(f"{live.url}/api/v1/sessions/{session['id']}/events", headers=auth)
    try:
        revoked = requests.delete(
            f"{live.url}/api/v1/sessions/{session['id']}", headers=auth, timeout=5
        )
        assert revoked.json()["status"] == "revoked"
        assert stream.until("revoked", timeout=1.0).data["type"] == "revoked"
    finally:
        stream.close()
    page = requests.get(session["url"], timeout=5)
    assert page.status_code == 410
    assert "この案内は終わりました" in page.text


def test_event_stream_needs_a_key_over_http(server):
    live, _ = server
    answer = requests.get(f"{live.url}/api/v1/sessions/x/events", timeout=5)
    assert answer.status_code == 401
    assert answer.json()["error"] == "unauthorized"
