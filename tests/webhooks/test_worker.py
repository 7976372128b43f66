"""The worker against a real local receiver: signatures, order, backoff, failing, rotation."""

from datetime import timedelta

import jsonschema
import pytest
from sqlalchemy import func
from sqlalchemy import select
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from service.db import db
from service.models import DeliveryStatus
from service.models import EndpointState
from service.models import WebhookDelivery
from service.sessions import events
from service.sessions import lifecycle
from service.sessions.events import PAYLOAD_SCHEMA
from service.sessions.events import EventType
from service.webhooks import endpoints
from service.webhooks import worker
from tests.webhooks.receiver import Receiver


@pytest.fixture
def receiver(app):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True  # the receiver listens on 127.0.0.1
    app.config["WEBHOOK_TIMEOUT_SECONDS"] = 2
    with Receiver() as receiver:
        yield receiver


def register(receiver, now, events_=None):
    return endpoints.register(receiver.url, events_, now, allow_private=True)


def deliveries(endpoint_id=None):
    query = select(WebhookDelivery).order_by(WebhookDelivery.id)
    if endpoint_id is not None:
        query = query.where(WebhookDelivery.endpoint_id == endpoint_id)
    return list(db.session.scalars(query.execution_options(populate_existing=True)))


def test_each_event_arrives_signed_so_the_standardwebhooks_library_verifies_it(
    receiver, make_session, now
):
    endpoint, secret = register(receiver, now)
    assert secret.startswith("whsec_")
    session, _ = make_session()
    lifecycle.open_link(session, now)

    assert worker.run_once(now) == 3
    bodies = receiver.verified(secret)
    assert [body["type"] for body in bodies] == [
        "session.created",
        "session.sms_sent",
        "session.opened",
    ]
    for body in bodies:
        jsonschema.validate(body["data"], PAYLOAD_SCHEMA)
        assert body["data"]["session"] == session.id
        assert body["timestamp"] == body["data"]["at"]
    headers = receiver.received[0][0]
    assert headers["webhook-id"] == f"msg_{bodies[0]['data']['id']}"
    assert headers["webhook-signature"].startswith("v1,")
    assert all(d.status is DeliveryStatus.SENT and d.attempts == 1 for d in deliveries())
    # Another secret does not verify it: the signature is real.
    other, _ = register(receiver, now)
    with pytest.raises(WebhookVerificationError):
        Webhook(other.secret).verify(receiver.received[0][1], headers)


def test_an_endpoint_gets_only_the_event_types_it_asked_for(receiver, make_session, now):
    register(receiver, now, ["opened", "help"])
    session, _ = make_session()
    lifecycle.open_link(session, now)
    worker.run_once(now)
    assert [body["type"] for body in receiver.bodies()] == ["session.opened"]


def test_a_rolled_back_event_leaves_no_delivery(receiver, make_session, now):
    register(receiver, now)
    session, _ = make_session()
    before = db.session.scalar(select(func.count(WebhookDelivery.id)))
    events.record(session, EventType.HELP, now, step=1)
    db.session.rollback()
    assert db.session.scalar(select(func.count(WebhookDelivery.id))) == before


def test_a_session_s_events_wait_behind_its_failing_one_while_others_go(
    receiver, make_session, now
):
    endpoint, secret = register(receiver, now, ["created", "sms_sent"])
    receiver.statuses = [500]
    first, _ = make_session()
    second, _ = make_session(phone="090-8765-4321")

    worker.run_once(now)
    sent = [(b["data"]["session"], b["type"]) for b in receiver.verified(secret)]
    # The first session's created failed (500): its sms_sent waits; the second's both went.
    assert sent == [
        (first.id, "session.created"),
        (second.id, "session.created"),
        (second.id, "session.sms_sent"),
    ]
    failed = deliveries()[0]
    assert (failed.status, failed.last_status, failed.attempts) == (DeliveryStatus.PENDING, 500, 1)
    assert failed.next_attempt_at == now + timedelta(seconds=5)
    assert worker.run_once(now + timedelta(seconds=4)) == 0  # not yet due, nothing jumps it

    worker.run_once(now + timedelta(seconds=5))
    later = [(b["data"]["session"], b["type"]) for b in receiver.bodies()[3:]]
    assert later == [(first.id, "session.created"), (first.id, "session.sms_sent")]
    assert all(d.status is DeliveryStatus.SENT for d in deliveries())


def test_failures_back_off_for_a_day_then_the_endpoint_is_marked_failing(
    receiver, make_session, now
):
    endpoint, _ = register(receiver, now, ["created"])
    receiver.statuses = [500] * 100
    make_session()
    (delivery,) = deliveries()
    moment, waits = now, []
    while delivery.status is DeliveryStatus.PENDING:
        assert worker.run_once(moment) == 1
        db.session.refresh(delivery)
        if delivery.status is DeliveryStatus.PENDING:
            waits.append(delivery.next_attempt_at - moment)
            assert worker.run_once(delivery.next_attempt_at - timedelta(seconds=1)) == 0
            moment = delivery.next_attempt_at
    seconds = [int(wait.total_seconds()) for wait in waits]
    assert seconds[:6] == [5, 30, 120, 600, 1800, 3600]
    assert seconds == sorted(seconds)  # never sooner than the one before
    assert moment - now >= timedelta(hours=24)  # the last try came a day after the event
    assert delivery.status is DeliveryStatus.FAILED
    assert delivery.attempts == len(receiver.received) == len(waits) + 1
    db.session.refresh(endpoint)
    assert endpoint.state is EndpointState.FAILING and endpoint.failures == delivery.attempts

    # A replay that gets through makes the endpoint healthy again.
    receiver.statuses = []
    again = endpoints.replay(endpoint, delivery.id, moment)
    worker.run_once(moment)
    db.session.refresh(again)
    db.session.refresh(endpoint)
    assert again.status is DeliveryStatus.SENT
    assert (endpoint.state, endpoint.failures) == (EndpointState.ACTIVE, 0)


def test_a_rotated_secret_signs_beside_the_new_one_until_the_overlap_ends(
    receiver, make_session, now
):
    endpoint, old = register(receiver, now, ["created"])
    new = endpoints.rotate(endpoint, now, timedelta(hours=24))
    assert new != old and new.startswith("whsec_")
    make_session()
    worker.run_once(now + timedelta(hours=23))
    headers, body = receiver.received[-1]
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert Webhook(old).verify(body, headers) and Webhook(new).verify(body, headers)

    make_session(phone="090-8765-4321")
    worker.run_once(now + timedelta(hours=24))
    headers, body = receiver.received[-1]
    assert Webhook(new).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(body, headers)


def test_an_address_refused_at_send_time_is_never_contacted(receiver, make_session, now, app):
    register(receiver, now, ["created"])
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False  # the setting was turned off since
    make_session()
    worker.run_once(now)
    assert receiver.received == []
    (delivery,) = deliveries()
    assert delivery.status is DeliveryStatus.PENDING and "内部のアドレス" in delivery.last_error


def test_a_redirect_is_not_followed(receiver, make_session, now):
    register(receiver, now, ["created"])
    receiver.statuses = [302]
    make_session()
    worker.run_once(now)
    (delivery,) = deliveries()
    assert (delivery.status, delivery.last_status) == (DeliveryStatus.PENDING, 302)
    assert len(receiver.received) == 1
