"""GET /api/v1/sessions and what a CRM tells on create: its reference, the operator, and
"unknown" for a phone nobody could name; operators then see those sessions in the console."""

from datetime import timedelta

import pytest

from service.db import db
from service.models import Role
from service.sessions import lifecycle
from service.sessions import steering
from tests.helpers import STAFF
from tests.helpers import sign_in_cookie

NEW = {"device": "iphone-home-button", "guide": "sms-code", "phone": "090-1234-5678"}


def create(client, api_headers, **extra):
    answer = client.post("/api/v1/sessions", json={**NEW, **extra}, headers=api_headers)
    assert answer.status_code == 201, answer.json
    return answer.json


def listed(client, api_headers, query="") -> dict:
    answer = client.get(f"/api/v1/sessions{query}", headers=api_headers)
    assert answer.status_code == 200, answer.json
    return answer.json


def test_a_crm_reference_and_operator_come_back_and_the_operator_sees_the_session(
    app, client, api_headers, make_user, login
):
    operator = make_user(Role.OPERATOR, email="tanaka@example.com")
    made = create(client, api_headers, reference="TICKET-4711", operator="Tanaka@example.com")

    assert made["reference"] == "TICKET-4711" and made["operator"] == "tanaka@example.com"
    browser = app.test_client()
    sign_in_cookie(browser, operator.id)
    panel = browser.get(f"/console/sessions/{made['id']}")
    assert panel.status_code == 200 and "TICKET-4711" in panel.text
    assert "TICKET-4711" in browser.get("/console/history").text


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"operator": "nobody@example.com"}, "operator"),
        ({"reference": "x" * 101}, "reference"),
        ({"reference": 12}, "reference"),
    ],
)
def test_a_bad_reference_or_operator_is_refused_and_makes_nothing(
    client, api_headers, extra, field
):
    answer = client.post("/api/v1/sessions", json={**NEW, **extra}, headers=api_headers)
    assert answer.status_code == 422 and answer.json["field"] == field
    assert listed(client, api_headers)["sessions"] == []


def test_a_disabled_operator_cannot_be_named(client, api_headers, make_user):
    user = make_user(Role.OPERATOR, email="gone@example.com")
    user.disabled_at = user.created_at
    db.session.commit()
    answer = client.post(
        "/api/v1/sessions", json={**NEW, "operator": user.email}, headers=api_headers
    )
    assert answer.status_code == 422 and answer.json["field"] == "operator"


def test_an_unknown_device_starts_guessed_and_moves_to_the_phone_on_opening(
    client, customer, api_headers
):
    made = create(client, api_headers, device="unknown")
    path = "/g/" + made["url"].rsplit("/g/", 1)[1]
    galaxy = "Mozilla/5.0 (Linux; Android 14; SC-51D) AppleWebKit/537.36 Chrome/120 Mobile"

    customer.get(path, headers={"User-Agent": galaxy})

    after = client.get(f"/api/v1/sessions/{made['id']}", headers=api_headers).json
    assert after["device"] == "android-google-messages"


def test_filters_pick_the_sessions_asked_for(client, api_headers, make_session, now):
    first, _ = make_session(device="iphone", guide="sms-code")
    second, _ = make_session(device="raku-raku-smartphone", guide="email-code")
    third, _ = make_session(device="iphone", guide="sms-code", at=now - timedelta(hours=2))
    lifecycle.open_link(second, now)
    steering.revoke(first, now, by=STAFF)
    tagged = create(client, api_headers, reference="T-1")

    def ids(query):
        return {s["id"] for s in listed(client, api_headers, query)["sessions"]}

    assert ids("?device=iphone") == {first.id, third.id}
    assert ids("?guide=email-code") == {second.id}
    assert ids("?status=opened") == {second.id}
    assert ids("?outcome=abandoned") == {
        first.id,
    }
    assert ids("?status=expired") == {third.id}  # its 30 minutes ran out, unswept
    assert ids("?outcome=expired") == {third.id}
    assert ids("?reference=T-1") == {tagged["id"]}
    start = (now - timedelta(hours=1)).isoformat()
    assert third.id not in ids(f"?created_from={start.replace('+', '%2B')}")
    assert ids(f"?created_to={start.replace('+', '%2B')}") == {third.id}


def test_operator_filter_matches_the_named_operator(client, api_headers, make_user):
    make_user(Role.OPERATOR, email="sato@example.com")
    mine = create(client, api_headers, operator="sato@example.com")
    create(client, api_headers)
    found = listed(client, api_headers, "?operator=sato@example.com")["sessions"]
    assert [s["id"] for s in found] == [mine["id"]]


def test_pages_follow_the_cursor_without_repeats_or_gaps(client, api_headers, make_session, now):
    made = [make_session(at=now - timedelta(minutes=n))[0].id for n in range(7)]
    seen, cursor, pages = [], None, 0
    while True:
        query = "?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = listed(client, api_headers, query)
        seen += [s["id"] for s in page["sessions"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
        make_session()  # newer sessions arriving meanwhile do not shift the pages
    assert seen == made and pages == 3


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?status=lost", "status"),
        ("?outcome=fine", "outcome"),
        ("?limit=0", "limit"),
        ("?limit=101", "limit"),
        ("?cursor=not-a-cursor", "cursor"),
        ("?created_from=yesterday", "created_from"),
        ("?created_to=2026-12-03T09:00:00", "created_to"),
        ("?device=" + "x" * 61, "device"),
    ],
)
def test_bad_filters_answer_422_naming_the_field(client, api_headers, query, field):
    answer = client.get(f"/api/v1/sessions{query}", headers=api_headers)
    assert answer.status_code == 422
    assert answer.json["error"] == "invalid_input" and answer.json["field"] == field
    assert answer.json["message"]


def test_an_operator_key_reaches_only_the_sessions_it_made(client, api_headers, make_session):
    from service.auth import api_keys

    mine_key = {"Authorization": f"Bearer {api_keys.create_api_key('desk A')[1]}"}
    other_key = {"Authorization": f"Bearer {api_keys.create_api_key('desk B')[1]}"}
    mine = create(client, mine_key)
    console_made, _ = make_session()

    assert [s["id"] for s in listed(client, mine_key)["sessions"]] == [mine["id"]]
    assert listed(client, other_key)["sessions"] == []
    for path in (f"/api/v1/sessions/{mine['id']}", f"/api/v1/sessions/{console_made.id}"):
        refused = client.get(path, headers=other_key)
        assert refused.status_code == 404 and refused.json["error"] == "not_found"
    refused = client.delete(f"/api/v1/sessions/{mine['id']}", headers=other_key)
    assert refused.status_code == 404
    assert client.get(f"/api/v1/sessions/{mine['id']}", headers=mine_key).json["status"] == "sent"
    # An admin's key sees every session.
    assert {s["id"] for s in listed(client, api_headers)["sessions"]} == {
        mine["id"],
        console_made.id,
    }
