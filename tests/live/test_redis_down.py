"""Redis away: taps and the API go on, live views read the event log until it is back."""

import time

import pytest
import requests

from service.auth import api_keys
from service.db import db
from tests.api.test_http_flow import Api
from tests.api.test_http_flow import Customer
from tests.live.processes import Gunicorn
from tests.live.processes import TcpProxy
from tests.live.test_brokers import redis_broker
from tests.live_server import SseReader


@pytest.fixture
def proxy():
    redis_broker()  # skips (or fails in CI) without a Redis to stand in front of
    proxy = TcpProxy(("127.0.0.1", 6379))
    proxy.start()
    yield proxy
    proxy.stop()


def ready(url: str) -> requests.Response:
    return requests.get(f"{url}/readyz", timeout=5)


def wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)
    return condition()


def test_taps_and_the_api_go_on_while_redis_is_away(app, proxy, tmp_path):
    key = api_keys.create_api_key("redis down")[1]
    db.session.commit()
    redis_url = f"redis://127.0.0.1:{proxy.port}/0"
    with Gunicorn(app, tmp_path, REDIS_URL=redis_url) as server:
        api = Api(server.url, key)
        session = api.create()
        operator = api.events(session["id"])
        assert [operator.next().data["type"] for _ in range(2)] == ["created", "sms_sent"]

        proxy.stop()  # Redis gone: every connection cut, new ones refused
        assert wait_for(lambda: ready(server.url).status_code == 503)
        answer = ready(server.url)
        assert answer.json()["broker"] == "unreachable"

        customer = Customer(session["url"])
        assert customer.open().status_code == 200
        assert operator.next(timeout=5).data["type"] == "opened"
        follower = SseReader(f"{session['url']}/events")
        assert customer.press("next").status_code == 200
        moved = operator.next(timeout=5)
        assert (moved.data["type"], moved.data["step"]) == ("step", 2)
        assert follower.response.headers["Content-Type"].startswith("text/event-stream")

        # A stream opened while Redis is away replays and follows from the log.
        late = api.events(session["id"], **{"Last-Event-ID": str(moved.data["id"] - 1)})
        assert late.next(timeout=5).data["id"] == moved.data["id"]
        again = api.create()
        assert again["status"] == "sent"
        refused = api.call("GET", "/sessions/nope")
        assert refused.status_code == 404 and refused.json()["error"]

        proxy.start()  # Redis back: readiness and publishing return by themselves
        assert wait_for(lambda: ready(server.url).status_code == 200)
        time.sleep(1.5)  # the listener's next try
        assert customer.press("help").status_code == 200
        helped = operator.next(timeout=5)
        assert (helped.data["type"], helped.data["step"]) == ("help", 2)
        assert late.next(timeout=5).data["id"] == helped.data["id"]
        for stream in (operator, follower, late):
            stream.close()
    log = server.log.read_text()
    assert "Internal Server Error" not in log and "Traceback" not in log
