"""How many event streams this process can hold: what its file descriptors and memory allow.

An open stream costs one socket (the broker shares one connection per process) and a few
KiB of memory (bench/open_streams.py measures it). The caps are derived from the soft
``RLIMIT_NOFILE`` and from the memory the machine (or its cgroup) gives each server process,
less a reserve for pages, the database pool, Redis and log files; a configured cap above
that is lowered to it, never honoured past what the process can hold.
"""

import os
import resource
import socket
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Descriptors kept for everything but streams: pages being served, the database pool,
# Redis, the listening socket, log files, pictures read from disk.
RESERVED_DESCRIPTORS = 256
# What a stream may cost at most in memory (measured: a few KiB under gevent); the
# streams of a process may take half the memory the process may have.
STREAM_BYTES = 64 * 1024
MEMORY_SHARE = 0.5
CGROUP_LIMIT = Path("/sys/fs/cgroup/memory.max")
TCP_ESTABLISHED = 1
# How often the process looks whether each stream's client hung up.
CHECK_SECONDS = 2.0
# Checks between two chances for requests to run (a greenlet runs until it yields).
YIELD_EVERY = 100


def descriptor_budget() -> int:
    """Streams the soft limit on open files leaves room for."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        soft = 1 << 20
    return max(0, soft - RESERVED_DESCRIPTORS)


def memory_bytes() -> int:
    """The memory this machine gives its processes: the cgroup's limit, or physical memory."""
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    try:
        raw = CGROUP_LIMIT.read_text().strip()
    except OSError:
        return physical
    return min(physical, int(raw)) if raw.isdigit() else physical


def memory_budget(processes: int = 1) -> int:
    """Streams one of ``processes`` server processes can hold in its share of memory."""
    return int(memory_bytes() * MEMORY_SHARE / max(1, processes) / STREAM_BYTES)


def streams(connections: int | None = None, processes: int = 1) -> int:
    """The most streams one process may hold: descriptors, memory and the server's own
    connection limit (less a tenth of it for pages), whichever is smallest."""
    budgets = [descriptor_budget(), memory_budget(processes)]
    if connections is not None:
        budgets.append(connections - max(8, connections // 10))
    return max(1, min(budgets))


def client_socket(environ: dict) -> socket.socket | None:
    """The connection of this request, where the server says which it is."""
    return environ.get("gunicorn.socket") or environ.get("werkzeug.socket")


def departure(sock: socket.socket | None) -> Callable[[], bool]:
    """Return a check of whether the client on this connection hung up.

    The peer's FIN shows in the kernel's TCP state at once, while a write would notice
    only at the second heartbeat after it; so a stream is ended, and its slot freed,
    seconds after the client left. Elsewhere (a Unix socket, no TCP_INFO) the heartbeat's
    failed write does it.
    """
    tcp_info = getattr(socket, "TCP_INFO", None)
    if sock is None or tcp_info is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return lambda: False

    def gone() -> bool:
        try:
            return sock.getsockopt(socket.IPPROTO_TCP, tcp_info, 1)[0] != TCP_ESTABLISHED
        except OSError:
            return True

    return gone


class Departures:
    """One loop per process looks every few seconds whether each stream's client hung up,
    and tells that stream; thousands of idle streams then wake only for their heartbeat."""

    def __init__(self, every: float = CHECK_SECONDS) -> None:
        self.every = every
        self._watched: dict[object, tuple[Callable[[], bool], Callable[[], None]]] = {}
        self._lock = threading.Lock()
        self._loop: threading.Thread | None = None

    @contextmanager
    def watch(self, gone: Callable[[], bool], tell: Callable[[], None]) -> Iterator[None]:
        """Call ``tell()`` once ``gone()`` is true, for as long as the context lasts."""
        key = object()
        with self._lock:
            self._watched[key] = (gone, tell)
            if self._loop is None:
                # Started by the first stream: a forked server process starts its own.
                self._loop = threading.Thread(target=self._run, name="tebiki-departures")
                self._loop.daemon = True
                self._loop.start()
        try:
            yield
        finally:
            with self._lock:
                self._watched.pop(key, None)

    def _run(self) -> None:
        while True:
            time.sleep(self.every)
            with self._lock:
                watched = list(self._watched.items())
            for checked, (key, (gone, tell)) in enumerate(watched, 1):
                if checked % YIELD_EVERY == 0:
                    # Under gevent this loop is a greenlet: thousands of checks in one go
                    # held every request some 10 ms each round (bench/open_streams.py).
                    time.sleep(0)
                if gone():
                    with self._lock:
                        self._watched.pop(key, None)
                    tell()
