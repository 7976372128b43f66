"""The logs: one JSON object a line, a request id on each, no link token or phone number."""

import json
import logging
import re

import requests

from service.sessions import lifecycle
from tests.live_server import LiveServer

NUMBER_FORMS = ("090-1234-5678", "09012345678", "+819012345678", "9012345678")


def json_lines(text: str) -> list[dict]:
    """Parse every line written to stderr; a line that is not one JSON object fails."""
    lines = [line for line in text.splitlines() if line.strip()]
    return [json.loads(line) for line in lines]


def assert_clean(text: str, token: str) -> None:
    assert token not in text
    for form in NUMBER_FORMS:
        assert form not in text, form


def test_an_unhandled_error_on_a_customer_page_logs_no_token_and_no_number(
    app_factory, make_session, monkeypatch, capsys
):
    session, path = make_session(phone="090-1234-5678")
    token = path.rsplit("/", 1)[1]

    def broken(guided, now, client=None):
        # A failure whose own words hold both secrets, as a driver's error quoting its
        # parameters would.
        raise RuntimeError(f"cannot open {guided.phone} at /g/{token} (090-1234-5678)")

    monkeypatch.setattr(lifecycle, "open_link", broken)
    with LiveServer() as live:
        live.serve(app_factory(PUBLIC_URL=live.url))
        capsys.readouterr()
        answer = requests.get(live.url + path, headers={"X-Request-ID": "call-42"}, timeout=10)
        logged = capsys.readouterr().err

    assert answer.status_code == 500
    assert "ただいま表示できません" in answer.text and "RuntimeError" not in answer.text
    assert answer.headers["X-Request-ID"] == "call-42"
    assert_clean(logged, token)
    lines = json_lines(logged)
    (error,) = [line for line in lines if line["level"] == "ERROR"]
    assert error["logger"] == "service.errors" and error["request_id"] == "call-42"
    assert "RuntimeError: cannot open …5678 at /g/[token]" in error["traceback"]
    assert error["path"] == "/g/[token]"
    (access,) = [line for line in lines if line["logger"] == "tebiki.access"]
    assert access["status"] == 500 and access["request_id"] == "call-42"
    # werkzeug's own access line, through the same handler: cleaned and JSON too.
    assert any(line["logger"] == "werkzeug" and "/g/[token]" in line["message"] for line in lines)


def test_the_access_line_is_json_with_the_request_and_no_token(client, make_session, capsys):
    _, path = make_session()
    capsys.readouterr()

    answer = client.get(path + "/events?last_event_id=999999", headers={"X-Request-ID": "a.b-1"})
    answer.close()

    (line,) = [
        line for line in json_lines(capsys.readouterr().err) if line["logger"] == "tebiki.access"
    ]
    assert set(line) >= {
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "method",
        "path",
        "status",
        "duration_ms",
        "endpoint",
    }
    assert line["level"] == "INFO" and line["request_id"] == "a.b-1"
    assert line["method"] == "GET" and line["path"] == "/g/[token]/events"
    assert line["status"] == 200 and line["endpoint"] == "customer.follow"
    assert line["duration_ms"] >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00", line["time"])


def test_a_sane_request_id_is_kept_and_anything_else_replaced(client, capsys):
    kept = client.get("/login", headers={"X-Request-ID": "lb-7f3a:0001"})
    assert kept.headers["X-Request-ID"] == "lb-7f3a:0001"

    for bad in ("two words", "x" * 129, "<script>", "09012345678 ok"):
        made = client.get("/login", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", made), bad
    fresh = {client.get("/login").headers["X-Request-ID"] for _ in range(3)}
    assert len(fresh) == 3
    ids = [line["request_id"] for line in json_lines(capsys.readouterr().err)]
    assert "lb-7f3a:0001" in ids and "two words" not in ids


def test_a_preview_link_and_a_404_under_a_token_prefix_are_cleaned(client, capsys):
    capsys.readouterr()
    client.get("/p/some-preview-token-abc")
    client.get("/g/AbCdEfGhIjKlMnOpQrStUv/not-a-page")
    logged = capsys.readouterr().err

    assert "some-preview-token-abc" not in logged and "AbCdEfGhIjKlMnOpQrStUv" not in logged
    paths = [line["path"] for line in json_lines(logged) if line["logger"] == "tebiki.access"]
    assert paths == ["/p/[token]", "/g/[token]/not-a-page"]


def test_a_phone_number_written_by_any_logger_is_cut_to_its_last_four_digits(app, capsys):
    import logging

    capsys.readouterr()
    logging.getLogger("service.sms.console").info("SMS to %s queued", "+819012345678")
    logging.getLogger("elsewhere").warning("retry 090-1234-5678 at 2026-12-03 13:40:51")

    first, second = json_lines(capsys.readouterr().err)
    assert first["message"] == "SMS to …5678 queued"
    assert second["message"] == "retry …5678 at 2026-12-03 13:40:51"  # dates stay whole


def test_a_plain_handler_added_by_a_tool_never_sees_a_token_in_the_access_line(
    client, make_session
):
    # Alembic's logging setup (run by `flask db upgrade` in-process) adds a handler of its
    # own to the root logger; it prints the message as it was written.
    seen = []

    class Plain(logging.Handler):
        def emit(self, record):
            seen.append(record.getMessage())

    plain = Plain()
    logging.getLogger().addHandler(plain)
    try:
        _, path = make_session()
        client.get(path)
    finally:
        logging.getLogger().removeHandler(plain)
    token = path.rsplit("/", 1)[1]
    assert "GET /g/[token] 200" in seen
    assert not [line for line in seen if token in line]
