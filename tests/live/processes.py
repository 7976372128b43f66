"""Real server processes for tests: the documented start command, and a TCP proxy to cut."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from tests.webhooks.test_worker_crash import database_url

ROOT = Path(__file__).resolve().parents[2]
START = ["gunicorn", "--config", "python:service.serving", "service:create_app()"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """`gunicorn --config python:service.serving 'service:create_app()'` on the test database."""

    def __init__(self, app, tmp_path: Path, **env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"gunicorn-{self.port}.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(app),
            "SECRET_KEY": app.config["SECRET_KEY"],
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "PUBLIC_URL": self.url,
            "SERVER_BIND": f"127.0.0.1:{self.port}",
            "EXPIRY_SWEEP_SECONDS": "0",
            **env,
        }
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        binary = Path(sys.executable).parent / START[0]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(binary), *START[1:]], cwd=ROOT, env=self.env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.2)
        raise AssertionError(f"the server never answered:\n{self.log.read_text()}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class TcpProxy:
    """Forward a local port to ``target``; ``stop()`` cuts every connection and refuses new
    ones (the service behind seems gone), ``start()`` brings it back on the same port."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        self._listener.close()
        with self._lock:
            for connection in self._open:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._open |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
