"""Honest endings: only an order that went through counts as completed."""

from datetime import timedelta

import pytest

from service.errors import Conflict
from service.models import Ending
from service.models import Outcome
from service.models import SessionStatus
from service.sessions import expiry
from service.sessions import lifecycle
from service.sessions import steering
from service.sessions.events import EventType
from service.sessions.lifecycle import Action
from service.sessions.lifecycle import PressResult
from tests.conftest import csrf_from
from tests.helpers import STAFF
from tests.helpers import event_types


def on_ending(session, now, ending: Ending):
    """Open the link and put the customer on the first end step of ``ending``."""
    lifecycle.open_link(session, now)
    step = next(s for s in session.guide_version.steps if s.ending is ending)
    steering.move_to(session, step.number, now, by=STAFF)
    return step


def test_an_ending_that_needs_the_operator_is_not_completed(make_session, now):
    session, _ = make_session(guide="no-code")
    step = on_ending(session, now, Ending.NEEDS_OPERATOR)
    assert lifecycle.act(session, Action.DONE, step.number, now) is PressResult.ENDED
    assert session.status is SessionStatus.NEEDS_OPERATOR
    assert session.outcome_at(now) is Outcome.NEEDS_OPERATOR
    assert session.completed_at is None and session.ended_at == now
    assert event_types(session)[-1] is EventType.NEEDS_OPERATOR
    # Nothing more can happen to it: no second press, no operator action.
    assert lifecycle.act(session, Action.DONE, step.number, now) is PressResult.IGNORED
    with pytest.raises(Conflict):
        steering.extend(session, 5, now, by=STAFF)


def test_an_order_that_went_through_is_completed(make_session, now):
    session, _ = make_session(guide="no-code")
    step = on_ending(session, now, Ending.COMPLETED)
    lifecycle.act(session, Action.DONE, step.number, now)
    assert session.outcome_at(now) is Outcome.COMPLETED
    assert event_types(session)[-1] is EventType.COMPLETED


def test_revoked_is_abandoned_and_time_running_out_is_expired(make_session, expired_at, now):
    revoked, _ = make_session()
    steering.revoke(revoked, now, by=STAFF)
    assert revoked.outcome_at(now) is Outcome.ABANDONED
    lapsed, _ = make_session(at=expired_at)
    assert lapsed.outcome_at(now) is Outcome.EXPIRED
    expiry.expire_due(now)
    assert lapsed.outcome_at(now) is Outcome.EXPIRED
    live, _ = make_session()
    assert live.outcome_at(now) is None


def test_the_customer_is_never_told_it_worked_when_it_did_not(client, make_session, now):
    session, path = make_session(guide="no-code")
    on_ending(session, now, Ending.NEEDS_OPERATOR)
    page = client.get(path)
    assert "オペレーターに知らせる" in page.text and "できました" not in page.text
    answer = client.post(
        path,
        data={
            "action": "done",
            "step": str(session.current_step),
            "version": str(session.guide_version_id),
            "csrf_token": csrf_from(page.text),
        },
    )
    finished = client.get(answer.headers["Location"]).text
    assert "オペレーターがご案内します" in finished
    assert "できました" not in finished and "おつかれさまでした" not in finished


def test_the_operator_sees_the_ending_and_what_to_do_next(
    client, operator, login, make_session, now
):
    login(operator)
    session, _ = make_session(guide="no-code", operator=operator)
    step = on_ending(session, now, Ending.NEEDS_OPERATOR)
    lifecycle.act(session, Action.DONE, step.number, now)
    panel = client.get(f"/console/sessions/{session.id}").text
    assert 'id="outcome"' in panel and "要対応" in panel and "次にすること" in panel
    assert step.operator_script in panel
    history = client.get("/console/history").text
    assert "要対応（案内では解決せず）" in history


def test_the_api_carries_the_outcome(client, api_headers, make_session, now):
    session, _ = make_session(guide="no-code")
    answer = client.get(f"/api/v1/sessions/{session.id}", headers=api_headers).json
    assert answer["outcome"] is None
    step = on_ending(session, now, Ending.NEEDS_OPERATOR)
    lifecycle.act(session, Action.DONE, step.number, now + timedelta(seconds=1))
    answer = client.get(f"/api/v1/sessions/{session.id}", headers=api_headers).json
    assert (answer["status"], answer["outcome"]) == ("needs_operator", "needs_operator")
