"""What staff do to a session during a call: move, switch, extend, resend, revoke."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from service import catalog
from service.db import db
from service.errors import Conflict
from service.errors import InvalidInput
from service.models import EventType
from service.models import OutboxMessage
from service.models import SessionStatus
from service.sessions import expiry
from service.sessions import lifecycle
from service.sessions import progress
from service.sessions import steering
from service.sessions.lifecycle import Action
from tests.helpers import STAFF
from tests.helpers import opened
from tests.helpers import send_texts


def test_move_puts_the_customer_on_a_step_and_back_returns(make_session, client, now):
    session, _ = opened(make_session, client, guide="sms-code")
    steering.move_to(session, 6, now, by=STAFF)
    route = progress.route_to(session.guide_version, 6)
    assert (session.current_step, session.path) == (6, route)
    # The customer's counter shows the number the operator's list gave the step.
    assert progress.progress(session)[0] == progress.labels(session.guide_version)[6]
    assert session.events[-1].type is EventType.MOVED
    assert session.events[-1].step == len(route)
    lifecycle.act(session, Action.BACK, 6, now)
    assert session.current_step == route[-2]


def test_move_refuses_steps_that_do_not_exist_and_unopened_links(make_session, client, now):
    session, _ = opened(make_session, client)
    with pytest.raises(InvalidInput):
        steering.move_to(session, 99, now, by=STAFF)
    fresh, _ = make_session()
    with pytest.raises(Conflict):
        steering.move_to(fresh, 2, now, by=STAFF)


def test_switch_moves_the_session_to_another_device_from_step_one(make_session, client, now):
    session, _ = opened(make_session, client, device="iphone", guide="sms-code")
    lifecycle.act(session, Action.NEXT, 1, now)
    target = catalog.guide("raku-raku-smartphone", "sms-code")

    steering.switch(session, target.current_version, now, by=STAFF)

    assert session.guide_version.guide.device.slug == "raku-raku-smartphone"
    assert (session.current_step, session.path) == (1, [1])
    assert session.events[-1].data["device"] == "raku-raku-smartphone"


def test_extend_gives_more_time_even_after_expiry(make_session, expired_at, now):
    session, path = make_session(at=expired_at)
    assert session.status_at(now).value == "expired"
    steering.extend(session, 10, now, by=STAFF)
    assert session.expires_at == now + timedelta(minutes=10)
    assert session.status_at(now).value == "sent"
    with pytest.raises(InvalidInput):
        steering.extend(session, 0, now, by=STAFF)
    with pytest.raises(InvalidInput):
        steering.extend(session, 500, now, by=STAFF)


def test_expiring_again_after_an_extension_is_logged_again(make_session, expired_at, now):
    session, path = make_session(at=expired_at)
    expiry.expire_due(now)
    steering.extend(session, 1, now, by=STAFF)
    assert session.status_at(now) is SessionStatus.SENT  # the link works again
    later = now + timedelta(minutes=2)
    expiry.expire_due(later)
    assert [e.type for e in session.events].count(EventType.EXPIRED) == 2


def test_resend_texts_the_same_link_again(make_session, app, now):
    session, path = make_session()
    steering.resend(session, now, by=STAFF)
    send_texts(now=now)

    bodies = db.session.scalars(select(OutboxMessage.body)).all()
    assert len(bodies) == 2 and bodies[0] == bodies[1]
    assert [e.type for e in session.events][-2:] == [EventType.RESENT, EventType.SMS_SENT]


def test_a_completed_session_cannot_be_revoked(make_session, now):
    session, _ = make_session(guide="speaker")
    lifecycle.open_link(session, now)
    for step in range(1, session.guide_version.total_steps):
        lifecycle.act(session, Action.NEXT, step, now)
    lifecycle.act(session, Action.DONE, session.guide_version.total_steps, now)

    with pytest.raises(Conflict):
        steering.revoke(session, now, by=STAFF)
    assert session.status is SessionStatus.COMPLETED


def test_operator_actions_are_refused_once_the_session_ended(make_session, app, now):
    session, _ = make_session()
    steering.revoke(session, now, by=STAFF)
    for action in (
        lambda: steering.resend(session, now, by=STAFF),
        lambda: steering.extend(session, 5, now, by=STAFF),
        lambda: steering.switch(session, session.guide_version, now, by=STAFF),
    ):
        with pytest.raises(Conflict):
            action()


def test_operator_action_losing_a_race_is_a_conflict_not_an_error(
    make_session, client, now, monkeypatch
):
    from sqlalchemy.orm.exc import StaleDataError

    session, _ = opened(make_session, client)

    def lose_the_race(*args, **kwargs):
        raise StaleDataError("someone else changed it")

    monkeypatch.setattr(steering, "locked", lose_the_race)
    with pytest.raises(Conflict):
        steering.move_to(session, 2, now, by=STAFF)
