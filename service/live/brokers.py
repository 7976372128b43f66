"""Publish/subscribe brokers: in-process by default, Redis for several processes or machines.

A message only wakes whoever watches a session; what they show is read back from the event
log, so a broker that drops a message (or a process that died) loses nothing.
"""

import threading
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
PREFIX = "tebiki:session:"
# What a subscription returns to say "read the log again" without a message of its own:
# after the broker reconnected, or while it polls because Redis is away.
WAKE: Payload = {}
# What a subscription returns once its watcher's client hung up (see sse.Departures).
GONE: Payload = {"gone": True}
# In a published event: the id of its session's event before it (0: none), where that is
# exact. A stream that sent that one last sends this one as it is, without reading the log.
PREVIOUS = "previous"


class Subscription(Protocol):
    def get(self, timeout: float) -> Payload | None:
        """Return the next message (or WAKE), or None after ``timeout`` seconds without one."""

    def put(self, message: Payload) -> None:
        """Hand this watcher ``message`` (GONE: its client left)."""


class Broker(Protocol):
    def publish(self, channel: str, message: Payload) -> None:
        """Send ``message`` to every current subscriber of ``channel``."""

    def subscribe(self, channel: str) -> AbstractContextManager[Subscription]:
        """Listen to ``channel`` for as long as the context lasts."""

    def reachable(self) -> bool:
        """Whether the broker can carry messages now."""


class QueueSubscription:
    """One watcher's messages and what wakes it; ``poll_every`` makes it wake by itself (a
    broker that is away).

    A list and an event rather than a queue: thousands of streams wait on one of these
    each, and a gevent ``SimpleQueue`` costs 2.8 KiB where the pair costs 0.2 KiB.
    """

    __slots__ = ("_messages", "_arrived", "_poll_every")

    def __init__(self, poll_every=lambda: None) -> None:
        self._messages: list[Payload] = []
        self._arrived = threading.Event()
        self._poll_every = poll_every

    def get(self, timeout: float) -> Payload | None:
        """Wait for a message; while the broker polls, return WAKE after its interval."""
        poll = self._poll_every()
        if not self._messages:
            # Cleared, then looked at again: a message put in between is seen either way.
            self._arrived.clear()
            if not self._messages:
                waited = timeout if poll is None else min(timeout, poll)
                if not self._arrived.wait(waited):
                    return None if poll is None or poll > timeout else WAKE
        try:
            return self._messages.pop(0)
        except IndexError:
            # Woken by a put whose message an earlier get already took (threads: the put's
            # set came after that get): nothing is lost, and reading the log again is safe.
            return WAKE

    def put(self, message: Payload) -> None:
        """Hand this watcher ``message``."""
        self._messages.append(message)
        self._arrived.set()


class Fanout:
    """This process's watchers by channel: each published message goes to each of them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[QueueSubscription]] = {}

    def deliver(self, channel: str, message: Payload) -> None:
        """Hand ``message`` to every watcher of ``channel``."""
        with self._lock:
            subscribers = list(self._subscribers.get(channel, ()))
        for subscription in subscribers:
            subscription.put(message)

    def wake_all(self) -> None:
        """Have every watcher read the log again (messages may have been missed)."""
        with self._lock:
            everyone = [s for subscribers in self._subscribers.values() for s in subscribers]
        for subscription in everyone:
            subscription.put(WAKE)

    @contextmanager
    def watch(self, channel: str, subscription: QueueSubscription) -> Iterator[QueueSubscription]:
        """Register ``subscription`` on ``channel`` until the context ends."""
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

    def __len__(self) -> int:
        with self._lock:
            return sum(len(subscribers) for subscribers in self._subscribers.values())


class MemoryBroker:
    """Fan-out inside one process: enough for one server process, the default."""

    def __init__(self) -> None:
        self.fanout = Fanout()

    def publish(self, channel: str, message: Payload) -> None:
        """Hand ``message`` to every subscriber of ``channel``."""
        self.fanout.deliver(channel, message)

    def reachable(self) -> bool:
        """Always: the broker is this process."""
        return True

    def subscribe(self, channel: str) -> AbstractContextManager[Subscription]:
        """Listen to ``channel`` until the context ends."""
        return self.fanout.watch(channel, QueueSubscription())


def make_broker(backend: str, redis_url: str) -> Broker:
    """Return the broker named by ``LIVE_BACKEND``."""
    if backend == "memory":
        return MemoryBroker()
    if backend == "redis":
        from service.live.redis_broker import RedisBroker

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
    return f"{PREFIX}{session_id}"


def publisher(target: Broker):
    """Return a dispatch subscriber that wakes each event's watchers through ``target``."""

    def publish(payloads: Sequence[Payload]) -> None:
        for payload in payloads:
            target.publish(channel(payload["session"]), payload)

    return publish
