"""The session lifecycle, called as services, without HTTP."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlalchemy import select

from service import tokens
from service.db import db
from service.errors import Conflict
from service.errors import InvalidInput
from service.errors import LinkGone
from service.errors import NotFound
from service.models import EventType
from service.models import GuidanceSession
from service.models import OutboxMessage
from service.models import SessionEvent
from service.models import SessionStatus
from service.sessions import expiry
from service.sessions import lifecycle
from service.sessions import links
from service.sessions import progress
from service.sessions import queries
from service.sessions import steering
from service.sessions.lifecycle import Action
from service.sessions.lifecycle import PressResult
from service.sms import SmsError
from tests.helpers import STAFF


def event_types(session):
    query = (
        select(SessionEvent.type)
        .where(SessionEvent.session_id == session.id)
        .order_by(SessionEvent.id)
    )
    return list(db.session.scalars(query))


def token_of(path: str) -> str:
    return path.rsplit("/", 1)[1]


def number(session, key: str) -> int:
    """Return the number of the step called ``key`` in the session's guide."""
    return next(s.number for s in session.guide_version.steps if s.key == key)


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


class Refusing:
    name = "refusing"

    def __init__(self, error):
        self.error = error

    def send(self, to, body):
        raise self.error


def test_refused_text_keeps_the_session_as_delivery_failed(make_session):
    session, path = make_session(provider=Refusing(SmsError("carrier said no")))

    assert session.status is SessionStatus.DELIVERY_FAILED
    assert event_types(session) == [EventType.CREATED, EventType.SMS_FAILED]
    assert session.events[-1].data == {"reason": "carrier said no"}
    # The link works all the same: the operator can give it by QR code.
    assert links.for_token(token_of(path), session.created_at) == session


def test_a_crashing_provider_is_logged_as_failed_delivery_not_an_error(make_session):
    session, _ = make_session(provider=Refusing(ConnectionResetError()))
    assert session.status is SessionStatus.DELIVERY_FAILED
    assert session.events[-1].data == {"reason": "ConnectionResetError"}


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
    found = links.for_token(token_of(path), now)

    lifecycle.open_link(found, now)
    lifecycle.open_link(found, now + timedelta(seconds=5))

    assert found.status is SessionStatus.OPENED
    assert (found.current_step, found.path) == (1, [1])
    assert event_types(session).count(EventType.OPENED) == 1


def test_linear_guide_forward_back_help_and_done(make_session, now):
    session, _ = make_session(guide="speaker")
    lifecycle.open_link(session, now)
    total = session.guide_version.total_steps

    assert lifecycle.act(session, Action.NEXT, 1, now) is PressResult.MOVED
    assert lifecycle.act(session, Action.NEXT, 2, now) is PressResult.MOVED
    assert lifecycle.act(session, Action.BACK, 3, now) is PressResult.MOVED
    assert lifecycle.act(session, Action.HELP, 2, now) is PressResult.HELPED
    assert (session.current_step, session.path) == (2, [1, 2])
    for step in range(2, total):
        lifecycle.act(session, Action.NEXT, step, now)
    assert lifecycle.act(session, Action.DONE, total, now) is PressResult.COMPLETED

    assert session.status is SessionStatus.COMPLETED
    assert session.completed_at == now
    moves = [(e.type, e.step) for e in session.events if e.type in (EventType.STEP, EventType.HELP)]
    assert moves[:4] == [
        (EventType.STEP, 2),
        (EventType.STEP, 3),
        (EventType.STEP, 2),
        (EventType.HELP, 2),
    ]
    assert session.events[-1].type is EventType.COMPLETED


def test_a_stale_or_repeated_press_moves_nothing(make_session, now):
    session, _ = make_session()
    lifecycle.open_link(session, now)
    lifecycle.act(session, Action.NEXT, 1, now)
    assert lifecycle.act(session, Action.NEXT, 1, now) is PressResult.IGNORED  # the same tap again

    assert session.current_step == 2
    assert event_types(session).count(EventType.STEP) == 1


def test_help_from_a_stale_tab_still_reaches_the_operator(make_session, now):
    session, _ = make_session()
    lifecycle.open_link(session, now)
    lifecycle.act(session, Action.NEXT, 1, now)

    assert lifecycle.act(session, Action.HELP, 1, now) is PressResult.HELPED
    assert session.events[-1].type is EventType.HELP


def test_no_step_before_the_first_and_done_only_at_an_end(make_session, now):
    session, _ = make_session()
    lifecycle.open_link(session, now)
    assert lifecycle.act(session, Action.BACK, 1, now) is PressResult.IGNORED
    assert lifecycle.act(session, Action.DONE, 1, now) is PressResult.IGNORED

    assert session.current_step == 1
    assert session.status is SessionStatus.OPENED


def test_pressing_done_twice_is_harmless(make_session, now):
    session, _ = make_session(guide="speaker")
    lifecycle.open_link(session, now)
    total = session.guide_version.total_steps
    for step in range(1, total):
        lifecycle.act(session, Action.NEXT, step, now)
    lifecycle.act(session, Action.DONE, total, now)

    assert lifecycle.act(session, Action.DONE, total, now) is PressResult.IGNORED
    assert event_types(session).count(EventType.COMPLETED) == 1


def walk(session, now, *keys_and_choices):
    """Press through a guide: a key means 次へ from that step, (key, n) picks answer n."""
    for item in keys_and_choices:
        key, choice = item if isinstance(item, tuple) else (item, None)
        action = Action.NEXT if choice is None else Action.CHOOSE
        outcome = lifecycle.act(session, action, number(session, key), now, choice=choice or 0)
        assert outcome is PressResult.MOVED, item


def test_branching_follows_the_choice_and_back_retraces_the_path(make_session, now):
    session, _ = make_session(guide="sms-code")
    lifecycle.open_link(session, now)
    walk(session, now, "speaker", "home", "open-safari", "tap-field", ("suggestion", 1))

    assert session.current_step == number(session, "open-messages")
    choice = session.events[-1]
    assert choice.data["direction"] == "choice" and choice.data["choice"] == "出ていない"

    walk(session, now, "open-messages", ("newest", 1), "filter")
    assert session.current_step == number(session, "unknown")
    # Back goes along the path taken, not to the step before it in the file.
    lifecycle.act(session, Action.BACK, number(session, "unknown"), now)
    lifecycle.act(session, Action.BACK, number(session, "filter"), now)
    assert session.current_step == number(session, "newest")
    # Then another answer switches to the other branch.
    walk(session, now, ("newest", 0))
    assert session.current_step == number(session, "read-code")
    assert session.path[-2:] == [number(session, "newest"), number(session, "read-code")]


def test_counter_counts_along_the_current_path(make_session, now):
    session, _ = make_session(guide="sms-code")
    lifecycle.open_link(session, now)
    position, main_route = progress.progress(session)
    assert position == 1 and main_route >= 5

    walk(session, now, "speaker", "home", "open-safari", "tap-field")
    assert progress.progress(session) == (5, main_route)
    walk(session, now, ("suggestion", 1))
    position, total = progress.progress(session)
    assert position == 6 and total > main_route  # the fallback route is longer
    lifecycle.act(session, Action.BACK, session.current_step, now)
    assert progress.progress(session) == (5, main_route)


def test_an_invalid_choice_moves_nothing(make_session, now):
    session, _ = make_session(guide="sms-code")
    lifecycle.open_link(session, now)
    walk(session, now, "speaker", "home", "open-safari", "tap-field")
    at = number(session, "suggestion")
    assert lifecycle.act(session, Action.CHOOSE, at, now, choice=7) is PressResult.IGNORED
    assert lifecycle.act(session, Action.NEXT, at, now) is PressResult.IGNORED  # a choice step
    assert session.current_step == at


def test_expired_link_is_gone_and_the_sweep_logs_the_expiry_once(make_session, expired_at, now):
    session, path = make_session(at=expired_at)
    with pytest.raises(LinkGone) as raised:
        links.for_token(token_of(path), now)
    assert raised.value.reason == "expired"
    assert EventType.EXPIRED not in event_types(session)  # reading the link writes nothing
    assert expiry.expire_due(now) == 1
    assert expiry.expire_due(now) == 0
    db.session.refresh(session)
    expired = [e for e in session.events if e.type is EventType.EXPIRED]
    assert len(expired) == 1 and expired[0].at == session.expires_at
    assert session.status is SessionStatus.EXPIRED


def test_revoked_link_is_gone_and_revoking_twice_logs_once(make_session, now):
    session, path = make_session()
    steering.revoke(session, now, by=STAFF)
    steering.revoke(session, now, by=STAFF)

    with pytest.raises(LinkGone) as raised:
        links.for_token(token_of(path), now)
    assert raised.value.reason == "revoked"
    assert event_types(session).count(EventType.REVOKED) == 1


def test_a_completed_session_cannot_be_revoked(make_session, now):
    session, _ = make_session(guide="speaker")
    lifecycle.open_link(session, now)
    for step in range(1, session.guide_version.total_steps):
        lifecycle.act(session, Action.NEXT, step, now)
    lifecycle.act(session, Action.DONE, session.guide_version.total_steps, now)

    with pytest.raises(Conflict):
        steering.revoke(session, now, by=STAFF)
    assert session.status is SessionStatus.COMPLETED


def test_unknown_token_is_not_found(app, now):
    with pytest.raises(NotFound):
        links.for_token("not-a-real-token", now)


def test_a_press_after_expiry_is_refused_and_changes_nothing(make_session, now):
    session, _ = make_session()
    lifecycle.open_link(session, now)
    later = session.expires_at + timedelta(seconds=1)

    with pytest.raises(LinkGone):
        lifecycle.act(session, Action.NEXT, 1, later)
    assert session.current_step == 1
    assert event_types(session).count(EventType.STEP) == 0


def test_events_after_returns_only_newer_events_in_order(make_session, now):
    session, _ = make_session()
    lifecycle.open_link(session, now)
    first, second, third = [event.id for event in session.events]

    payloads = queries.events_after(session.id, first)

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


def test_two_simultaneous_presses_move_the_customer_once(app, make_session, now):
    session, _ = make_session(guide="speaker")
    lifecycle.open_link(session, now)
    session_id = session.id  # read here: ORM objects belong to this thread's session
    barrier = threading.Barrier(2, timeout=10)
    outcomes = []

    def press():
        with app.app_context():
            mine = queries.get(session_id)
            barrier.wait()
            outcomes.append(lifecycle.act(mine, Action.NEXT, 1, now))

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    db.session.expire_all()
    assert sorted(o.value for o in outcomes) == ["ignored", "moved"]
    assert queries.get(session_id).current_step == 2
    assert event_types(session).count(EventType.STEP) == 1
