"""/metrics over real HTTP, read with prometheus_client's own parser: the numbers move."""

import time

import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import csrf_from

NEW_SESSION = {"device": "iphone-home-button", "guide": "sms-code", "phone": "090-1234-5678"}


def scrape(url: str, **headers) -> dict:
    """Return {(sample name, frozen labels): value} from one scrape of ``url``/metrics."""
    answer = requests.get(f"{url}/metrics", headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_sessions_events_sms_and_latency_move_after_a_session_and_a_tap(site, api_headers):
    before = scrape(site.url)

    created = requests.post(
        f"{site.url}/api/v1/sessions", json=NEW_SESSION, headers=api_headers, timeout=10
    ).json()
    phone = requests.Session()
    page = phone.get(created["url"], timeout=10)
    version = page.text.split('name="version" value="', 1)[1].split('"', 1)[0]
    form = {"action": "next", "step": "1", "version": version, "csrf_token": csrf_from(page.text)}
    tapped = phone.post(created["url"], data=form, timeout=10)
    assert tapped.status_code == 200  # the redirect followed to step 2
    after = scrape(site.url)

    assert value(after, "tebiki_sessions", status="opened") == (
        value(before, "tebiki_sessions", status="opened") + 1
    )
    for kind in ("created", "sms_sent", "opened", "step"):
        moved = value(after, "tebiki_session_events_total", type=kind) - value(
            before, "tebiki_session_events_total", type=kind
        )
        assert moved == 1, kind
    assert value(after, "tebiki_sms_results_total", result="sent") == (
        value(before, "tebiki_sms_results_total", result="sent") + 1
    )
    taps = ("tebiki_request_duration_seconds_count", {"endpoint": "customer.act", "method": "POST"})
    assert value(after, taps[0], **taps[1]) == value(before, taps[0], **taps[1]) + 1
    token = created["url"].rsplit("/", 1)[1]
    assert token not in requests.get(f"{site.url}/metrics", timeout=10).text


def test_outcomes_count_ended_sessions_by_how_they_ended(site, api_headers):
    created = requests.post(
        f"{site.url}/api/v1/sessions", json=NEW_SESSION, headers=api_headers, timeout=10
    ).json()
    before = scrape(site.url)

    revoked = requests.delete(
        f"{site.url}/api/v1/sessions/{created['id']}", headers=api_headers, timeout=10
    )
    assert revoked.status_code == 200
    after = scrape(site.url)

    assert value(after, "tebiki_session_outcomes", outcome="abandoned") == (
        value(before, "tebiki_session_outcomes", outcome="abandoned") + 1
    )
    assert value(after, "tebiki_sessions", status="sent") == (
        value(before, "tebiki_sessions", status="sent") - 1
    )


def test_an_open_stream_is_counted_while_it_is_open(site, make_session):
    _, path = make_session()
    # The gauge is this process's: other tests' servers in it may still hold streams.
    before = value(scrape(site.url), "tebiki_open_streams", kind="customer")

    stream = requests.get(f"{site.url}{path}/events", stream=True, timeout=10)
    next(stream.iter_lines())  # the stream is open: its first line arrived
    assert value(scrape(site.url), "tebiki_open_streams", kind="customer") == before + 1
    stream.close()
    # The server notices the client left within seconds and gives the count back.
    deadline = time.monotonic() + 15
    while value(scrape(site.url), "tebiki_open_streams", kind="customer") > before:
        assert time.monotonic() < deadline, "the closed stream is still counted"
        time.sleep(0.25)


def test_metrics_want_the_bearer_token_when_one_is_set(app_factory):
    client = app_factory(METRICS_TOKEN="s3cret-scrape").test_client()

    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json["error"] == "unauthorized"
    right = client.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape"})
    assert right.status_code == 200 and b"tebiki_sessions" in right.data
    # Set, it is wanted from this machine too.
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 401


def test_without_a_token_only_this_machine_may_read_them(client):
    assert client.get("/metrics").status_code == 200  # the test client is 127.0.0.1
    outside = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert outside.status_code == 403 and outside.json["error"] == "forbidden"
    # A proxy on this machine forwards everyone's requests from 127.0.0.1.
    proxied = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert proxied.status_code == 403
    assert b"tebiki_" not in proxied.data
