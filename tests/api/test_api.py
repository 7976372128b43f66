"""API v1 through the test client: the contract the CRM codes against, errors included."""

from datetime import datetime

import pytest
from sqlalchemy import func
from sqlalchemy import select

from service.db import db
from service.models import GuidanceSession
from service.sessions import access
from service.sessions import lifecycle
from service.sessions import steering
from tests.helpers import STAFF

NEW_SESSION = {"device": "iphone-home-button", "guide": "sms-code", "phone": "090-1234-5678"}


def count_sessions():
    return db.session.scalar(select(func.count()).select_from(GuidanceSession))


def test_devices_lists_every_device_with_its_guides(client, api_headers):
    answer = client.get("/api/v1/devices", headers=api_headers)

    assert answer.status_code == 200
    devices = answer.json
    assert {d["slug"] for d in devices} >= {
        "iphone-home-button",
        "raku-raku-smartphone",
        "android-google-messages",
    }
    for device in devices:
        assert device["name"]
        assert device["guides"], device["slug"]
        for guide in device["guides"]:
            assert set(guide) == {"slug", "title", "total_steps"}
            assert guide["total_steps"] >= 3


def test_create_session_answers_201_with_the_contract_fields(client, api_headers):
    answer = client.post("/api/v1/sessions", json=NEW_SESSION, headers=api_headers)

    assert answer.status_code == 201
    body = answer.json
    assert {"id", "url", "status", "current_step", "total_steps", "expires_at"} <= set(body)
    assert body["status"] == "sent"
    assert body["current_step"] is None
    assert body["url"].startswith("http://localhost:5000/g/")
    expires = datetime.fromisoformat(body["expires_at"])
    assert expires.utcoffset() is not None


def test_get_session_follows_the_customer(client, api_headers, now):
    created = client.post("/api/v1/sessions", json=NEW_SESSION, headers=api_headers).json
    client.get(created["url"].removeprefix("http://localhost:5000"))

    body = client.get(f"/api/v1/sessions/{created['id']}", headers=api_headers).json

    assert body["status"] == "opened"
    assert body["current_step"] == 1
    assert body["url"] == created["url"]


def test_delete_revokes_and_the_link_answers_410(client, api_headers):
    created = client.post("/api/v1/sessions", json=NEW_SESSION, headers=api_headers).json

    answer = client.delete(f"/api/v1/sessions/{created['id']}", headers=api_headers)

    assert answer.status_code == 200
    assert answer.json["status"] == "revoked"
    assert client.get(created["url"].removeprefix("http://localhost:5000")).status_code == 410
    again = client.delete(f"/api/v1/sessions/{created['id']}", headers=api_headers)
    assert again.status_code == 200 and again.json["status"] == "revoked"


def test_expired_session_reports_expired(client, api_headers, make_session, expired_at):
    session, _ = make_session(at=expired_at)
    body = client.get(f"/api/v1/sessions/{session.id}", headers=api_headers).json
    assert body["status"] == "expired"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": "Basic Zm9vOmJhcg=="},
        {"Authorization": "Bearer"},
    ],
)
def test_without_a_valid_key_every_endpoint_is_401(client, headers):
    for method, path in [
        ("get", "/api/v1/devices"),
        ("post", "/api/v1/sessions"),
        ("get", "/api/v1/sessions/abc"),
        ("delete", "/api/v1/sessions/abc"),
        ("get", "/api/v1/sessions/abc/events"),
    ]:
        answer = getattr(client, method)(path, headers=headers)
        assert answer.status_code == 401, path
        assert answer.json["error"] == "unauthorized"
        assert answer.json["message"]
    assert count_sessions() == 0


def test_revoked_key_is_refused(client, api_key, api_headers):
    from service.models import ApiKey

    key = db.session.scalars(select(ApiKey)).one()
    key.revoked_at = datetime.now().astimezone()
    db.session.commit()
    assert client.get("/api/v1/devices", headers=api_headers).status_code == 401


@pytest.mark.parametrize("method", ["get", "delete"])
def test_unknown_session_is_404(client, api_headers, method):
    answer = getattr(client, method)("/api/v1/sessions/doesnotexist", headers=api_headers)
    assert answer.status_code == 404
    assert answer.json["error"] == "not_found"


def test_unknown_session_events_is_404(client, api_headers):
    answer = client.get("/api/v1/sessions/doesnotexist/events", headers=api_headers)
    assert answer.status_code == 404
    assert answer.json["error"] == "not_found"


@pytest.mark.parametrize(
    "body, status, field",
    [
        ("not json", 400, None),
        ("[1, 2]", 400, None),
        ({"guide": "sms-code", "phone": "09012345678"}, 422, "device"),
        ({"device": "iphone-home-button", "phone": "09012345678"}, 422, "guide"),
        ({"device": "iphone-home-button", "guide": "sms-code"}, 422, "phone"),
        ({**NEW_SESSION, "phone": 9012345678}, 422, "phone"),
        ({**NEW_SESSION, "device": "nokia-3310"}, 422, "device"),
        ({**NEW_SESSION, "guide": "fly-to-the-moon"}, 422, "guide"),
        ({**NEW_SESSION, "phone": "03-1234-5678"}, 422, "phone"),
        ({**NEW_SESSION, "phone": "+44 7700 900123"}, 422, "phone"),
    ],
)
def test_bad_input_is_refused_with_the_error_shape_and_stores_nothing(
    client, api_headers, body, status, field
):
    if isinstance(body, str):
        answer = client.post(
            "/api/v1/sessions",
            data=body,
            headers={**api_headers, "Content-Type": "application/json"},
        )
    else:
        answer = client.post("/api/v1/sessions", json=body, headers=api_headers)

    assert answer.status_code == status
    assert set(answer.json) >= {"error", "message"}
    assert answer.json["message"]
    if field:
        assert answer.json["error"] == "invalid_input"
        assert answer.json["field"] == field
    assert count_sessions() == 0


def test_unknown_api_path_and_method_answer_json(client, api_headers):
    missing = client.get("/api/v1/nothing", headers=api_headers)
    assert missing.status_code == 404 and missing.json["error"] == "not_found"
    wrong = client.put("/api/v1/devices", headers=api_headers)
    assert wrong.status_code == 405 and wrong.json["error"] == "method_not_allowed"


def test_unexpected_failure_is_a_json_500_without_a_trace(app, client, api_headers, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def explode(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(access, "get_for_key", explode)
    answer = client.get("/api/v1/sessions/x", headers=api_headers)
    assert answer.status_code == 500
    assert answer.json == {"error": "internal_error", "message": "サーバー側で問題が起きました。"}


def test_devices_carry_the_names_customers_say(client, api_headers):
    devices = {d["slug"]: d for d in client.get("/api/v1/devices", headers=api_headers).json}
    assert "らくらくスマホ" in devices["raku-raku-smartphone"]["aliases"]
    assert "アイフォン" in devices["iphone"]["aliases"]
    assert "ギャラクシー" in devices["android-google-messages"]["aliases"]


def test_guide_detail_gives_steps_pictures_and_branches(client, api_headers):
    answer = client.get("/api/v1/devices/iphone-home-button/guides/sms-code", headers=api_headers)
    assert answer.status_code == 200
    guide = answer.json
    assert guide["title"] == "SMSで届いた認証コードを見つけて入力する"
    steps = guide["steps"]
    assert [s["number"] for s in steps] == list(range(1, len(steps) + 1))
    for step in steps:
        assert {"number", "title", "text", "operator_script", "image", "choices"} <= set(step)
        assert set(step["image"]) >= {"webp", "png", "width", "height"}
    branching = next(s for s in steps if s["choices"])
    for choice in branching["choices"]:
        assert 1 <= choice["next"] <= len(steps) and choice["label"]

    image = steps[0]["image"]
    webp = client.get(image["webp"])
    assert webp.mimetype == "image/webp" and "immutable" in webp.headers["Cache-Control"]
    png = client.get(image["png"])
    assert png.mimetype == "image/png" and "max-age=31536000" in png.headers["Cache-Control"]
    assert (image["width"], image["height"]) == (720, 1000)


@pytest.mark.parametrize(
    "path", ["/api/v1/devices/nokia/guides/sms-code", "/api/v1/devices/iphone/guides/nothing"]
)
def test_unknown_guide_detail_is_404(client, api_headers, path):
    answer = client.get(path, headers=api_headers)
    assert answer.status_code == 404 and answer.json["error"] == "not_found"


def test_guide_detail_needs_a_key(client):
    answer = client.get("/api/v1/devices/iphone/guides/sms-code")
    assert answer.status_code == 401


def test_revoking_a_completed_session_is_a_conflict(client, api_headers, make_session, now):
    from service.sessions.lifecycle import Action

    session, _ = make_session(guide="speaker")
    lifecycle.open_link(session, now)
    for step in range(1, session.guide_version.total_steps):
        lifecycle.act(session, Action.NEXT, step, now)
    lifecycle.act(session, Action.DONE, session.guide_version.total_steps, now)

    answer = client.delete(f"/api/v1/sessions/{session.id}", headers=api_headers)
    assert answer.status_code == 409 and answer.json["error"] == "conflict"
    assert client.get(f"/api/v1/sessions/{session.id}", headers=api_headers).json["status"] == (
        "completed"
    )


def test_session_reports_path_and_progress_once_opened(client, api_headers, make_session):
    session, path = make_session(guide="sms-code")
    body = client.get(f"/api/v1/sessions/{session.id}", headers=api_headers).json
    assert body["path"] == [] and body["progress"] is None
    client.get(path)
    body = client.get(f"/api/v1/sessions/{session.id}", headers=api_headers).json
    first = session.guide_version.steps[0].key
    assert body["path"] == [first] and body["progress"]["position"] == 1
    assert (body["current_step"], body["step_key"]) == (1, first)
    assert body["progress"]["total"] >= 5


def test_a_broken_broker_does_not_fail_a_request_that_was_saved(app_factory, api_key):
    app = app_factory(LIVE_BACKEND="redis", REDIS_URL="redis://127.0.0.1:1/0")
    with app.app_context():
        from service.auth import api_keys

        _, key = api_keys.create_api_key("broker test")
        answer = app.test_client().post(
            "/api/v1/sessions", json=NEW_SESSION, headers={"Authorization": f"Bearer {key}"}
        )
        assert answer.status_code == 201
        assert count_sessions() == 1


def test_event_stream_of_a_finished_session_replays_and_ends(
    client, api_headers, make_session, now
):
    session, _ = make_session()
    steering.revoke(session, now, by=STAFF)
    for header in ("²", "99999999999999999999999", "-1", "abc"):
        answer = client.get(
            f"/api/v1/sessions/{session.id}/events",
            headers={**api_headers, "Last-Event-ID": header},
        )
        assert answer.status_code == 200
        body = answer.get_data(as_text=True)
        assert '"type": "created"' in body and '"type": "revoked"' in body, header


def test_guide_detail_gives_each_steps_sources_and_ending(client, api_headers):
    answer = client.get("/api/v1/devices/iphone/guides/no-code", headers=api_headers).json
    endings = {step["ending"] for step in answer["steps"]}
    assert endings == {None, "completed", "needs_operator"}
    assert all(isinstance(step["sources"], list) for step in answer["steps"])
