"""Tebiki under its documented start command, and a client holding thousands of streams.

``served()`` migrates and seeds a fresh SQLite file (or uses ``--postgres``), then starts
``gunicorn --config python:service.serving 'service:create_app()'`` on it; ``Streams``
opens event streams on bare sockets, read by one selector loop, so the client's side of
thousands of streams costs no thread each either.
"""

import json
import os
import resource
import selectors
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from flask_migrate import upgrade

from service import create_app
from service.auth import api_keys
from service.content.seed import seed
from service.db import db

ROOT = Path(__file__).resolve().parent.parent
START = ["--config", "python:service.serving", "service:create_app()"]


def raise_open_files() -> int:
    """Raise this process's soft limit on open files to the hard one (children inherit it)."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(database_url: str | None = None, **env: str) -> Iterator[tuple[str, str, int]]:
    """Yield (base URL, an API key, the gunicorn master's pid) of a served, seeded Tebiki."""
    folder = Path(tempfile.mkdtemp())
    url = database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url})
    with app.app_context():
        upgrade()
        seed()
        key = api_keys.create_api_key(f"bench {time.time()}")[1]
        db.session.commit()
        db.engine.dispose()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = {
        **os.environ,
        "SECRET_KEY": "bench",
        "DATABASE_URL": url,
        "INSTANCE_PATH": str(folder),
        "PUBLIC_URL": base,
        "SERVER_BIND": f"127.0.0.1:{port}",
        # One test number texted again and again, one key sending everything: no limit here.
        "LIMIT_TEXTS_PER_NUMBER": str(10**9),
        "LIMIT_SENDS_PER_API_KEY": str(10**9),
        **env,
    }
    log = (folder / "gunicorn.log").open("w")
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen([gunicorn, *START], cwd=ROOT, env=settings, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the server did not start:\n{(folder / 'gunicorn.log').read_text()}")
            time.sleep(0.2)
        yield base, key, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def workers_of(master: int) -> list[int]:
    """The pids of the master's worker processes."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_bytes(pid: int) -> int:
    """Resident memory of ``pid``."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


class Streams:
    """Event streams on bare sockets; ``on_event(tag, event, arrived)`` for each data line."""

    def __init__(self, base: str, on_event: Callable[[object, dict, float], None]) -> None:
        self.host, port = base.removeprefix("http://").split(":")
        self.port = int(port)
        self.on_event = on_event
        self.selector = selectors.DefaultSelector()
        self.buffers: dict[socket.socket, bytes] = {}
        self.busy = 0
        self.started = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._running = True
        self._thread.start()

    def open(self, path: str, key: str, tag: object) -> socket.socket:
        """Open one stream of ``path``; its events are reported with ``tag``."""
        connection = socket.create_connection((self.host, self.port))
        connection.sendall(
            f"GET {path} HTTP/1.0\r\nHost: {self.host}\r\nAuthorization: Bearer {key}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        connection.setblocking(False)
        with self._lock:
            self.buffers[connection] = b""
            self.selector.register(connection, selectors.EVENT_READ, tag)
        return connection

    def close(self, connection: socket.socket) -> None:
        with self._lock:
            self.selector.unregister(connection)
            self.buffers.pop(connection, None)
        connection.close()

    def close_all(self) -> None:
        self._running = False
        for connection in list(self.buffers):
            self.close(connection)

    def _read(self) -> None:
        while self._running:
            if not self.buffers:
                time.sleep(0.01)
                continue
            ready = self.selector.select(timeout=0.05)
            arrived = time.perf_counter()
            for key, _ in ready:
                try:
                    data = key.fileobj.recv(65536)
                except (BlockingIOError, OSError):
                    continue
                with self._lock:
                    if key.fileobj not in self.buffers:
                        continue
                    buffer = self.buffers[key.fileobj] + data
                    *blocks, self.buffers[key.fileobj] = buffer.split(b"\n\n")
                for block in blocks:
                    self._block(block, key.data, arrived)

    def _block(self, block: bytes, tag: object, arrived: float) -> None:
        if b"event: busy" in block:
            self.busy += 1
        if b"retry: 2000" in block:
            self.started += 1
        for line in block.split(b"\n"):
            if line.startswith(b"data: {") and line.endswith(b"}"):
                self.on_event(tag, json.loads(line[6:]), arrived)
