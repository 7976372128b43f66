"""GET /api/v1/analytics/funnel over real HTTP: the known history's numbers, refusals in JSON."""

import pytest
import requests

from service.auth import api_keys
from tests.analytics import history
from tests.analytics.history import DAYS
from tests.analytics.history import DEVICE
from tests.analytics.history import GUIDE
from tests.live_server import LiveServer


@pytest.fixture
def server(app_factory, make_session, make_user):
    history.build(make_session, make_user)
    with LiveServer() as live:
        app = live.serve(app_factory(PUBLIC_URL=live.url))
        with app.app_context():
            key = api_keys.create_api_key("analytics")[1]
        yield live.url, {"Authorization": f"Bearer {key}"}


def get(server, **params) -> requests.Response:
    base, auth = server
    return requests.get(f"{base}/api/v1/analytics/funnel", params=params, headers=auth, timeout=10)


def test_the_funnel_of_a_guide(server):
    answer = get(server, device=DEVICE, guide=GUIDE)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["sessions"], body["completed"]) == (6, 1)
    # By now the unopened session's link has run out too.
    assert body["outcomes"] == {
        "completed": 1,
        "needs_operator": 1,
        "abandoned": 2,
        "expired": 2,
        "ongoing": 0,
    }
    assert body["time_to_complete"] == {"median_seconds": 170.0, "sessions": 1}
    steps = {step["key"]: step for step in body["steps"]}
    assert [step["number"] for step in body["steps"][:2]] == [1, 2]
    assert {
        name: steps["hear"][name] for name in ("reached", "left", "median_seconds", "help")
    } == {
        "reached": 4,
        "left": 3,
        "median_seconds": 45.0,
        "help": 2,
    }
    assert steps["where-shop"]["hard"] == 1 and body["feedback"] == {"easy": 1, "hard": 1}
    assert body["filters"] == {"device": DEVICE, "guide": GUIDE}


def test_dates_narrow_the_funnel_and_without_a_guide_there_are_no_steps(server):
    body = get(server, **{"from": DAYS[1], "to": DAYS[1]}).json()
    assert (body["sessions"], body["outcomes"]["abandoned"], body["steps"]) == (2, 2, [])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"guide": GUIDE}, "device"),
        ({"device": "no-such-phone"}, "device"),
        ({"device": DEVICE, "guide": "nope"}, "guide"),
        ({"from": "2026-02-30"}, "from"),
        ({"to": "12/01"}, "to"),
        ({"from": "2026-12-02", "to": "2026-12-01"}, "from"),
        ({"operator": "x"}, "operator"),
    ],
)
def test_a_bad_filter_answers_422_with_the_field(server, params, field):
    answer = get(server, **params)
    assert answer.status_code == 422
    body = answer.json()
    assert (body["error"], body["field"]) == ("invalid_input", field) and body["message"]


def test_without_a_key_the_funnel_is_refused(server):
    base, _ = server
    answer = requests.get(f"{base}/api/v1/analytics/funnel", timeout=10)
    assert answer.status_code == 401 and answer.json()["error"] == "unauthorized"
