"""The customer's voice: one optional tap at the end, recorded once, shown to the operator."""

import re

from sqlalchemy import select

from service.db import db
from service.models import SessionEvent
from service.sessions.events import EventType
from tests.conftest import csrf_from
from tests.helpers import end_session
from tests.helpers import opened
from tests.helpers import token_of


def feedback_events(session):
    rows = db.session.scalars(
        select(SessionEvent).where(
            SessionEvent.session_id == session.id, SessionEvent.type == EventType.FEEDBACK
        )
    )
    return [(row.step, row.data.get("rating"), row.data.get("key")) for row in rows]


def tap(customer, path, **fields):
    token = csrf_from(customer.get("/c").text)  # the short-code form: a token for this cookie
    return customer.post(f"/g/{token_of(path)}/feedback", data={"csrf_token": token, **fields})


def test_easy_is_one_tap_and_a_second_changes_nothing(make_session, customer):
    session, path = opened(make_session, customer)
    end_session(session, "completed")
    page = customer.get(path)
    assert "わかりやすかった" in page.text and "むずかしかった" in page.text

    answer = tap(customer, path, rating="easy", step="ask")
    assert answer.status_code == 303
    thanked = customer.get(answer.headers["Location"])
    assert "ありがとうございました" in thanked.text and "わかりやすかった" not in thanked.text
    tap(customer, path, rating="hard", step="1")

    assert feedback_events(session) == [(None, "easy", None)]


def test_hard_asks_which_step_among_those_the_customer_went_through(make_session, customer):
    session, path = opened(make_session, customer)
    end_session(session, "completed")
    db.session.refresh(session)
    asked = tap(customer, path, rating="hard", step="ask")

    assert asked.status_code == 200 and "どの手順がむずかしかったですか" in asked.text
    offered = re.findall(r'name="step" value="(\d+)"', asked.text)
    assert [int(n) for n in offered if n != "0"] == list(dict.fromkeys(session.path))
    assert feedback_events(session) == []  # asking records nothing yet

    first = session.guide_version.step(session.path[0])
    tap(customer, path, rating="hard", step=str(first.number))
    assert feedback_events(session) == [(1, "hard", first.key)]


def test_a_step_the_customer_never_saw_or_junk_is_not_recorded(make_session, customer):
    session, path = opened(make_session, customer)
    end_session(session, "completed")
    db.session.refresh(session)
    unseen = next(s.number for s in session.guide_version.steps if s.number not in session.path)

    assert tap(customer, path, rating="meh").status_code == 303
    assert tap(customer, path, rating="hard", step="x²").status_code == 422
    tap(customer, path, rating="hard", step=str(unseen))
    assert feedback_events(session) == [(None, "hard", None)]


def test_no_tap_before_the_end_nor_on_a_dead_link(make_session, customer):
    session, path = opened(make_session, customer)
    assert 'name="rating"' not in customer.get(path).text
    tap(customer, path, rating="easy")
    assert feedback_events(session) == []

    revoked, gone = opened(make_session, customer)
    end_session(revoked, "revoked")
    answer = tap(customer, gone, rating="easy")
    assert answer.status_code == 410
    assert "この案内は終わりました" in answer.text


def test_the_operator_reads_the_customers_voice_on_the_panel(
    make_session, customer, client, operator, login
):
    session, path = opened(make_session, customer, operator=operator)
    end_session(session, "completed")
    tap(customer, path, rating="hard", step="1")
    login(operator)

    panel = client.get(f"/console/sessions/{session.id}").text
    assert "お客様の声：むずかしかった（手順 1）" in panel
