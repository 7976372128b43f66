"""Publish/subscribe: the in-process broker, the Redis broker, and publish-after-commit."""

import threading
import uuid

import pytest

from service import guidance
from service import live
from service.live import MemoryBroker
from service.live import RedisBroker
from service.models import EventType
from tests.conftest import missing

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_broker():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as exc:
        missing(f"Redis not reachable at {REDIS_URL}: {exc.__class__.__name__}")
    return RedisBroker(REDIS_URL)


@pytest.fixture(params=["memory", "redis"])
def broker(request):
    return MemoryBroker() if request.param == "memory" else redis_broker()


def test_subscribers_get_what_is_published_on_their_channel_only(broker):
    channel, other = f"c-{uuid.uuid4()}", f"o-{uuid.uuid4()}"
    with (
        broker.subscribe(channel) as first,
        broker.subscribe(channel) as second,
        broker.subscribe(other) as elsewhere,
    ):
        broker.publish(channel, {"id": 1})
        assert first.get(timeout=2) == {"id": 1}
        assert second.get(timeout=2) == {"id": 1}
        assert elsewhere.get(timeout=0.2) is None


def test_get_times_out_with_none(broker):
    with broker.subscribe(f"quiet-{uuid.uuid4()}") as subscription:
        assert subscription.get(timeout=0.1) is None


def test_memory_broker_forgets_subscribers_that_left():
    broker = MemoryBroker()
    with broker.subscribe("c"):
        pass
    broker.publish("c", {"id": 1})  # nobody listening: no error, nothing kept
    assert broker._subscribers == {}


def test_committed_events_are_published_and_rolled_back_ones_are_not(app, make_session, now):
    session, _ = make_session()
    broker = live.broker()
    with broker.subscribe(live.channel(session.id)) as subscription:
        guidance.open_link(session, now)
        published = subscription.get(timeout=1)
        assert published["type"] == EventType.OPENED.value
        assert published["id"] == session.events[-1].id

        from service.db import db
        from service.models import SessionEvent

        db.session.add(SessionEvent(session=session, type=EventType.HELP, step=1, at=now))
        db.session.flush()
        db.session.rollback()
        assert subscription.get(timeout=0.2) is None


def test_stream_replays_then_follows_live_events(app, make_session, now):
    session, _ = make_session()
    stored = guidance.events_after(session.id, 0)
    chunks = live.stream(
        session.id, stored[0]["id"], guidance.events_after, heartbeat=5, max_seconds=60
    )

    assert next(chunks).startswith("retry:")
    assert f"id: {stored[1]['id']}\n" in next(chunks)

    result = {}

    def read_next():
        with app.app_context():
            result["chunk"] = next(chunks)

    reader = threading.Thread(target=read_next)
    reader.start()
    guidance.open_link(session, now)
    reader.join(timeout=2)
    assert '"type": "opened"' in result["chunk"]
    chunks.close()


def test_stream_sends_heartbeats_when_idle(app, make_session):
    session, _ = make_session()
    last = guidance.events_after(session.id, 0)[-1]["id"]
    chunks = live.stream(session.id, last, guidance.events_after, heartbeat=0.05, max_seconds=60)
    assert next(chunks).startswith("retry:")
    assert next(chunks) == ": heartbeat\n\n"
    chunks.close()


def test_unknown_live_backend_is_refused():
    with pytest.raises(ValueError, match="LIVE_BACKEND"):
        live.make_broker("carrier-pigeon", REDIS_URL)


def test_app_with_redis_backend_delivers_across_brokers(app_factory, make_session, now):
    redis_broker()
    first = app_factory(LIVE_BACKEND="redis")
    second = app_factory(LIVE_BACKEND="redis")
    with second.app_context():
        listener = live.broker()
    with first.app_context():
        session, _ = make_session()
        with listener.subscribe(live.channel(session.id)) as subscription:
            guidance.open_link(guidance.get(session.id), now)
            assert subscription.get(timeout=2)["type"] == "opened"


def test_a_stream_stops_after_its_time_limit(app_factory, make_session):
    app = app_factory(SSE_MAX_SECONDS=0.2, SSE_HEARTBEAT_SECONDS=0.05)
    with app.app_context():
        session, _ = make_session()
        chunks = list(live.stream(session.id, 0, guidance.events_after, 0.05, 0.2))
    assert chunks[0].startswith("retry:")
    assert any('"type": "created"' in chunk for chunk in chunks)


def test_an_expired_session_streams_its_expiry_and_ends(app, make_session, expired_at):
    session, _ = make_session(at=expired_at)
    chunks = list(live.stream(session.id, 0, guidance.events_after, 5, 60))
    assert '"type": "expired"' in chunks[-2]
    assert chunks[-1].startswith("retry: 600000")


def test_stream_limit_counts_and_frees_slots():
    limit = live.StreamLimit(2)
    assert limit.acquire() and limit.acquire()
    assert not limit.acquire()
    limit.release()
    assert limit.acquire()
