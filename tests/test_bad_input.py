"""Input that used to break something deeper: every family is refused with a clear 4xx, in
the surface's own words, quoting back nothing long, and changing nothing that is stored.

The customer's presses have their own family test in tests/customer/test_pages.py.
"""

import json

import pytest

from service.db import db
from service.models import GuidanceSession
from tests.conftest import csrf_from
from tests.helpers import opened
from tests.helpers import press_panel

HUGE = "9" * 4301  # more digits than int() reads
MEGABYTE = "x" * 1_000_000
# What str.isdigit() accepts and int() refuses, what overflows a column, and plain nonsense.
BAD_NUMBERS = ["²", "①", "١٢", HUGE, "9223372036854775808", "2147483648", "-1", "0", "1.5", ""]


def snapshot(session: GuidanceSession) -> tuple:
    """Return what a refused request must leave as it was."""
    db.session.expire_all()
    fresh = db.session.get(GuidanceSession, session.id)
    return (fresh.current_step, list(fresh.path), fresh.expires_at, len(fresh.events))


@pytest.fixture
def live_session(client, operator, login, make_session):
    login(operator)
    session, _ = opened(make_session, client, operator=operator)
    return session


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("action, field", [("move", "step"), ("extend", "minutes")])
def test_console_move_and_extend_refuse_bad_numbers(client, live_session, action, field, value):
    before = snapshot(live_session)
    answer = press_panel(client, live_session, action, **{field: value})
    assert answer.status_code == 422
    assert ("手順を一覧から選んでください" if field == "step" else "分の間で選んでください") in (
        answer.text
    )
    assert HUGE not in answer.text and "Traceback" not in answer.text
    assert snapshot(live_session) == before


def test_console_switch_to_a_megabyte_device_name_quotes_only_a_little(client, live_session):
    before = snapshot(live_session)
    answer = press_panel(client, live_session, "switch", device=MEGABYTE, guide="sms-code")
    assert answer.status_code == 422
    assert "端末「xxxx" in answer.text and len(answer.text) < 100_000
    assert snapshot(live_session) == before


def test_a_megabyte_phone_number_is_refused_without_echo(client, operator, login):
    login(operator)
    page = client.get("/console/new/iphone")
    answer = client.post(
        "/console/new/iphone",
        data={"guide": "sms-code", "phone": MEGABYTE, "csrf_token": csrf_from(page.text)},
    )
    assert answer.status_code == 422 and len(answer.text) < 100_000
    assert db.session.query(GuidanceSession).count() == 0


def nested(depth: int) -> str:
    return '{"step": ' + '{"a": ' * depth + "1" + "}" * depth + "}"


@pytest.mark.parametrize(
    "body",
    [
        nested(1000),  # deep enough to break the parser's recursion
        nested(25),  # past our limit of 20
        "[" * 100_000,
        '{"step": ' + HUGE + "}",  # a number JSON parsers refuse to read
        "\xff\xfe{",
        "null",
        "[1, 2]",
        '"step"',
    ],
)
def test_api_refuses_bodies_that_are_not_a_plain_json_object(
    client, api_headers, live_session, body
):
    before = snapshot(live_session)
    answer = client.post(
        f"/api/v1/sessions/{live_session.id}/step",
        data=body.encode("utf-8", "surrogateescape"),
        headers={**api_headers, "Content-Type": "application/json"},
    )
    assert answer.status_code == 400 and answer.json["error"] == "invalid_json"
    assert len(answer.json["message"]) < 100
    assert snapshot(live_session) == before


def test_deep_brackets_inside_a_string_are_just_text(client, api_headers, live_session):
    body = json.dumps({"device": "[" * 500, "guide": "sms-code"})
    answer = client.post(
        f"/api/v1/sessions/{live_session.id}/switch",
        data=body,
        headers={**api_headers, "Content-Type": "application/json"},
    )
    assert answer.status_code == 422 and answer.json["field"] == "device"


@pytest.mark.parametrize(
    "value", [2**63, 2**31, -1, 0, 1.5, "3", True, None, float("inf"), [], {"a": 1}]
)
@pytest.mark.parametrize("action, field", [("step", "step"), ("extend", "minutes")])
def test_api_move_and_extend_refuse_what_is_not_a_small_integer(
    client, api_headers, live_session, action, field, value
):
    before = snapshot(live_session)
    answer = client.post(
        f"/api/v1/sessions/{live_session.id}/{action}",
        data=json.dumps({field: value}),
        headers={**api_headers, "Content-Type": "application/json"},
    )
    assert answer.status_code == 422
    assert answer.json["error"] == "invalid_input" and answer.json["field"] == field
    assert snapshot(live_session) == before


@pytest.mark.parametrize("field", ["device", "guide", "phone"])
def test_api_megabyte_fields_are_refused_and_not_quoted(client, api_headers, field):
    body = {"device": "iphone", "guide": "sms-code", "phone": "090-1234-5678", field: MEGABYTE}
    answer = client.post("/api/v1/sessions", json=body, headers=api_headers)
    assert answer.status_code == 422 and answer.json["field"] == field
    assert len(answer.get_data()) < 1000
    assert db.session.query(GuidanceSession).count() == 0


def test_an_unknown_slug_is_quoted_short(client, api_headers):
    body = {"device": "n" * 59, "guide": "sms-code", "phone": "090-1234-5678"}
    answer = client.post("/api/v1/sessions", json=body, headers=api_headers)
    assert answer.status_code == 422 and "…" in answer.json["message"]
    assert len(answer.json["message"]) < 100


@pytest.mark.parametrize("code", [MEGABYTE, HUGE, "①②③④⑤⑥", "１２３"])
def test_short_code_page_refuses_nonsense_without_echo(client, code):
    page = client.get("/c")
    answer = client.post("/c", data={"code": code, "csrf_token": csrf_from(page.text)})
    assert answer.status_code == 422 and "番号が違うようです" in answer.text
    assert code not in answer.text


def test_sign_in_with_a_megabyte_address_is_refused_without_echo(client):
    page = client.get("/login")
    form = {"email": MEGABYTE + "@example.com", "password": "x", "csrf_token": csrf_from(page.text)}
    answer = client.post("/login", data=form)
    assert answer.status_code in (401, 422) and len(answer.text) < 100_000


def test_a_failed_console_form_never_goes_back_to_another_site(client, operator, login):
    login(operator)
    answer = client.post(
        "/console/sessions",
        data={"device": "iphone", "guide": "sms-code", "phone": "03-1234-5678"},
        headers={"Referer": "http://localhost//evil.example/phish"},
    )
    assert answer.status_code == 400 or answer.headers["Location"] == "/console/"


@pytest.mark.parametrize("where", ["api", "customer"])
def test_a_body_over_the_limit_is_refused_before_it_is_read(
    client, api_headers, make_session, where
):
    session, path = make_session()
    big = b"x" * (3 * 1024 * 1024)
    if where == "api":
        answer = client.post("/api/v1/sessions", data=big, headers=api_headers)
        assert answer.status_code == 413 and answer.json["error"] == "request_entity_too_large"
    else:
        answer = client.post(path, data=big, content_type="application/x-www-form-urlencoded")
        assert answer.status_code == 413 and "うまくいきませんでした" in answer.text
    assert snapshot(session)[3] == 2  # created, sms_sent: nothing more


def test_a_phone_number_longer_than_any_is_refused_by_the_service(make_session):
    from service.errors import InvalidInput

    with pytest.raises(InvalidInput) as raised:
        make_session(phone="0" * 41)
    assert "長すぎます" in raised.value.message
