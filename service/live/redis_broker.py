"""The Redis broker: one connection per process listens to every session's channel.

Each open stream would otherwise hold a Redis connection of its own (a file descriptor
here, a client there, thousands per node). One pattern subscription per process receives
every session's messages and hands them to this process's watchers; a few hundred
messages a second is nothing to filter. While Redis is away the watchers poll the event
log instead, and publishing is skipped, so taps and pages never wait for it.
"""

import json
import logging
import threading
import time
from contextlib import AbstractContextManager

import redis

from service.live.brokers import PREFIX
from service.live.brokers import Fanout
from service.live.brokers import Payload
from service.live.brokers import QueueSubscription
from service.live.brokers import Subscription

# How often watchers read the log while Redis is away, and how often the listener tries
# to reach it again.
POLL_SECONDS = 1.0
RETRY_SECONDS = 1.0
FIRST_WAIT_SECONDS = 2.0
log = logging.getLogger(__name__)


class RedisBroker:
    """Fan-out across processes and machines through Redis publish/subscribe."""

    def __init__(self, url: str) -> None:
        # A broker that hangs must not hang the request that publishes.
        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        # The listener waits for messages as long as there are none; Redis's own ping
        # (health_check_interval) finds a connection that died without a word.
        self._listening = redis.Redis.from_url(
            url, socket_connect_timeout=2, socket_keepalive=True, health_check_interval=10
        )
        self.fanout = Fanout()
        self.connected = threading.Event()
        self._listener: threading.Thread | None = None
        self._start = threading.Lock()
        self._quiet_until = 0.0

    def reachable(self) -> bool:
        """Whether Redis answers now (for the readiness check)."""
        try:
            return bool(self._redis.ping())
        except redis.RedisError:
            return False

    def publish(self, channel: str, message: Payload) -> None:
        """Publish ``message`` on ``channel``; skipped while this process knows Redis is away
        (its watchers, and every other process's, read the log by themselves then)."""
        if self._listener is not None and not self.connected.is_set():
            return
        if time.monotonic() < self._quiet_until:
            return
        try:
            self._redis.publish(channel, json.dumps(message))
        except redis.RedisError as exc:
            # Said once a round, in a line: the event is stored, and watchers poll the log.
            self._quiet_until = time.monotonic() + RETRY_SECONDS
            log.warning("Redis unreachable (%s): event %s not published", exc, message.get("id"))

    def subscribe(self, channel: str) -> AbstractContextManager[Subscription]:
        """Listen to ``channel`` until the context ends."""
        self._ensure_listener()
        return self.fanout.watch(channel, QueueSubscription(self._poll_every))

    def _poll_every(self) -> float | None:
        return None if self.connected.is_set() else POLL_SECONDS

    def _ensure_listener(self) -> None:
        # Started by the first watcher, never at import or in a command: a forked server
        # process must start its own.
        with self._start:
            if self._listener is not None:
                return
            self._listener = threading.Thread(
                target=self._listen, name="tebiki-redis-listener", daemon=True
            )
            self._listener.start()
        # The first watcher waits a moment for the subscription, so a message published
        # right after it subscribed is heard (later ones find it up, or poll).
        self.connected.wait(timeout=FIRST_WAIT_SECONDS)

    def _listen(self) -> None:
        while True:
            try:
                self._listen_once()
            except (redis.RedisError, OSError) as exc:
                log.debug("Redis subscription: %s", exc)
            time.sleep(RETRY_SECONDS)

    def _listen_once(self) -> None:
        pubsub = self._listening.pubsub()
        try:
            pubsub.psubscribe(PREFIX + "*")
            # Wait for Redis to confirm before saying we hear every message.
            while (confirm := pubsub.get_message(timeout=5)) is None or confirm[
                "type"
            ] != "psubscribe":
                if confirm is None:
                    raise redis.ConnectionError("no confirmation of the subscription")
            self.connected.set()
            # Whatever was published while we were away: every watcher reads the log again.
            self.fanout.wake_all()
            log.info("Redis subscription up")
            while True:
                message = pubsub.get_message(timeout=30)
                if message is not None and message["type"] == "pmessage":
                    self.fanout.deliver(message["channel"].decode(), json.loads(message["data"]))
        finally:
            if self.connected.is_set():
                self.connected.clear()
                log.warning("Redis subscription lost: live views read the event log")
                # Watchers waiting for a message that will not come now poll the log instead.
                self.fanout.wake_all()
            pubsub.close()
