"""An app process dies and comes back while a customer and an operator are on a session."""

import contextlib
import json
import queue
import threading
import time

import pytest
import requests

from tests.api.test_http_flow import Customer
from tests.deploy.nodes import Api
from tests.deploy.nodes import Node
from tests.deploy.nodes import path_of
from tests.deploy.nodes import sign_in
from tests.deploy.nodes import two_nodes
from tests.live_server import SseReader

# Real processes on the PostgreSQL server and Redis, whichever database the run uses.
# Real servers on their own PostgreSQL schema and Redis, whichever database the suite uses:
# once per CI run is enough.
pytestmark = [pytest.mark.postgres, pytest.mark.once_per_run]


class ResumingStream:
    """An EventSource behind a load balancer: on a cut it reconnects to a live node with
    Last-Event-ID, as a browser does."""

    def __init__(self, nodes: list[Node], path: str, browser: requests.Session):
        self.nodes, self.path, self.browser = nodes, path, browser
        self.received: queue.Queue = queue.Queue()
        self.served_by: list[str] = []
        self.last_id: str | None = None
        self.response = None
        self.closed = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.closed:
            for node in self.nodes:
                if self.closed:
                    return
                # That node is down or went down: on to the next one.
                with contextlib.suppress(requests.RequestException, AttributeError, ValueError):
                    self._read(node)
            time.sleep(0.5)

    def _read(self, node: Node) -> None:
        headers = {"Last-Event-ID": self.last_id} if self.last_id else {}
        self.response = self.browser.get(
            node.url + self.path, headers=headers, stream=True, timeout=(2, 60)
        )
        self.served_by.append(node.name)
        event_id = None
        for line in self.response.iter_lines(decode_unicode=True):
            if line.startswith("id: "):
                event_id = line[4:]
            elif line.startswith("data: ") and event_id:
                self.last_id = event_id
                self.received.put(line[6:])

    def next_event(self, timeout: float = 20.0) -> tuple[str, int]:
        data = json.loads(self.received.get(timeout=timeout))
        return data["type"], data["step"]

    def close(self) -> None:
        self.closed = True
        if self.response is not None:
            self.response.close()


def step_on(customer: Customer) -> requests.Response:
    """Press 次へ, or the first answer where the step asks a question."""
    action = "choose:0" if 'value="choose:0"' in customer.page.text else "next"
    answer = customer.press(action)
    assert answer.status_code == 200 and "手順" in answer.text
    return answer


@pytest.fixture
def cluster(tmp_path):
    with two_nodes(tmp_path) as cluster:
        yield cluster


def test_a_node_dies_and_returns_while_a_customer_and_an_operator_are_on_a_session(cluster):
    a, b = cluster.nodes
    api = Api(cluster.api_key())
    session = api.create(a).json()
    stream_path = f"/console/sessions/{session['id']}/events"
    operator = sign_in(b)
    stream = ResumingStream([a, b], stream_path, operator)
    customer = Customer(b.url + path_of(session["url"]))
    seen = []
    try:
        assert customer.open().status_code == 200
        step_on(customer)
        seen += [stream.next_event() for _ in range(4)]
        assert [kind for kind, _ in seen] == ["created", "sms_sent", "opened", "step"]
        assert stream.served_by == ["a"]

        # A dies with the operator's stream open on it; the customer, on B, goes on.
        a.kill()
        step_on(customer)
        step_on(customer)
        seen += [stream.next_event(), stream.next_event()]
        assert stream.served_by == ["a", "b"]

        # A is back; the customer lands on it now, and then B dies under the stream.
        a.start()
        customer.url = a.url + path_of(session["url"])
        step_on(customer)
        seen.append(stream.next_event())
        b.kill()
        assert customer.press("help").status_code == 200
        seen.append(stream.next_event())
        assert stream.served_by == ["a", "b", "a"]
    finally:
        stream.close()

    # Everything the log holds arrived once, in order: nothing lost, nothing twice.
    assert seen[3:] == [("step", 2), ("step", 3), ("step", 4), ("step", 5), ("help", 5)]
    replay = SseReader(a.url + stream_path, session=operator)
    try:
        replayed = [replay.next(timeout=20).data for _ in seen]
        assert [(event["type"], event["step"]) for event in replayed] == seen
        with pytest.raises(queue.Empty):
            replay.next(timeout=2)
    finally:
        replay.close()
    assert stream.received.empty()
