"""The Server-Sent Events generator and its pools, apart from any HTTP server."""

import threading
import time

from flask import g
from flask import has_request_context

from service.live import brokers
from service.live import sse
from service.live.brokers import PREVIOUS
from service.sessions import expiry
from service.sessions import lifecycle
from service.sessions import queries
from service.sessions import steering
from service.sessions.events import FINAL
from service.sessions.events import TERMINAL
from service.sessions.lifecycle import Action
from tests.helpers import STAFF


def stream(session_id, after, heartbeat=5, max_seconds=60, **kwargs):
    return sse.stream(
        session_id, after, queries.events_after, heartbeat, max_seconds, TERMINAL, **kwargs
    )


def texts(chunks):
    return [chunk.decode() for chunk in chunks]


def test_stream_replays_then_follows_live_events(app, make_session, now):
    session, _ = make_session()
    stored = queries.events_after(session.id, 0)
    chunks = stream(session.id, stored[0]["id"])

    assert f"id: {stored[1]['id']}\n" in next(chunks).decode()

    result = {}

    def read_next():
        with app.app_context():
            result["chunk"] = next(chunks).decode()

    reader = threading.Thread(target=read_next)
    reader.start()
    lifecycle.open_link(session, now)
    reader.join(timeout=2)
    assert '"type": "opened"' in result["chunk"]
    chunks.close()


def test_stream_sends_heartbeats_when_idle(app, make_session):
    session, _ = make_session()
    last = queries.events_after(session.id, 0)[-1]["id"]
    chunks = stream(session.id, last, heartbeat=0.05)
    assert next(chunks) == b": heartbeat\n\n"
    chunks.close()


def test_a_stream_stops_after_its_time_limit(app_factory, make_session):
    app = app_factory(SSE_MAX_SECONDS=0.2, SSE_HEARTBEAT_SECONDS=0.05)
    with app.app_context():
        session, _ = make_session()
        chunks = texts(stream(session.id, 0, 0.05, 0.2))
    assert '"type": "created"' in chunks[0]
    assert chunks[-1] == ": heartbeat\n\n"


def test_an_expired_session_streams_its_expiry_and_asks_back_soon(
    app, make_session, expired_at, now
):
    session, _ = make_session(at=expired_at)
    expiry.expire_due(now)
    chunks = texts(stream(session.id, 0, final=FINAL))
    assert '"type": "expired"' in chunks[-2]
    # The operator may still extend it: a client comes back in half a minute, not ten.
    assert chunks[-1] == f"retry: {sse.ENDED_RETRY}\n\n"


def test_a_revoked_session_ends_its_stream_for_good(app, make_session, now):
    session, _ = make_session()
    steering.revoke(session, now, by=STAFF)
    chunks = texts(stream(session.id, 0, final=FINAL))
    assert chunks[-1] == f"retry: {sse.FINAL_RETRY}\n\n"


def test_a_stream_whose_reading_fails_ends_and_logs_no_token(app, make_session, caplog):
    session, path = make_session()

    def broken(session_id, after_id):
        raise RuntimeError("database went away")

    chunks = texts(sse.stream(session.id, 0, broken, 5, 60, TERMINAL))
    assert chunks == []
    assert session.id in caplog.text and path.rsplit("/", 1)[1] not in caplog.text


def test_reading_a_stream_writes_nothing(app, make_session, expired_at):
    # An expired but not yet swept session: watching it must not end it.
    session, _ = make_session(at=expired_at)
    chunks = texts(stream(session.id, 0, heartbeat=0.05, max_seconds=0.2))
    assert not any('"expired"' in chunk for chunk in chunks)
    assert [e.type.value for e in queries.get(session.id).events] == ["created", "sms_sent"]


def test_shape_trims_and_drops_events_but_the_stream_moves_past_them(app, make_session, now):
    session, _ = make_session()
    lifecycle.open_link(session, now)

    def only_opened(payload):
        return {"id": payload["id"], "type": "opened"} if payload["type"] == "opened" else None

    chunks = texts(stream(session.id, 0, heartbeat=0.05, max_seconds=0.2, shape=only_opened))
    sent = [chunk for chunk in chunks if chunk.startswith("id:")]
    assert len(sent) == 1 and '"type": "opened"' in sent[0] and "details" not in sent[0]


def test_stream_limit_counts_and_frees_slots():
    limit = sse.StreamLimit(2)
    assert limit.acquire() and limit.acquire()
    assert not limit.acquire()
    limit.release()
    assert limit.acquire()


def test_a_served_stream_keeps_an_app_context_of_its_own_not_the_request(app_factory, make_session):
    # Minutes open: holding the parsed request, its cookie session and signed-in user for
    # each of thousands of streams would cost memory for nothing.
    app = app_factory(SSE_MAX_SECONDS=1)
    session, _ = make_session()
    seen = []

    def load_after(session_id, after):
        seen.append((has_request_context(), g.get("signed_in")))
        return queries.events_after(session_id, after)

    with app.test_request_context(f"/sessions/{session.id}/events"):
        g.signed_in = "the request's user"
        response = sse.sse_response(session.id, load_after, ends=TERMINAL)
    chunks = texts(response.response)
    response.close()

    assert seen and seen[0] == (False, None)
    assert chunks[0].startswith("retry:") and any(c.startswith("id: ") for c in chunks)


def test_the_event_right_after_the_last_one_sent_goes_out_without_reading_the_log(
    app, make_session, now
):
    session, _ = make_session()
    reads = []

    def load_after(session_id, after):
        reads.append(after)
        return queries.events_after(session_id, after)

    chunks = sse.stream(session.id, 0, load_after, 30, 60, TERMINAL)
    created, sent = next(chunks), next(chunks)
    assert b'"created"' in created and b'"sms_sent"' in sent and reads == [0]

    def read_one(into):
        with app.app_context():
            into.append(next(chunks).decode())

    got = []
    reader = threading.Thread(target=read_one, args=(got,))
    reader.start()
    lifecycle.open_link(session, now)
    reader.join(timeout=5)
    assert '"type": "opened"' in got[0] and reads == [0]
    assert '"previous"' not in got[0]
    opened = queries.events_after(session.id, 0)[-1]["id"]

    # A message that does not follow the last one sent (one went missing): read the log,
    # and send nothing the message says.
    reader = threading.Thread(target=read_one, args=(got,))
    reader.start()
    missing = {"id": 10**12, "session": session.id, "type": "revoked", PREVIOUS: opened + 10**6}
    brokers.broker().publish(brokers.channel(session.id), missing)
    deadline = time.monotonic() + 5
    while len(reads) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert reads == [0, opened]
    lifecycle.act(session, Action.NEXT, 1, now)
    reader.join(timeout=5)
    assert '"type": "step"' in got[1] and reads == [0, opened]
    chunks.close()
