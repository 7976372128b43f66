"""How many step presses a second does one server sustain, against a bare Flask page?

Starts the server command (``--server``; by default the documented one when
``service/serving.py`` exists, else today's gunicorn gthread command) twice on PostgreSQL:
once around a bare Flask page (the baseline, a tiny app in this file) and once around
Tebiki, with customers' phones pressing 次へ / 戻る on opened sessions, and loading their
page. At each concurrency it counts requests a second, their p99, and the CPU the server's
processes spent (from /proc). Prints the best rate at p99 < 100 ms and the CPU per request,
each against the bare page's in the same run, and Tebiki's ``/healthz`` (a request's hooks,
no work) as the app's own floor. With ``--events N`` it then fills the log
with N stored events (as bench/analytics_funnel.py does) and measures the press, the page
and the funnel again: the hot path must not notice the log's size.

    python bench/step_throughput.py [--server CMD] [--postgres URL] [--events N]
"""

import argparse
import asyncio
import os
import re
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests
from flask import Flask
from seeded import postgres_schema
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent

GTHREAD = "gunicorn --workers 1 --worker-class gthread --threads 100"
SERVING = "gunicorn --config python:service.serving"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1"
)
P99_LIMIT = 0.100
TICK = os.sysconf("SC_CLK_TCK")


def bare_app() -> Flask:
    """Return the baseline: a Flask page of about the customer page's size, nothing else."""
    app = Flask("bare")
    body = "<!doctype html><title>bare</title>" + "<p>手順の説明</p>" * 200

    @app.route("/", methods=["GET", "POST"])
    def page():
        return body

    return app


def default_server() -> str:
    """Return the documented start command when there is one, else today's gthread one."""
    return SERVING if (ROOT / "service" / "serving.py").exists() else GTHREAD


class Server:
    """The server command around one app, on a free port, with its processes' CPU time."""

    def __init__(self, command: str, app: str, port: int, env: dict):
        argv = [*shlex.split(command), "--bind", f"127.0.0.1:{port}", app]
        argv[0] = str(Path(sys.executable).with_name(argv[0]))
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            argv, cwd=ROOT, env={**os.environ, **env}, stderr=subprocess.DEVNULL
        )
        for _ in range(600):
            try:
                requests.get(self.url + "/healthz", timeout=5)
                return
            except requests.RequestException:
                time.sleep(0.1)
        self.stop()
        raise SystemExit(f"the server did not start: {argv}")

    def cpu(self) -> float:
        """Return the CPU seconds the server's processes (master and workers) have used."""
        total = 0.0
        for pid in [self.process.pid, *_children(self.process.pid)]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += (int(fields[11]) + int(fields[12])) / TICK
        return total

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(n) for n in (task / "children").read_text().split()]
    return found


async def _exchange(reader, writer, request: bytes) -> int:
    """Send one request on a kept-alive connection; return the status, the body read."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    length = re.search(rb"\r\ncontent-length: *(\d+)", head, re.IGNORECASE)
    if length:
        await reader.readexactly(int(length.group(1)))
    return int(head[9:12])


async def _client(port: int, requests_: list[bytes], until: float, latencies: list, bad: list):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    turn = 0
    while time.perf_counter() < until:
        started = time.perf_counter()
        status = await _exchange(reader, writer, requests_[turn % len(requests_)])
        latencies.append(time.perf_counter() - started)
        if status >= 400:
            bad.append(status)
        turn += 1
    writer.close()


def load(server: Server, clients: list[list[bytes]], seconds: float) -> dict:
    """Run every client's requests in turn, each on its own connection, for ``seconds``."""
    port = int(server.url.rsplit(":", 1)[1])
    latencies: list[float] = []
    bad: list[int] = []

    async def run():
        until = time.perf_counter() + seconds
        await asyncio.gather(*(_client(port, c, until, latencies, bad) for c in clients))

    cpu, started = server.cpu(), time.perf_counter()
    asyncio.run(run())
    elapsed, cpu = time.perf_counter() - started, server.cpu() - cpu
    if bad:
        raise SystemExit(f"{len(bad)} requests failed, e.g. status {bad[0]}")
    ordered = sorted(latencies)
    return {
        "rate": len(ordered) / elapsed,
        "p50": statistics.median(ordered),
        "p99": ordered[max(0, int(len(ordered) * 0.99) - 1)],
        "cpu": cpu / len(ordered),
        "count": len(ordered),
    }


def sweep(name, server: Server, clients: list, levels: list[int], args, baseline=None) -> dict:
    """Measure at each concurrency, print it, and return the best result within the p99."""
    results = {level: load(server, clients[:level], args.seconds) for level in levels}
    within = [r for r in results.values() if r["p99"] < P99_LIMIT] or [results[levels[0]]]
    best = max(within, key=lambda r: r["rate"])
    report(name, results, best, baseline)
    return {**best, "total": sum(r["count"] for r in results.values())}


def request(method: str, path: str, cookie: str = "", body: str = "") -> bytes:
    """Return one HTTP/1.1 request, kept alive, as a phone's browser sends it."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"User-Agent: {IPHONE}"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    if method == "POST":
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


def phones(base: str, paths: list[str]) -> tuple[list[list[bytes]], list[list[bytes]]]:
    """Open each link as a phone; return each phone's presses (次へ then 戻る) and page loads."""
    presses, pages = [], []
    for path in paths:
        browser = requests.Session()
        page = browser.get(base + path, headers={"User-Agent": IPHONE}).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        step = re.search(r'name="step" value="(\d+)"', page).group(1)
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        form = f"csrf_token={token}&version={version}&action="
        presses.append(
            [
                request("POST", path, cookie, f"{form}next&step={step}"),
                request("POST", path, cookie, f"{form}back&step={int(step) + 1}"),
            ]
        )
        pages.append([request("GET", path, cookie)])
    return presses, pages


def report(name: str, results: dict, best: dict, baseline: dict | None) -> None:
    for level, r in results.items():
        print(
            f"  {name:18} {level:3} connections: {r['rate']:7.0f}/s  p50 {r['p50'] * 1000:6.1f}"
            f" ms  p99 {r['p99'] * 1000:6.1f} ms  CPU {r['cpu'] * 1000:5.2f} ms/request"
        )
    line = f"  {name:18} best at p99 < 100 ms: {best['rate']:7.0f}/s, CPU {best['cpu'] * 1000:.2f}"
    if baseline:
        line += (
            f"   ratio {best['rate'] / baseline['rate']:.2f} of the bare page's rate,"
            f" {best['cpu'] / baseline['cpu']:.1f}x its CPU per request"
        )
    print(line)


def fill(app, events: int) -> None:
    """Store about ``events`` events of finished sessions, as the analytics bench builds them."""
    from analytics_funnel import build

    with app.app_context():
        started = time.perf_counter()
        total, _ = build(events)
        app.extensions["sqlalchemy"].session.execute(text("ANALYZE"))
        app.extensions["sqlalchemy"].session.commit()
        print(f"stored {total:,} events in {time.perf_counter() - started:.0f} s")


def funnel_seconds(app) -> float:
    """Return the median time of the funnel of every guide (3 runs)."""
    from analytics_funnel import START
    from analytics_funnel import timed

    from service.analytics import filters
    from service.analytics.funnel import funnel

    with app.app_context():
        return timed(lambda: funnel(filters.parse({}), START))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=default_server(), help="the start command, no app")
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--seconds", type=float, default=4.0, help="per concurrency level")
    parser.add_argument("--levels", default="1,2,4,8,16,32")
    parser.add_argument("--events", type=int, default=0, help="then measure again on this log")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",")]
    print(f"server: {args.server}; load average {os.getloadavg()[0]:.2f} at the start")
    with postgres_schema(args.postgres) as (url, make_app):
        port = _free_port()
        public = f"http://127.0.0.1:{port}"
        app = make_app(PUBLIC_URL=public)
        paths = _sessions(app, max(levels))
        bare = Server(args.server, "step_throughput:bare_app()", port, {"PYTHONPATH": "bench"})
        try:
            pages = [[request("GET", "/")]] * max(levels)
            bare_best = sweep("bare page", bare, pages, levels, args)
        finally:
            bare.stop()
        env = {"DATABASE_URL": url, "SECRET_KEY": "bench", "PUBLIC_URL": public}
        tebiki = Server(args.server, "service:create_app()", port, env)
        try:
            presses, pages = phones(tebiki.url, paths)
            # The app's own floor: a request's hooks (limits, headers, metrics; a probe's access
            # line is at debug level) around a view that does nothing, to tell the framework's
            # cost from the press's own.
            probes = [[request("GET", "/healthz")]] * max(levels)
            floor = sweep("tebiki /healthz", tebiki, probes, levels, args, bare_best)
            press = sweep("step press (POST)", tebiki, presses, levels, args, bare_best)
            sweep("customer page", tebiki, pages, levels, args, bare_best)
            _moved(app, press["total"])
            if args.events:
                at_scale(app, tebiki, {"step press (POST)": presses, "customer page": pages}, args)
        finally:
            tebiki.stop()
    print(f"load average {os.getloadavg()[0]:.2f} at the end (others share this machine)")
    print(
        f"ratio: step presses {press['rate'] / bare_best['rate']:.2f} of the bare page's rate"
        f" (target >= 0.25), {press['cpu'] / bare_best['cpu']:.1f}x its CPU (target <= 3);"
        f" Tebiki's /healthz alone {floor['cpu'] / bare_best['cpu']:.1f}x"
    )


def at_scale(app, server: Server, clients: dict, args) -> None:
    """Fill the log with ``args.events`` events; measure the hot paths and the funnel again."""
    levels = [int(n) for n in args.levels.split(",")][:3]
    empty = {
        name: {n: load(server, c[:n], args.seconds) for n in levels}
        for name, c in clients.items()
    }
    fill(app, args.events)
    print(f"with {args.events:,} events stored, against the empty log just before:")
    for name, requests_ in clients.items():
        for level in levels:
            full, before = load(server, requests_[:level], args.seconds), empty[name][level]
            print(
                f"  {name:18} {level:3} connections: p50 {full['p50'] * 1000:6.1f} ms"
                f" (was {before['p50'] * 1000:6.1f})  CPU {full['cpu'] * 1000:5.2f} ms"
                f" (was {before['cpu'] * 1000:5.2f})  ratio {full['p50'] / before['p50']:.2f}"
            )
    print(f"  funnel of every guide {funnel_seconds(app):.3f} s (target < 1 s)")


def _sessions(app, count: int) -> list[str]:
    from service import catalog
    from service.db import utcnow
    from service.sessions import links
    from service.sessions.events import AUTOMATIC

    with app.app_context():
        version = catalog.guide("iphone-home-button", "sms-code").current_version
        settings = links.settings()
        return [
            settings.path(
                links.start(
                    guide_version=version,
                    phone="09012345678",
                    settings=settings,
                    now=utcnow(),
                    by=AUTOMATIC,
                )
            )
            for _ in range(count)
        ]


def _moved(app, pressed: int) -> None:
    """Say how many presses moved a customer: an ignored press would flatter the figures."""
    from service.sessions.events import SessionEvent

    with app.app_context():
        session = app.extensions["sqlalchemy"].session
        moved = session.scalar(
            select(func.count()).select_from(SessionEvent).where(SessionEvent.type == "step")
        )
    print(f"  {moved:,} of {pressed:,} presses moved a customer (an ignored one costs less)")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    main()
