"""The session lifecycle, called as services, without HTTP."""

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlalchemy import select

from service import guidance
from service import tokens
from service.db import db
from service.errors import InvalidInput
from service.errors import LinkGone
from service.errors import NotFound
from service.guidance import Action
from service.models import EventType
from service.models import GuidanceSession
from service.models import OutboxMessage
from service.models import SessionEvent
from service.models import SessionStatus
from service.sms import SmsError


def event_types(session):
    return [
        event.type
        for event in db.session.scalars(
            select(SessionEvent)
            .where(SessionEvent.session_id == session.id)
            .order_by(SessionEvent.id)
        )
    ]


def token_of(path: str) -> str:
    return path.rsplit("/", 1)[1]


def test_start_texts_the_link_and_logs_it(make_session, now):
    session, path = make_session(phone="+81 90-1234-5678")

    assert session.status is SessionStatus.SENT
    assert session.phone == "+819012345678"
    assert session.current_step is None
    assert session.expires_at == now + timedelta(minutes=30)
    outbox = db.session.scalars(select(OutboxMessage)).all()
    assert len(outbox) == 1
    assert outbox[0].to == "+819012345678"
    assert outbox[0].body.endswith("http://localhost:5000" + path)
    assert event_types(session) == [EventType.CREATED, EventType.SMS_SENT]


def test_link_token_has_128_bits_and_only_its_hash_is_stored(make_session):
    session, path = make_session()
    token = token_of(path)

    assert len(token) >= 22  # 16 bytes in URL-safe base64
    assert session.token_hash == tokens.digest(token)
    stored = db.session.execute(select(GuidanceSession.__table__)).one()._mapping
    assert token not in [str(value) for value in stored.values()]


def test_two_sessions_get_different_links(make_session):
    _, first = make_session()
    _, second = make_session()
    assert first != second


def test_refused_text_keeps_the_session_as_delivery_failed(make_session):
    class Refusing:
        name = "refusing"

        def send(self, to, body):
            raise SmsError("carrier said no")

    session, _ = make_session(provider=Refusing())

    assert session.status is SessionStatus.DELIVERY_FAILED
    assert event_types(session) == [EventType.CREATED, EventType.SMS_FAILED]
    assert session.events[-1].data == {"reason": "carrier said no"}


@pytest.mark.parametrize(
    "phone", ["03-1234-5678", "0120-123-456", "+1 415 555 2671", "090-1234", "abc", ""]
)
def test_start_refuses_what_is_not_a_japanese_mobile_and_stores_nothing(make_session, phone):
    with pytest.raises(InvalidInput) as raised:
        make_session(phone=phone)
    assert raised.value.field == "phone"
    assert db.session.scalar(select(func.count()).select_from(GuidanceSession)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_opening_puts_the_customer_on_step_one_once(make_session, now):
    session, path = make_session()
    found = guidance.for_token(token_of(path), now)

    guidance.open_link(found, now)
    guidance.open_link(found, now + timedelta(seconds=5))

    assert found.status is SessionStatus.OPENED
    assert found.current_step == 1
    assert event_types(session).count(EventType.OPENED) == 1


def test_walking_forward_back_help_and_done(make_session, now):
    session, _ = make_session()
    guidance.open_link(session, now)
    total = session.guide_version.total_steps

    guidance.act(session, Action.NEXT, 1, now)
    guidance.act(session, Action.NEXT, 2, now)
    guidance.act(session, Action.BACK, 3, now)
    guidance.act(session, Action.HELP, 2, now)
    assert session.current_step == 2
    for step in range(2, total):
        guidance.act(session, Action.NEXT, step, now)
    guidance.act(session, Action.DONE, total, now)

    assert session.status is SessionStatus.COMPLETED
    assert session.completed_at == now
    steps = [(e.type, e.step) for e in session.events if e.type in (EventType.STEP, EventType.HELP)]
    assert steps[:4] == [
        (EventType.STEP, 2),
        (EventType.STEP, 3),
        (EventType.STEP, 2),
        (EventType.HELP, 2),
    ]
    assert session.events[-1].type is EventType.COMPLETED


def test_a_stale_or_repeated_press_moves_nothing(make_session, now):
    session, _ = make_session()
    guidance.open_link(session, now)
    guidance.act(session, Action.NEXT, 1, now)
    guidance.act(session, Action.NEXT, 1, now)  # the same tap, sent twice

    assert session.current_step == 2
    assert event_types(session).count(EventType.STEP) == 1


def test_no_step_before_the_first_or_after_the_last(make_session, now):
    session, _ = make_session()
    guidance.open_link(session, now)
    guidance.act(session, Action.BACK, 1, now)
    guidance.act(session, Action.DONE, 1, now)  # done is only for the last step

    assert session.current_step == 1
    assert session.status is SessionStatus.OPENED


def test_expired_link_is_gone(make_session, expired_at, now):
    _, path = make_session(at=expired_at)
    with pytest.raises(LinkGone) as raised:
        guidance.for_token(token_of(path), now)
    assert raised.value.reason == "expired"


def test_revoked_link_is_gone_and_revoking_twice_logs_once(make_session, now):
    session, path = make_session()
    guidance.revoke(session, now)
    guidance.revoke(session, now)

    with pytest.raises(LinkGone) as raised:
        guidance.for_token(token_of(path), now)
    assert raised.value.reason == "revoked"
    assert event_types(session).count(EventType.REVOKED) == 1


def test_unknown_token_is_not_found(app, now):
    with pytest.raises(NotFound):
        guidance.for_token("not-a-real-token", now)


def test_a_press_after_expiry_is_refused_and_changes_nothing(make_session, now):
    session, _ = make_session()
    guidance.open_link(session, now)
    later = session.expires_at + timedelta(seconds=1)

    with pytest.raises(LinkGone):
        guidance.act(session, Action.NEXT, 1, later)
    assert session.current_step == 1
    assert event_types(session).count(EventType.STEP) == 0


def test_events_after_returns_only_newer_events_in_order(make_session, now):
    session, _ = make_session()
    guidance.open_link(session, now)
    first, second, third = [event.id for event in session.events]

    payloads = guidance.events_after(session.id, first)

    assert [p["id"] for p in payloads] == [second, third]
    assert payloads[-1]["type"] == "opened"
    assert payloads[-1]["step"] == 1
    assert payloads[-1]["at"].endswith("+00:00")


def test_sms_text_fits_one_segment_with_default_settings(app, make_session):
    from service.sms import segments

    make_session()
    body = db.session.scalars(select(OutboxMessage)).one().body
    assert len(body) <= 70
    assert segments(body) == 1
    assert app.config["SHOP_NAME"] in body
