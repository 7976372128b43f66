"""Publish/subscribe: the in-process broker and the Redis one, alone and inside an app."""

import uuid

import pytest

from service.live import brokers
from service.live.brokers import MemoryBroker
from service.live.redis_broker import RedisBroker
from service.sessions import lifecycle
from service.sessions import queries
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
    channel, other = brokers.channel(uuid.uuid4().hex), brokers.channel(uuid.uuid4().hex)
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
    with broker.subscribe(brokers.channel(uuid.uuid4().hex)) as subscription:
        assert subscription.get(timeout=0.1) is None


def test_memory_broker_forgets_subscribers_that_left():
    broker = MemoryBroker()
    with broker.subscribe("c"):
        pass
    broker.publish("c", {"id": 1})  # nobody listening: no error, nothing kept
    assert broker.fanout._subscribers == {}


def test_unknown_live_backend_is_refused():
    with pytest.raises(ValueError, match="LIVE_BACKEND"):
        brokers.make_broker("carrier-pigeon", REDIS_URL)


def test_app_with_redis_backend_delivers_across_brokers(app_factory, make_session, now):
    redis_broker()
    first = app_factory(REDIS_URL=REDIS_URL)
    second = app_factory(REDIS_URL=REDIS_URL)
    with second.app_context():
        listener = brokers.broker()
    with first.app_context():
        session, _ = make_session()
        with listener.subscribe(brokers.channel(session.id)) as subscription:
            lifecycle.open_link(queries.get(session.id), now)
            assert subscription.get(timeout=2)["type"] == "opened"
