"""After-commit dispatch: committed events reach every subscriber in order, rolled back never."""

from service.db import db
from service.live import brokers
from service.live import dispatch
from service.sessions import events
from service.sessions import lifecycle
from service.sessions import queries
from service.sessions.events import EventType
from service.sessions.lifecycle import Action


def collect(app):
    """Add a subscriber to ``app`` that keeps what it is given."""
    got = []
    app.extensions[dispatch.EXTENSION].after_commit.append(got.extend)
    return got


def test_committed_events_are_published_and_rolled_back_ones_are_not(app, make_session, now):
    session, _ = make_session()
    broker = brokers.broker()
    with broker.subscribe(brokers.channel(session.id)) as subscription:
        lifecycle.open_link(session, now)
        published = subscription.get(timeout=1)
        assert published["type"] == EventType.OPENED.value
        assert published["id"] == session.events[-1].id

        events.record(session, EventType.HELP, now, step=1)
        db.session.rollback()
        assert subscription.get(timeout=0.2) is None


def test_every_subscriber_gets_the_events_of_a_commit_in_order(app, make_session, now):
    got = collect(app)
    session, _ = make_session()
    types = [payload["type"] for payload in got]
    assert types == ["created", "sms_sent"]
    assert [p["id"] for p in got] == sorted(p["id"] for p in got)
    assert got[0] == events.payload(session.events[0])


def test_a_failing_subscriber_does_not_stop_the_others_or_the_request(app, make_session, now):
    def broken(payloads):
        raise RuntimeError("webhook endpoint on fire")

    app.extensions[dispatch.EXTENSION].after_commit.insert(0, broken)
    got = collect(app)
    session, _ = make_session()
    lifecycle.open_link(session, now)
    assert session.current_step == 1
    assert [payload["type"] for payload in got] == ["created", "sms_sent", "opened"]


def test_an_app_wires_its_own_subscribers(app_factory):
    first, second = app_factory(), app_factory()
    assert first.extensions[dispatch.EXTENSION] is not second.extensions[dispatch.EXTENSION]


def test_a_closed_session_drops_what_it_staged(app, make_session, now):
    got = collect(app)
    session, _ = make_session()
    del got[:]
    events.record(session, EventType.HELP, now, step=1)
    db.session.close()
    db.session.commit()  # a later, unrelated commit on the same session
    assert got == []


def test_a_savepoint_rolled_back_drops_only_its_own_events(app, make_session, now):
    got = collect(app)
    session, _ = make_session()
    del got[:]
    events.record(session, EventType.HELP, now, step=1)
    savepoint = db.session.begin_nested()
    events.record(session, EventType.HELP, now, step=2)
    savepoint.rollback()
    db.session.commit()
    assert [(p["type"], p["step"]) for p in got] == [("help", 1)]


def test_a_savepoint_released_delivers_with_the_outer_commit(app, make_session, now):
    got = collect(app)
    session, _ = make_session()
    del got[:]
    with db.session.begin_nested():
        events.record(session, EventType.HELP, now, step=1)
    assert got == []  # not before the outer commit
    db.session.commit()
    assert [p["type"] for p in got] == ["help"]


def test_in_transaction_subscribers_run_as_the_event_is_recorded(app, make_session, now):
    seen = []
    app.extensions[dispatch.EXTENSION].in_transaction.append(seen.extend)
    session, _ = make_session()
    assert [p["type"] for p in seen] == ["created", "sms_sent"]
    events.record(session, EventType.HELP, now, step=1)
    assert seen[-1]["type"] == "help"  # already, before any commit
    db.session.rollback()


def test_an_event_written_under_the_row_lock_is_published_with_the_one_before_it(
    app, make_session, now
):
    session, _ = make_session()
    stored = [event["id"] for event in queries.events_after(session.id, 0)]
    got = collect(app)
    in_transaction = []  # as the webhooks' queue is given them
    app.extensions[dispatch.EXTENSION].in_transaction.append(in_transaction.extend)
    lifecycle.open_link(session, now)
    lifecycle.act(session, Action.NEXT, 1, now)
    opened, step = got
    assert (opened["type"], opened[brokers.PREVIOUS]) == ("opened", stored[-1])
    assert (step["type"], step[brokers.PREVIOUS]) == ("step", opened["id"])
    # The claim goes to live streams only: the stored log and the webhooks carry the event.
    as_stored = queries.events_after(session.id, stored[-1])
    assert in_transaction == as_stored
    assert [{k: v for k, v in p.items() if k != brokers.PREVIOUS} for p in got] == as_stored


def test_an_event_written_without_the_row_lock_claims_no_event_before_it(app, make_session):
    got = collect(app)
    make_session()
    created, sent = got
    # Made with its new row, never locked: the stream reads the log for it.
    assert created["type"] == "created" and brokers.PREVIOUS not in created
    # Sent by the SMS worker, which locks the row first.
    assert sent["type"] == "sms_sent" and sent[brokers.PREVIOUS] == created["id"]
