"""Live session events: publish after commit, subscribe, and stream as Server-Sent Events.

Every event is a row in ``session_events`` first. Publishing only wakes up whoever watches
the session; a watcher that missed a message reads it back from the database, so a broker
that drops a message (or a process that died) loses nothing.
"""

import json
import logging
import queue
import re
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from typing import Protocol

from flask import Flask
from flask import Response
from flask import current_app
from flask import request
from flask import stream_with_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from service.models import SessionEvent

Payload = dict[str, Any]
EXTENSION = "tebiki.live"
STREAMS = "tebiki.streams"
CUSTOMER_STREAMS = "tebiki.customer_streams"
CUSTOMER_HEARTBEAT_SECONDS = 5
# Sent instead of a stream when the pool is full: a named event, then a long retry.
BUSY = "event: busy\ndata: {}\nretry: 10000\n\n"
TERMINAL = {"completed", "revoked", "expired"}
LAST_EVENT_ID = re.compile(r"[0-9]{1,18}")
log = logging.getLogger(__name__)


class Subscription(Protocol):
    def get(self, timeout: float) -> Payload | None:
        """Return the next message, or None when ``timeout`` seconds pass without one."""


class Broker(Protocol):
    def publish(self, channel: str, message: Payload) -> None:
        """Send ``message`` to every current subscriber of ``channel``."""

    def subscribe(self, channel: str) -> "contextmanager[Subscription]":
        """Listen to ``channel`` for as long as the context lasts."""


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
        with self._lock:
            subscribers = list(self._subscribers.get(channel, ()))
        for subscription in subscribers:
            subscription.queue.put(message)

    @contextmanager
    def subscribe(self, channel: str) -> Iterator[Subscription]:
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

    def publish(self, channel: str, message: Payload) -> None:
        self._redis.publish(channel, json.dumps(message))

    @contextmanager
    def subscribe(self, channel: str) -> Iterator[Subscription]:
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


def init_app(app: Flask) -> None:
    """Create the app's broker and its cap on open event streams."""
    app.extensions[EXTENSION] = make_broker(app.config["LIVE_BACKEND"], app.config["REDIS_URL"])
    app.extensions[STREAMS] = StreamLimit(app.config["SSE_MAX_STREAMS"])
    app.extensions[CUSTOMER_STREAMS] = StreamLimit(app.config["SSE_MAX_CUSTOMER_STREAMS"])


def broker() -> Broker:
    """Return the current app's broker."""
    return current_app.extensions[EXTENSION]


def channel(session_id: str) -> str:
    """Return the channel a session's events are published on."""
    return f"tebiki:session:{session_id}"


def event_payload(row: SessionEvent) -> Payload:
    """Return an event as the outside world sees it, live or replayed."""
    return {
        "id": row.id,
        "session": row.session_id,
        "type": row.type.value,
        "step": row.step,
        "at": row.at.isoformat(),
        **({"details": row.data} if row.data else {}),
    }


# Publishing hangs off the ORM session, so no service can publish an event that was
# not committed, nor forget to publish one that was.
_PENDING = "tebiki.pending_events"


@event.listens_for(Session, "after_flush")
def _collect(session: Session, flush_context) -> None:
    for obj in session.new:
        if isinstance(obj, SessionEvent):
            session.info.setdefault(_PENDING, []).append(event_payload(obj))


@event.listens_for(Session, "after_commit")
def _publish(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    if not pending:
        return
    target = current_app.extensions.get(EXTENSION)
    for payload in pending:
        try:
            target.publish(channel(payload["session"]), payload)
        except Exception:
            # The event is committed; watchers read it back at their next heartbeat. Failing
            # the request now would only make a client retry what already happened.
            log.exception("could not publish event %s", payload["id"])


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


def format_sse(payload: Payload) -> str:
    """Return one event in the text/event-stream format."""
    return f"id: {payload['id']}\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n"


def stream(
    session_id: str,
    last_event_id: int,
    load_after: Callable[[str, int], list[Payload]],
    heartbeat: float,
    max_seconds: float,
) -> Iterator[str]:
    """Yield a session's events after ``last_event_id``, then live ones.

    A published message only wakes the stream; what it sends is read back with
    ``load_after(session_id, event_id)``, so events leave in id order, none skipped, even
    when a message was lost or published by another process. A heartbeat comment goes out
    every ``heartbeat`` seconds so proxies keep the connection and dead clients are noticed.
    The stream ends after the session's last event (completed, revoked, expired), and after
    ``max_seconds`` so no thread is held for ever; clients resume with Last-Event-ID.
    """
    with broker().subscribe(channel(session_id)) as subscription:
        # Subscribe before reading the backlog so nothing falls between the two.
        last = last_event_id
        yield "retry: 2000\n\n"
        started = next_beat = time.monotonic()
        next_beat += heartbeat
        while True:
            for payload in load_after(session_id, last):
                last = payload["id"]
                yield format_sse(payload)
                if payload["type"] in TERMINAL:
                    # Nothing more will happen; ask a reconnecting client to wait long.
                    yield "retry: 600000\n\n"
                    return
            if time.monotonic() - started >= max_seconds:
                return
            subscription.get(timeout=max(0.0, next_beat - time.monotonic()))
            if time.monotonic() >= next_beat:
                yield ": heartbeat\n\n"
                next_beat = time.monotonic() + heartbeat


class StreamLimit:
    """Cap the event streams one process serves, so they never take every thread."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open = 0
        self._lock = threading.Lock()

    def acquire(self) -> bool:
        with self._lock:
            if self.open >= self.limit:
                return False
            self.open += 1
            return True

    def release(self) -> None:
        with self._lock:
            self.open -= 1


def sse_response(
    session_id: str, load_after: Callable[[str, int], list[Payload]], customer: bool = False
) -> Response:
    """Return the streaming response for a session's events, resuming after Last-Event-ID.

    Customers' pages draw from their own pool of streams, and beat faster so a page left
    for the next step frees its slot within seconds.
    """
    raw = request.headers.get("Last-Event-ID") or request.args.get("last_event_id", "")
    last_event_id = int(raw) if LAST_EVENT_ID.fullmatch(raw) else 0
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    limit = current_app.extensions[CUSTOMER_STREAMS if customer else STREAMS]
    if not limit.acquire():
        # Too many open streams here: tell the client to come back later instead of
        # holding a thread that a customer's page needs.
        return Response(BUSY, mimetype="text/event-stream", headers=headers)
    config = current_app.config
    heartbeat = config["SSE_HEARTBEAT_SECONDS"]
    body = stream(
        session_id,
        last_event_id,
        load_after,
        min(heartbeat, CUSTOMER_HEARTBEAT_SECONDS) if customer else heartbeat,
        config["SSE_MAX_SECONDS"],
    )
    response = Response(stream_with_context(body), mimetype="text/event-stream", headers=headers)
    # The server closes every response it sent, finished or cut off: release the slot then.
    response.call_on_close(limit.release)
    return response
