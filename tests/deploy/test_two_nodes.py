"""Two app processes on different ports, sharing PostgreSQL and Redis, behave as one."""

import pytest

from tests.api.test_http_flow import Customer
from tests.deploy.nodes import Api
from tests.deploy.nodes import path_of
from tests.deploy.nodes import sign_in
from tests.deploy.nodes import two_nodes
from tests.live_server import SseReader

# Real processes on the PostgreSQL server and Redis, whichever database the run uses.
# Real servers on their own PostgreSQL schema and Redis, whichever database the suite uses:
# once per CI run is enough.
pytestmark = [pytest.mark.postgres, pytest.mark.once_per_run]

SENDS_PER_KEY = 3


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-nodes")
    with two_nodes(folder, LIMIT_SENDS_PER_API_KEY=str(SENDS_PER_KEY)) as cluster:
        yield cluster


def test_the_operator_on_one_node_follows_taps_posted_to_the_other(cluster):
    a, b = cluster.nodes
    api = Api(cluster.api_key())
    session = api.create(a).json()
    operator = sign_in(a)
    stream = SseReader(f"{a.url}/console/sessions/{session['id']}/events", session=operator)
    try:
        assert [stream.next().data["type"] for _ in range(2)] == ["created", "sms_sent"]
        customer = Customer(b.url + path_of(session["url"]))
        assert customer.open().status_code == 200
        assert stream.next().data["type"] == "opened"
        customer.press("next")
        moved = stream.next()
        assert (moved.data["type"], moved.data["step"]) == ("step", 2)
        customer.press("help")
        assert stream.next().data["type"] == "help"
    finally:
        stream.close()
    # The sign-in made on A is good on B too (one secret key, nothing kept in a process).
    panel = operator.get(f"{b.url}/console/sessions/{session['id']}", timeout=10)
    assert panel.status_code == 200 and "/login" not in panel.url


def test_a_session_created_on_one_node_is_listed_and_steered_on_the_other(cluster):
    a, b = cluster.nodes
    api = Api(cluster.api_key())
    created = api.create(a).json()
    listed = api.call(b, "GET", "/sessions").json()["sessions"]
    assert [found["id"] for found in listed] == [created["id"]]
    assert api.call(b, "DELETE", f"/sessions/{created['id']}").status_code == 200
    assert api.call(a, "GET", f"/sessions/{created['id']}").json()["status"] == "revoked"


def test_a_rate_limit_counted_on_one_node_applies_on_the_other(cluster):
    a, b = cluster.nodes
    api = Api(cluster.api_key("limited"))
    for _ in range(SENDS_PER_KEY):
        assert api.create(a).status_code == 201
    refused = api.create(b)
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    # The refused create changed nothing: still the three sessions, on either node.
    for node in (a, b):
        assert len(api.call(node, "GET", "/sessions").json()["sessions"]) == SENDS_PER_KEY
