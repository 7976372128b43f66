"""Publish/subscribe brokers: in-process by default, Redis for several processes or machines.

A message only wakes whoever watches a session; what they show is read back from the event
log, so a broker that drops a message (or a process that died) loses nothing.
"""

import json
import queue
import threading
import time
from collections.abc import Iterator
from collections.abc import Sequence
from contextlib import AbstractContextManager
from contextlib import contextmanager
from typing import Any
from typing import Protocol

from flask import Flask
from flask import current_app

Payload = dict[str, Any]
EXTENSION = "tebiki.live"


class Subscription(Protocol):
    def get(self, timeout: float) -> Payload | None:
        """Return the next message, or None when ``timeout`` seconds pass without one."""


class Broker(Protocol):
    def publish(self, channel: str, message: Payload) -> None:
        """Send ``message`` to every current subscriber of ``channel``."""

    def subscribe(self, channel: str) -> AbstractContextManager[Subscription]:
        """Listen to ``channel`` for as long as the context lasts."""

    def reachable(self) -> bool:
        """Whether the broker can carry messages now."""


class _QueueSubscription:
    def __init__(self) -> None:
        self.queue: queue.SimpleQueue[Payload] = queue.SimpleQueue()

    def get(self, timeout: float) -> Payload | None:
        try:
            return self.queue.get(timeout=timeout)
        except queue.Empty:
            return None


class MemoryBroker:
    """Fan-out inside one process: enough for one server process, the default."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[_QueueSubscription]] = {}

    def publish(self, channel: str, message: Payload) -> None:
        """Put ``message`` on the queue of every subscriber of ``channel``."""
        with self._lock:
            subscribers = list(self._subscribers.get(channel, ()))
        for subscription in subscribers:
            subscription.queue.put(message)

    def reachable(self) -> bool:
        """Always: the broker is this process."""
        return True

    @contextmanager
    def subscribe(self, channel: str) -> Iterator[Subscription]:
        """Listen to ``channel`` until the context ends."""
        subscription = _QueueSubscription()
        with self._lock:
            self._subscribers.setdefault(channel, set()).add(subscription)
        try:
            yield subscription
        finally:
            with self._lock:
                subscribers = self._subscribers.get(channel, set())
                subscribers.discard(subscription)
                if not subscribers:
                    self._subscribers.pop(channel, None)


class _RedisSubscription:
    def __init__(self, pubsub) -> None:
        self.pubsub = pubsub

    def get(self, timeout: float) -> Payload | None:
        deadline = time.monotonic() + timeout
        while True:
            remaining = max(0.0, deadline - time.monotonic())
            message = self.pubsub.get_message(timeout=remaining)
            if message is not None and message["type"] == "message":
                return json.loads(message["data"])
            if time.monotonic() >= deadline:
                return None


class RedisBroker:
    """Fan-out across processes and machines through Redis publish/subscribe."""

    def __init__(self, url: str) -> None:
        import redis

        # A broker that hangs must not hang the request that publishes.
        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def reachable(self) -> bool:
        """Whether Redis answers now (for the readiness check)."""
        import redis

        try:
            return bool(self._redis.ping())
        except redis.RedisError:
            return False

    def publish(self, channel: str, message: Payload) -> None:
        """Publish ``message`` on ``channel`` through Redis."""
        self._redis.publish(channel, json.dumps(message))

    @contextmanager
    def subscribe(self, channel: str) -> Iterator[Subscription]:
        """Listen to ``channel`` until the context ends."""
        pubsub = self._redis.pubsub()
        pubsub.subscribe(channel)
        # Wait for Redis to confirm, so a publish right after this cannot be missed.
        pubsub.get_message(timeout=5)
        try:
            yield _RedisSubscription(pubsub)
        finally:
            pubsub.close()


def make_broker(backend: str, redis_url: str) -> Broker:
    """Return the broker named by ``LIVE_BACKEND``."""
    if backend == "memory":
        return MemoryBroker()
    if backend == "redis":
        return RedisBroker(redis_url)
    raise ValueError(f"LIVE_BACKEND must be 'memory' or 'redis', not {backend!r}")


def init_app(app: Flask) -> Broker:
    """Create the app's broker from its settings and return it."""
    app.extensions[EXTENSION] = make_broker(app.config["LIVE_BACKEND"], app.config["REDIS_URL"])
    return app.extensions[EXTENSION]


def broker() -> Broker:
    """Return the current app's broker."""
    return current_app.extensions[EXTENSION]


def channel(session_id: str) -> str:
    """Return the channel a session's events are published on."""
    return f"tebiki:session:{session_id}"


def publisher(target: Broker):
    """Return a dispatch subscriber that wakes each event's watchers through ``target``."""

    def publish(payloads: Sequence[Payload]) -> None:
        for payload in payloads:
            target.publish(channel(payload["session"]), payload)

    return publish
