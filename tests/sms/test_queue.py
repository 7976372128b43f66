"""Texts go out off the request path: queued with the session, sent by the worker, retried."""

import json
import re
import signal
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from service.auth import api_keys
from service.db import db
from service.db import utcnow
from service.models import EventType
from service.models import OutboxMessage
from service.models import SessionStatus
from service.models import SmsText
from service.models import TextStatus
from service.sessions import steering
from service.sessions import texting
from service.sms import SmsError
from service.sms import queue
from service.sms.http import HttpProvider
from tests.api.test_http_flow import NEW_SESSION
from tests.helpers import STAFF
from tests.helpers import Refusing
from tests.helpers import event_types
from tests.helpers import panel
from tests.helpers import send_texts
from tests.live_server import LiveServer
from tests.sms.test_http_provider import SECRET
from tests.sms.test_http_provider import gateway
from tests.webhooks.test_worker_crash import start_worker


def texts() -> list[SmsText]:
    query = select(SmsText).order_by(SmsText.id).execution_options(populate_existing=True)
    return list(db.session.scalars(query))


def status_line(client, session) -> tuple[str, str]:
    """Return the panel's status: what console.js reads, and what the operator reads."""
    found = re.search(r'id="status" data-status="([a-z_]+)">([^<]+)<', panel(client, session).text)
    return found.group(1), found.group(2)


def through(fake) -> HttpProvider:
    return HttpProvider(fake.url, None, "http://localhost:5000/sms/http/status")


def test_a_session_commits_with_its_text_queued_and_nothing_sent_yet(make_session):
    session, _ = make_session(texted=False)

    ((text,),) = [texts()]
    assert (text.session_id, text.status, text.attempts) == (session.id, TextStatus.QUEUED, 0)
    assert event_types(session) == [EventType.CREATED]
    assert db.session.scalars(select(OutboxMessage)).all() == []

    assert send_texts() == 1
    assert event_types(session) == [EventType.CREATED, EventType.SMS_SENT]
    (outbox,) = db.session.scalars(select(OutboxMessage)).all()
    assert texts()[0].message_id == f"outbox-{outbox.id}"


def test_a_provider_failing_twice_then_taking_it_sends_one_text(make_session, now):
    with gateway(reply={"id": "gw-9"}) as fake:
        fake.statuses = [503, 503]
        session, _ = make_session(provider=through(fake))

    assert len(fake.received) == 3
    (text,) = texts()
    assert (text.status, text.attempts, text.message_id) == (TextStatus.SENT, 3, "gw-9")
    assert event_types(session) == [EventType.CREATED, EventType.SMS_SENT]
    assert session.status is SessionStatus.SENT


def test_retries_wait_longer_each_time(make_session, now):
    session, _ = make_session(texted=False)
    refusing = Refusing(SmsError("busy"))
    for wait in queue.BACKOFF:
        texting.run_once(now, provider=refusing)
        (text,) = texts()
        assert text.status is TextStatus.QUEUED and text.next_attempt_at == now + wait
        assert texting.run_once(now + wait - timedelta(seconds=1), provider=refusing) == 0
        now += wait
    texting.run_once(now, provider=refusing)
    assert texts()[0].status is TextStatus.FAILED
    assert event_types(session) == [EventType.CREATED, EventType.SMS_FAILED]


def test_a_permanent_refusal_fails_at_once_and_the_panel_offers_the_fallbacks(
    app, client, login, operator, make_session
):
    with gateway(status=400, reply={"error": "not a mobile number"}) as fake:
        session, _ = make_session(operator=operator, provider=through(fake))

    assert len(fake.received) == 1  # refused for good: not asked again
    assert session.status is SessionStatus.DELIVERY_FAILED
    assert session.events[-1].type is EventType.SMS_FAILED
    assert "400" in session.events[-1].data["reason"]
    login(operator)
    page = panel(client, session).text
    assert 'data-status="delivery_failed"' in page and "SMS送信失敗" in page
    assert '<figure class="qr"><svg' in page and 'id="make-short-code"' in page


def test_the_panel_says_a_text_still_queued_is_waiting_not_sent(
    app, client, login, operator, make_session, now
):
    session, _ = make_session(operator=operator, texted=False)
    login(operator)
    assert status_line(client, session) == ("sms_waiting", "SMS送信待ち（未開封）")

    send_texts(None, now)
    assert status_line(client, session) == ("sent", "SMS送信済み（未開封）")


def test_the_panel_counts_the_tries_a_gateway_refused_for_now(
    app, client, login, operator, make_session, now
):
    session, _ = make_session(operator=operator, texted=False)
    refusing = Refusing(SmsError("busy"))
    texting.run_once(now, provider=refusing)
    texting.run_once(now + queue.BACKOFF[0], provider=refusing)
    login(operator)
    assert status_line(client, session) == (
        "sms_waiting",
        "SMS送信待ち（2 回送れず、送り直します）",
    )


def test_no_retry_after_the_link_would_be_gone(make_session, now):
    # A text that waits past the link's end would open nothing: give up before.
    session, _ = make_session(texted=False)
    session.expires_at = now + timedelta(seconds=5)  # time for one retry (3 s), not two
    db.session.commit()
    refusing = Refusing(SmsError("busy"))
    texting.run_once(now, provider=refusing)
    assert texts()[0].status is TextStatus.QUEUED

    texting.run_once(now + queue.BACKOFF[0], provider=refusing)

    (text,) = texts()
    assert (text.status, text.attempts) == (TextStatus.FAILED, 2)
    assert event_types(session) == [EventType.CREATED, EventType.SMS_FAILED]
    assert session.events[-1].data == {"reason": "busy"}
    assert session.status is SessionStatus.DELIVERY_FAILED


def test_a_text_whose_link_ran_out_in_the_queue_is_never_sent(make_session, now):
    session, _ = make_session(texted=False)

    texting.run_once(now + timedelta(minutes=31))

    assert db.session.scalars(select(OutboxMessage)).all() == []
    assert session.events[-1].type is EventType.SMS_FAILED
    assert "expired" in session.events[-1].data["reason"]


def test_a_text_of_a_revoked_session_is_dropped_without_a_word(make_session, now):
    session, _ = make_session(texted=False)
    steering.revoke(session, now, by=STAFF)

    texting.run_once(now)

    assert db.session.scalars(select(OutboxMessage)).all() == []
    assert texts()[0].status is TextStatus.FAILED
    assert event_types(session) == [EventType.CREATED, EventType.REVOKED]


def test_a_lost_claim_is_taken_again_once_its_lease_runs_out(make_session, now):
    session, _ = make_session(texted=False)
    assert queue.claim(now) is not None  # a worker takes it, then dies before sending
    db.session.rollback()

    assert texting.run_once(now) == 0  # its lease holds: no second sender meanwhile
    assert texting.run_once(now + queue.LEASE) == 1
    assert event_types(session) == [EventType.CREATED, EventType.SMS_SENT]
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 1


def test_a_worker_killed_mid_send_leaves_the_text_to_the_next_once_its_lease_lapses(
    app, make_session, tmp_path
):
    with gateway(reply={"id": "gw-1"}, delay=60) as fake:
        session, _ = make_session(texted=False)
        settings = {"SMS_PROVIDER": "http", "SMS_HTTP_URL": fake.url, "SMS_HTTP_SECRET": SECRET}
        process = start_worker(app, tmp_path, "sms", **settings)
        try:
            assert fake.arrived.wait(60), "the worker never reached the gateway"
            # While it sends, another worker passes the text over.
            assert texting.run_once(utcnow(), provider=through(fake)) == 0
            process.send_signal(signal.SIGKILL)  # mid-send: the gateway has not answered
            process.wait(timeout=10)
        finally:
            process.kill()
        (text,) = texts()
        assert (text.status, text.attempts) == (TextStatus.QUEUED, 0)
        assert text.claimed_until > utcnow()

        fake.delay = 0
        assert texting.run_once(text.claimed_until, provider=through(fake)) == 1

    (text,) = texts()
    assert (text.status, text.message_id) == (TextStatus.SENT, "gw-1")
    # Sent twice (the first answer never came back): delivery is at least once.
    assert len(fake.received) == 2
    assert event_types(session) == [EventType.CREATED, EventType.SMS_SENT]


def test_a_resend_queues_a_second_text_sent_by_the_worker(make_session, now):
    session, _ = make_session()
    steering.resend(session, now, by=STAFF)
    assert [t.status for t in texts()] == [TextStatus.SENT, TextStatus.QUEUED]

    send_texts(now=now)

    assert [t.status for t in texts()] == [TextStatus.SENT, TextStatus.SENT]
    assert event_types(session)[-2:] == [EventType.RESENT, EventType.SMS_SENT]


def test_the_command_sends_what_is_queued(make_session, runner):
    session, _ = make_session(texted=False)
    result = runner.invoke(args=["sms", "work", "--once"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "1 texts tried"  # the log lines go to stderr
    assert event_types(session)[-1] is EventType.SMS_SENT


@pytest.fixture
def hanging(app_factory):
    """The app over real HTTP with its worker thread, texting through a gateway that takes
    3 seconds to answer; the thread looks for work once a minute unless woken."""
    with gateway(reply={"id": "gw-slow"}, delay=3) as fake, LiveServer() as live:
        settings = {"SMS_HTTP_URL": fake.url, "SMS_HTTP_SECRET": SECRET}
        app = live.serve(
            app_factory(PUBLIC_URL=live.url, SMS_PROVIDER="http", SMS_WORKER_SECONDS=60, **settings)
        )
        with app.app_context():
            key = api_keys.create_api_key("crm")[1]
        yield live, app, fake, {"Authorization": f"Bearer {key}"}
        app.extensions[queue.WORKER].stop()


def test_the_request_answers_without_waiting_for_a_provider_that_hangs(hanging):
    live, app, fake, headers = hanging
    answer = requests.post(
        f"{live.url}/api/v1/sessions", json=NEW_SESSION, headers=headers, timeout=10
    )

    assert answer.status_code == 201
    with app.app_context():
        (text,) = texts()
        # Answered before the gateway did: the text was not sent yet.
        assert text.status is TextStatus.QUEUED
    # The worker was woken by the commit (not a minute later) and is sending it now.
    assert fake.arrived.wait(5), "the worker thread never reached the gateway"
    with app.app_context():
        send_texts()  # wait for the thread's send to end
        (text,) = texts()
        assert (text.status, text.message_id) == (TextStatus.SENT, "gw-slow")
    (request,) = fake.received
    assert json.loads(request[1])["to"] == "+817012345678"


def test_a_retried_create_with_one_idempotency_key_sends_one_text(app, client, api_headers):
    headers = {**api_headers, "Idempotency-Key": "crm-ticket-77"}
    first = client.post("/api/v1/sessions", json=NEW_SESSION, headers=headers)
    again = client.post("/api/v1/sessions", json=NEW_SESSION, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json["id"] == first.json["id"]

    send_texts()

    assert len(texts()) == 1
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 1
