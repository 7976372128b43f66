"""Bodies built to hurt, over real HTTP: too large (with a length or streamed in chunks),
nested 10,000 deep, strings that never close. Each is refused at once with the surface's
answer (JSON on the API and callbacks, Japanese on pages) and stores nothing."""

import pytest
import requests
from sqlalchemy import func
from sqlalchemy import select

from service.auth import api_keys
from service.db import db
from service.models import GuidanceSession
from service.models import Role
from service.sms import http
from tests.live_server import LiveServer

SECRET = "gateway-secret"
LIMIT = 2 * 1024 * 1024  # MAX_CONTENT_LENGTH's default
DEEP = b'{"device": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
# An opening quote, then escaped quotes to the end: the string never closes.
UNCLOSED = b'{"device": "' + b'\\"' * 500_000


@pytest.fixture
def live(app_factory):
    with LiveServer() as server:
        app = server.serve(
            app_factory(
                PUBLIC_URL=server.url,
                SMS_PROVIDER="http",
                SMS_HTTP_URL="http://127.0.0.1:9/send",
                SMS_HTTP_SECRET=SECRET,
            )
        )
        with app.app_context():
            key = api_keys.create_api_key("crm", Role.ADMIN)[1]
            server.key = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
            yield server


def sessions() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(GuidanceSession))


def chunks(body: bytes, size: int = 256 * 1024):
    """Send ``body`` with Transfer-Encoding: chunked (no Content-Length to refuse it by)."""
    for start in range(0, len(body), size):
        yield body[start : start + size]


@pytest.mark.parametrize("streamed", [False, True], ids=["with a length", "chunked"])
def test_a_json_body_over_the_limit_is_413_json(live, streamed):
    body = b'{"device": "' + b"x" * LIMIT + b'"}'
    answer = requests.post(
        live.url + "/api/v1/sessions",
        data=chunks(body) if streamed else body,
        headers=live.key,
        timeout=30,
    )
    assert answer.status_code == 413
    assert answer.json() == {
        "error": "request_entity_too_large",
        "message": "リクエストが大きすぎます。",
    }
    assert sessions() == 0


@pytest.mark.parametrize("path", ["/login", "/g/not-a-real-token", "/c"])
def test_a_form_over_the_limit_is_a_413_page_in_japanese(live, path):
    answer = requests.post(live.url + path, data={"x": "y" * LIMIT}, timeout=30)
    assert answer.status_code == 413 and answer.headers["Content-Type"].startswith("text/html")
    assert "送ったデータが大きすぎます" in answer.text and "Traceback" not in answer.text


def test_a_status_callback_over_the_limit_is_413_json(live):
    body = b'{"id": "' + b"x" * LIMIT + b'"}'
    answer = requests.post(live.url + http.HTTP_STATUS_PATH, data=chunks(body), timeout=30)
    assert answer.status_code == 413 and answer.json()["error"] == "request_entity_too_large"


@pytest.mark.parametrize("body", [DEEP, UNCLOSED], ids=["10,000 deep", "never-closing string"])
def test_hostile_json_on_the_api_is_400_at_once(live, body):
    # Before, the never-closing string cost minutes of CPU per 40 KB (a rescan per quote).
    answer = requests.post(live.url + "/api/v1/sessions", data=body, headers=live.key, timeout=30)
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_json"
    assert sessions() == 0


def test_a_signed_callback_nested_10000_deep_is_400_not_a_recursion_error(live):
    body = b'{"id": "m1", "status": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    signed = {http.SIGNATURE_HEADER: http.signature(SECRET, body)}
    answer = requests.post(live.url + http.HTTP_STATUS_PATH, data=body, headers=signed, timeout=30)
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_json" and "20 段まで" in answer.json()["message"]
