"""What the CRM does to a session during a call, through API v1: move, switch, extend, resend."""

import pytest

from service.sessions import steering
from tests.helpers import RAKU_RAKU
from tests.helpers import STAFF
from tests.helpers import Refusing
from tests.helpers import send_texts


def test_api_operator_actions(client, api_headers, make_session):
    session, path = make_session(guide="sms-code")
    client.get(path, headers={"User-Agent": RAKU_RAKU})
    base = f"/api/v1/sessions/{session.id}"

    body = client.get(base, headers=api_headers).json
    assert body["passphrase"] == session.passphrase
    assert body["client"] == {
        "os": "Android 12",
        "browser": "Chrome Mobile",
        "model": "F-52B",
        "matches_device": False,
    }

    moved = client.post(f"{base}/step", json={"step": 3}, headers=api_headers)
    assert moved.status_code == 200 and moved.json["current_step"] == 3

    switched = client.post(
        f"{base}/switch",
        json={"device": "raku-raku-smartphone", "guide": "sms-code"},
        headers=api_headers,
    )
    assert switched.json["device"] == "raku-raku-smartphone"
    assert switched.json["client"]["matches_device"] is True

    extended = client.post(f"{base}/extend", json={"minutes": 15}, headers=api_headers)
    assert extended.json["expires_at"] > body["expires_at"]

    resent = client.post(f"{base}/resend", headers=api_headers)
    assert resent.status_code == 200

    code = client.post(f"{base}/short-code", headers=api_headers)
    assert code.status_code == 201
    assert len(code.json["code"]) == 6 and code.json["code"].isdigit()
    assert code.json["entry_url"] == "http://localhost:5000/c"


@pytest.mark.parametrize(
    "path, body, status, field",
    [
        ("step", {"step": "3"}, 422, "step"),
        ("step", {"step": 999}, 422, "step"),
        ("step", None, 422, "step"),
        ("extend", {"minutes": -5}, 422, "minutes"),
        ("extend", {"minutes": True}, 422, "minutes"),
        ("switch", {"device": "nokia", "guide": "sms-code"}, 422, "device"),
        ("switch", {"device": "iphone"}, 422, "guide"),
    ],
)
def test_api_operator_actions_refuse_bad_input_and_change_nothing(
    client, api_headers, make_session, path, body, status, field
):
    session, link = make_session()
    client.get(link)
    before = client.get(f"/api/v1/sessions/{session.id}", headers=api_headers).json
    answer = client.post(f"/api/v1/sessions/{session.id}/{path}", json=body, headers=api_headers)
    assert answer.status_code == status
    assert answer.json["error"] == "invalid_input" and answer.json["field"] == field
    assert client.get(f"/api/v1/sessions/{session.id}", headers=api_headers).json == before


def test_api_actions_on_a_finished_session_are_conflicts(client, api_headers, make_session, now):
    session, _ = make_session()
    steering.revoke(session, now, by=STAFF)
    for path, body in [("step", {"step": 1}), ("extend", {"minutes": 5}), ("resend", None)]:
        answer = client.post(
            f"/api/v1/sessions/{session.id}/{path}", json=body, headers=api_headers
        )
        assert answer.status_code == 409, path
    assert (
        client.post(f"/api/v1/sessions/{session.id}/short-code", headers=api_headers).status_code
        == 409
    )


def test_api_actions_on_unknown_sessions_are_404(client, api_headers):
    for path in ("step", "switch", "extend", "resend", "short-code"):
        answer = client.post(f"/api/v1/sessions/nope/{path}", json={}, headers=api_headers)
        assert answer.status_code == 404, path


def test_resend_that_fails_is_reported_not_praised(client, api_headers, make_session, app):
    from service.sms import SmsError

    session, path = make_session()
    answer = client.post(f"/api/v1/sessions/{session.id}/resend", headers=api_headers)
    # Queued: the worker sends it, and how it went follows as an event.
    assert answer.status_code == 200 and answer.json["sms"] == "queued"

    send_texts(Refusing(SmsError("no route", permanent=True)))

    shown = client.get(f"/api/v1/sessions/{session.id}", headers=api_headers).json
    assert shown["status"] == "delivery_failed"
    assert session.events[-1].type.value == "sms_failed"
