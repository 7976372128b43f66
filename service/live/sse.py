"""Server-Sent Events: a session's stored events, then live ones, resumable by Last-Event-ID.

The view hands in how to read the log (``load_after``) and which events end the stream, so
this module knows nothing of sessions; it only formats, waits and keeps the pools bounded.
"""

import contextlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Iterator

from flask import Flask
from flask import Response
from flask import current_app
from flask import request

from service.db import db
from service.live import capacity
from service.live.brokers import GONE
from service.live.brokers import PREVIOUS
from service.live.brokers import WAKE
from service.live.brokers import Payload
from service.live.brokers import broker
from service.live.brokers import channel
from service.live.handover import Handover
from service.live.handover import remember_start_response
from service.observability import instruments

LoadAfter = Callable[[str, int], list[Payload]]
Shape = Callable[[Payload], Payload | None]
STREAMS = "tebiki.streams"
CUSTOMER_STREAMS = "tebiki.customer_streams"
TOTAL_STREAMS = "tebiki.all_streams"
POOLS = ((STREAMS, "SSE_MAX_STREAMS"), (CUSTOMER_STREAMS, "SSE_MAX_CUSTOMER_STREAMS"))
DEPARTURES = "tebiki.departures"
CUSTOMER_HEARTBEAT_SECONDS = 5
# Sent instead of a stream when the pool is full: a named event, then a long retry.
BUSY = "event: busy\ndata: {}\nretry: 10000\n\n"
# A stream's first bytes: how soon its client comes back after a cut.
RETRY = b"retry: 2000\n\n"
LAST_EVENT_ID = re.compile(r"[0-9]{1,18}")
# How long a client waits before reconnecting after the session ended (ms): for good, or
# for now (an expired link the operator may still extend).
FINAL_RETRY = 600_000
ENDED_RETRY = 30_000
log = logging.getLogger(__name__)


class StreamLimit:
    """Cap the event streams one process serves; a slot also takes one of ``parent``'s."""

    def __init__(self, limit: int, parent: "StreamLimit | None" = None) -> None:
        self.limit = limit
        self.open = 0
        self.parent = parent
        self._lock = threading.Lock()

    def acquire(self) -> bool:
        """Take a slot; return False when every slot is taken."""
        with self._lock:
            if self.open >= self.limit:
                return False
            if self.parent is not None and not self.parent.acquire():
                return False
            self.open += 1
            return True

    def release(self) -> None:
        """Give a slot back."""
        with self._lock:
            self.open -= 1
            if self.parent is not None:
                self.parent.release()


def init_app(app: Flask) -> None:
    """Create the app's caps on open event streams, within what the process can hold."""
    fit(app, capacity.streams())
    app.extensions[DEPARTURES] = capacity.Departures()
    app.wsgi_app = remember_start_response(app.wsgi_app)


def fit(app: Flask, most: int) -> None:
    """Cap the streams at ``most`` in all, staff and API apart from customers' pages.

    A pool's setting (0: as many as the process can hold) is lowered to ``most``.
    Called again by the server once it knows its own connection limit (service.serving).
    """
    total = StreamLimit(most)
    for name, setting in POOLS:
        wanted = app.config[setting] or most
        if wanted > most:
            log.warning("%s=%d is more than this process can hold: %d", setting, wanted, most)
        app.extensions[name] = StreamLimit(min(wanted, most), parent=total)
    app.extensions[TOTAL_STREAMS] = total


def format_sse(payload: Payload) -> bytes:
    """Return one event in the text/event-stream format."""
    return f"id: {payload['id']}\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


def stream(
    session_id: str,
    last_event_id: int,
    load_after: LoadAfter,
    heartbeat: float,
    max_seconds: float,
    ends: Collection[str],
    shape: Shape | None = None,
    final: Collection[str] = (),
    gone: Callable[[], bool] = lambda: False,
    app: Flask | None = None,
) -> Iterator[bytes]:
    """Yield a session's events after ``last_event_id``, then live ones.

    A published message wakes the stream, which reads what to send back with
    ``load_after(session_id, event_id)``, so events leave in id order, none skipped, even
    when a message was lost or published by another process (or the broker polls while
    Redis is away). A message that is the event right after the last one sent (its
    ``PREVIOUS`` says so) is sent as it is: no read of the log. ``shape`` may trim an
    event or drop it (None). A heartbeat comment goes out every ``heartbeat`` seconds so
    proxies keep the connection; every few seconds the process asks ``gone()`` whether the
    client hung up, which ends the stream. It ends after an event whose type is in
    ``ends`` (asking the client to come back in ten minutes if it is also in ``final``, in
    half a minute otherwise), and after ``max_seconds``; clients resume with
    Last-Event-ID. A failure to read ends the stream; the client retries.
    """
    # One generator, not one per concern: each generator a waiting stream sits in is more
    # of the stack its greenlet keeps while it waits, for each of thousands of streams.
    # In an app context of its own, not the request's (when run from a response): a stream
    # kept open for minutes then holds no parsed request, cookie session or signed-in user.
    try:
        with (
            app.app_context() if app is not None else contextlib.nullcontext(),
            broker().subscribe(channel(session_id)) as subscription,
            current_app.extensions[DEPARTURES].watch(gone, lambda: subscription.put(GONE)),
        ):
            # Subscribed before reading the backlog, so nothing falls between the two.
            last = last_event_id
            started = time.monotonic()
            next_beat = started + heartbeat
            message: Payload | None = WAKE
            while True:
                if message is not None:
                    if message.get(PREVIOUS) == last:
                        # The very event after the last one sent: as it is, no read.
                        loaded = [{k: v for k, v in message.items() if k != PREVIOUS}]
                    else:
                        loaded = load_after(session_id, last)
                        # A long-lived stream must not hold a database connection while it
                        # waits, nor an empty database session (1.5 KiB a stream).
                        db.session.remove()
                    for payload in loaded:
                        last = payload["id"]
                        shaped = shape(payload) if shape else payload
                        if shaped is not None:
                            yield format_sse(shaped)
                        if payload["type"] in ends:
                            retry = FINAL_RETRY if payload["type"] in final else ENDED_RETRY
                            yield f"retry: {retry}\n\n".encode()
                            return
                    # Nor what it sent, or the message that brought it (0.7 KiB a stream).
                    loaded = payload = shaped = message = None
                now = time.monotonic()
                if now - started >= max_seconds:
                    return
                if now >= next_beat:
                    yield b": heartbeat\n\n"
                    next_beat = now + heartbeat
                wake_at = min(next_beat, started + max_seconds)
                message = subscription.get(timeout=max(0.0, wake_at - now))
                if message is GONE:
                    return
    except Exception:
        # Logged by session id: the request's path holds a customer's link token.
        log.exception("event stream for session %s failed", session_id)


def sse_response(
    session_id: str,
    load_after: LoadAfter,
    ends: Collection[str],
    final: Collection[str] = (),
    shape: Shape | None = None,
    customer: bool = False,
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
    kind = "customer" if customer else "staff"
    instruments.stream_opened(kind)
    config = current_app.config
    heartbeat = config["SSE_HEARTBEAT_SECONDS"]
    app = current_app._get_current_object()

    def start(gone: Callable[[], bool], reading: Callable[[LoadAfter], LoadAfter] | None = None):
        return stream(
            session_id,
            last_event_id,
            reading(load_after) if reading else load_after,
            min(heartbeat, CUSTOMER_HEARTBEAT_SECONDS) if customer else heartbeat,
            config["SSE_MAX_SECONDS"],
            ends,
            shape,
            final,
            gone,
            app=app,
        )

    # The server closes every response it sent, finished or cut off: release the slot then.
    closing = (limit.release, lambda: instruments.stream_closed(kind))
    # Handed to the server as it is: werkzeug's own wrapping would be two more frames on
    # the stack of every waiting stream.
    return Response(
        Body(start, closing, request.environ),
        mimetype="text/event-stream",
        headers=headers,
        direct_passthrough=True,
    )


class Body:
    """A stream's bytes for the server to iterate, and what to run once it closes them.

    The first bytes (the client's retry interval) go out with the headers; then, under
    gunicorn's gevent worker, the stream goes on off the request (service/live/handover.py),
    elsewhere in it.
    """

    __slots__ = ("_start", "_on_close", "_environ", "_chunks")

    def __init__(
        self,
        start: Callable[..., Iterator[bytes]],
        on_close: Collection[Callable[[], None]],
        environ: dict,
    ):
        self._start = start
        self._on_close = on_close
        self._environ = environ
        self._chunks: Iterator[bytes] | None = None

    def __iter__(self) -> Iterator[bytes]:
        yield RETRY
        environ, self._environ = self._environ, None
        handover = Handover.of(environ)
        if handover is not None:
            on_close, self._on_close = self._on_close, ()
            handover.serve(self._start, on_close)
            return
        self._chunks = self._start(capacity.departure(capacity.client_socket(environ)))
        yield from self._chunks

    def close(self) -> None:
        """End the stream (if it began here) and run ``on_close``, each once."""
        on_close, self._on_close = self._on_close, ()
        try:
            if self._chunks is not None:
                self._chunks.close()
        finally:
            for function in on_close:
                function()
