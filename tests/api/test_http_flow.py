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
    with LiveServer() as live:
        # The worker thread of a serving process sends the texts, as in production.
        app = live.serve(
            app_factory(PUBLIC_URL=live.url, SSE_HEARTBEAT_SECONDS=0.5, SMS_WORKER_SECONDS=1)
        )
        yield live, app


class Api:
    """The CRM's side: API calls with a key, over HTTP."""

    def __init__(self, base: str, key: str):
        self.base = base
        self.auth = {"Authorization": f"Bearer {key}"}

    def create(self) -> dict:
        answer = requests.post(
            f"{self.base}/api/v1/sessions", json=NEW_SESSION, headers=self.auth, timeout=5
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    def call(self, method: str, path: str) -> requests.Response:
        return requests.request(method, f"{self.base}/api/v1{path}", headers=self.auth, timeout=5)

    def events(self, session_id: str, **headers) -> SseReader:
        url = f"{self.base}/api/v1/sessions/{session_id}/events"
        return SseReader(url, headers={**self.auth, **headers})


@pytest.fixture
def api(server):
    live, app = server
    from service.auth import api_keys

    with app.app_context():
        return Api(live.url, api_keys.create_api_key("http tests")[1])


class Customer:
    """A phone browser: keeps its cookie, reads the form, presses buttons."""

    def __init__(self, url: str):
        self.url = url
        self.http = requests.Session()
        self.page = None

    def open(self) -> requests.Response:
        self.page = self.http.get(self.url, timeout=5)
        return self.page

    def walk_to_the_end(self) -> int:
        """Press 次へ (or the first answer) until できました shows, then press it."""
        presses = 0
        while 'value="done"' not in self.page.text:
            action = "choose:0" if 'value="choose:0"' in self.page.text else "next"
            self.press(action)
            presses += 1
            assert presses < 30, "the guide never ends"
        self.press("done")
        return presses + 1

    def press(self, action: str) -> requests.Response:
        html = self.page.text
        step = re.search(r'name="step" value="(\d+)"', html).group(1)
        token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        self.page = self.http.post(
            self.url, data={"action": action, "step": step, "csrf_token": token}, timeout=5
        )
        return self.page


def test_link_to_finish_with_live_events_over_http(api):
    session = api.create()
    stream = api.events(session["id"])
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

        customer.walk_to_the_end()
        stream.until("completed", timeout=2.0)
        assert "おつかれさまでした" in customer.page.text
        # The stream ends after the session's last event.
        stream.thread.join(timeout=5)
        assert not stream.thread.is_alive()
    finally:
        stream.close()

    assert api.call("GET", f"/sessions/{session['id']}").json()["status"] == "completed"


def test_reconnecting_with_last_event_id_replays_what_was_missed(api):
    session = api.create()
    first = api.events(session["id"])
    customer = Customer(session["url"])
    customer.open()
    opened = first.until("opened")
    first.close()

    # While nobody watches, the customer moves on twice and asks for help.
    customer.press("next")
    customer.press("next")
    customer.press("help")

    second = api.events(session["id"], **{"Last-Event-ID": opened.id})
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


def test_heartbeat_comment_keeps_an_idle_stream_alive(api):
    stream = api.events(api.create()["id"])
    try:
        assert stream.comments.get(timeout=3) == ": heartbeat"
    finally:
        stream.close()


def test_revoke_over_http_then_the_link_is_gone(api):
    session = api.create()
    stream = api.events(session["id"])
    try:
        revoked = api.call("DELETE", f"/sessions/{session['id']}")
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


def test_streams_beyond_the_cap_are_told_to_come_back_later(app_factory):
    with LiveServer() as live:
        from service.auth import api_keys

        # A short heartbeat: the server notices a closed stream at its next write.
        app = live.serve(
            app_factory(PUBLIC_URL=live.url, SSE_MAX_STREAMS=1, SSE_HEARTBEAT_SECONDS=0.5)
        )
        with app.app_context():
            api = Api(live.url, api_keys.create_api_key("cap")[1])
        session = api.create()
        first = api.events(session["id"])
        try:
            first.next()  # the first stream is open and holds the only slot
            refused = requests.get(
                f"{live.url}/api/v1/sessions/{session['id']}/events", headers=api.auth, timeout=5
            )
            assert refused.status_code == 200
            assert refused.text.startswith("event: busy\n") and "retry: 10000" in refused.text
            # A customer's page still loads while the slot is taken.
            assert requests.get(session["url"], timeout=5).status_code == 200
        finally:
            first.close()
        deadline = time.monotonic() + 5
        while app.extensions["tebiki.streams"].open and time.monotonic() < deadline:
            time.sleep(0.05)  # the server notices the closed stream at its next write
        again = api.events(session["id"])
        try:
            assert again.next().data["type"] == "created"
        finally:
            again.close()
