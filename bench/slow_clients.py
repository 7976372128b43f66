"""Do slow clients take the app server offline?

Starts Tebiki with the documented start command (gunicorn and ``service/serving.py``, no
proxy in front) on a temporary SQLite database, then measures the sign-in page and a
customer's page under a steady load from a few clients: first alone (the baseline), then
while N slow clients hold connections open, each sending its request's headers one line
every 5 seconds and never finishing. Prints p50/p99 of both, the requests that failed (no
answer within 5 s), how many slow clients were open at the end and how often the server cut
one (each is opened again at once), and the ratio of the p99s (target: at most 2).

    python bench/slow_clients.py [slow clients, 1000] [requests per phase, 400]
"""

import contextlib
import os
import resource
import select
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from flask_migrate import upgrade

from service import config
from service import create_app
from service.auth import api_keys
from service.content.seed import seed

START_COMMAND = "gunicorn --config python:service.serving 'service:create_app()'"
LINE_EVERY = 5.0  # seconds between a slow client's header lines
LOAD_CLIENTS = 4
TIMEOUT = 5.0  # a request unanswered this long counts as failed (and as this long)
PHASE_SECONDS = 60  # a phase stops sending after this long (a server that answers nothing)
ROOT = Path(__file__).resolve().parent.parent


def serve(folder: Path, port: int) -> tuple[subprocess.Popen, object]:
    """Migrate and load a fresh SQLite database, then start the server on ``port``."""
    settings = {
        "SECRET_KEY": "bench",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "INSTANCE_PATH": str(folder),
        "LIMIT_SENDS_PER_API_KEY": str(10**9),
    }
    app = create_app(settings)
    with app.app_context():
        upgrade()
        seed()
    environment = {k: v for k, v in os.environ.items() if k not in config.ENVIRONMENT}
    command = shlex.split(START_COMMAND)
    command[0] = str(Path(sys.executable).parent / command[0])
    return subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**environment, **settings, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    ), app


def customer_link(app, base: str) -> str:
    with app.app_context():
        key = api_keys.create_api_key("bench")[1]
    body = {"device": "iphone-home-button", "guide": "sms-code", "phone": "09012345678"}
    answer = requests.post(
        f"{base}/api/v1/sessions", json=body, headers={"Authorization": f"Bearer {key}"}
    )
    answer.raise_for_status()
    return answer.json()["url"]


def wait_ready(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if requests.get(f"{base}/healthz", timeout=1).ok:
                return
        except requests.RequestException:
            time.sleep(0.2)
    sys.exit("the server did not start")


def load(urls: list[str], cookies, count: int) -> tuple[list[float], int]:
    """Fetch ``count`` pages from a few clients at once; return the times and the failures."""

    def client(share: int) -> tuple[list[float], int]:
        browser = requests.Session()
        browser.cookies.update(cookies)  # one customer's browser: no "opened elsewhere"
        times, failed = [], 0
        deadline = time.monotonic() + PHASE_SECONDS
        for number in range(share):
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            try:
                ok = browser.get(urls[number % len(urls)], timeout=TIMEOUT).status_code == 200
            except requests.RequestException:
                ok = False
            times.append(min(time.perf_counter() - started, TIMEOUT))
            failed += not ok
        return times, failed

    with ThreadPoolExecutor(LOAD_CLIENTS) as pool:
        results = list(pool.map(client, [count // LOAD_CLIENTS] * LOAD_CLIENTS))
    return [t for times, _ in results for t in times], sum(failed for _, failed in results)


class SlowClients:
    """Connections that send a request's header lines one every few seconds, never the end;
    one the server answers or closes is opened again at once, as an attacker would."""

    def __init__(self, port: int, count: int):
        self.port = port
        self.cut = 0
        self.sockets = [self._connect() for _ in range(count)]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._trickle, daemon=True)
        self.thread.start()

    def _connect(self) -> socket.socket:
        connection = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        connection.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        return connection

    def _answered(self) -> list[int]:
        """The places of the connections the server answered or closed (poll: no fd limit)."""
        poller = select.poll()
        place = {}
        for number, connection in enumerate(self.sockets):
            if connection.fileno() != -1:
                poller.register(connection, select.POLLIN)
                place[connection.fileno()] = number
        return [place[fd] for fd, _ in poller.poll(0)]

    def _trickle(self) -> None:
        line, next_line = 0, time.monotonic() + LINE_EVERY
        while not self.stop.wait(0.5):
            for number in self._answered():
                self.sockets[number].close()
                self.cut += 1
            for number, connection in enumerate(self.sockets):
                if connection.fileno() == -1:
                    with contextlib.suppress(OSError):
                        self.sockets[number] = self._connect()
            if time.monotonic() >= next_line:
                line, next_line = line + 1, next_line + LINE_EVERY
                for connection in self.sockets:
                    # A failed send: the server let this one go; the next round reopens it.
                    with contextlib.suppress(OSError):
                        connection.sendall(f"X-Slow-{line}: {'x' * 20}\r\n".encode())

    def close(self) -> tuple[int, int]:
        """Stop; return how many were held open at the end and how often the server cut one."""
        self.stop.set()
        self.thread.join()
        answered = set(self._answered())
        held = sum(
            1
            for number, connection in enumerate(self.sockets)
            if connection.fileno() != -1 and number not in answered
        )
        for connection in self.sockets:
            connection.close()
        return held, self.cut


def describe(times: list[float], failed: int) -> str:
    ordered = sorted(times)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    return (
        f"p50 {statistics.median(ordered) * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms  "
        f"failed {failed}/{len(ordered)}"
    )


def p99(times: list[float]) -> float:
    return sorted(times)[max(0, int(len(times) * 0.99) - 1)]


def main(slow: int, count: int) -> None:
    # Each slow client is a socket here and another in the server.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 2 * slow + 512)), hard))
    folder = Path(tempfile.mkdtemp())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server, app = serve(folder, port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, server)
        link = customer_link(app, base)
        customer = requests.Session()
        customer.get(link).raise_for_status()
        urls = [f"{base}/login", link]
        load(urls, customer.cookies, LOAD_CLIENTS * 10)  # warm up
        alone, alone_failed = load(urls, customer.cookies, count)
        slow_clients = SlowClients(port, slow)
        time.sleep(1.0)  # let the server take them in
        with_slow, with_failed = load(urls, customer.cookies, count)
        held, cut = slow_clients.close()
    finally:
        os.killpg(server.pid, 9)
        server.wait()

    print(f"/login and a customer's page, {LOAD_CLIENTS} clients, gunicorn with service.serving")
    print(f"baseline: alone                      {describe(alone, alone_failed)}")
    print(f"with {slow:5d} slow clients            {describe(with_slow, with_failed)}")
    print(f"slow clients open at the end         {held}/{slow} (cut by the server {cut} times)")
    ratio = p99(with_slow) / p99(alone)
    verdict = "met" if ratio <= 2 and not with_failed else "not met"
    capped = f", timed-out requests counted as {TIMEOUT:.0f} s" if with_failed else ""
    print(f"ratio of p99s (with / alone)         {ratio:.2f}  (target <= 2: {verdict}{capped})")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 1000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 400,
    )
