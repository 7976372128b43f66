"""Tap -> operator stream latency at a call centre's scale: 500 live sessions, 500 open
operator streams, 100 taps a second, under the documented start command.

Each session's customer opens the page, then taps 次へ / 戻る in turn (following the 303
as a phone does); a tap goes to each session every few seconds, round robin, at the given
rate. Every session has an operator stream (API, one selector loop for all, in a process of its
own so the tapping threads never hold its interpreter lock). For each tap: its own round
trip (POST -> 303, the baseline) and the time until its event arrived on that session's
stream. Prints both, their ratio, and the machine's load average.

    python bench/stream_latency.py [--sessions 500] [--rate 100] [--seconds 30]
        [--postgres URL --redis URL]   (production settings: one process per core)
"""

import argparse
import multiprocessing
import queue
import re
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from bench.served import Streams
from bench.served import load_average
from bench.served import percentile
from bench.served import raise_open_files
from bench.served import served

BODY = {"device": "iphone-home-button", "guide": "sms-code", "phone": "09012345678"}


class Phone:
    """One customer: a cookie, the page's form, and 次へ / 戻る in turn."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()
        self.read(self.http.get(url, timeout=30).text)
        self.taps = 0
        self.retried = 0
        self.busy = threading.Lock()

    def read(self, page: str) -> None:
        self.step = re.search(r'name="step" value="(\d+)"', page).group(1)
        self.token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def tap(self) -> float:
        """Press, return the POST's round trip, then load the page it leads to."""
        action = "next" if self.taps % 2 == 0 else "back"
        self.taps += 1
        form = {"action": action, "step": self.step, "csrf_token": self.token}
        started = time.perf_counter()
        try:
            answer = self.http.post(self.url, data=form, allow_redirects=False, timeout=30)
        except requests.ConnectionError:
            # The server closed the idle connection (keep-alive, 5 s: as often as a phone
            # taps here) as the POST went out, unread; a browser sends it again, so do we.
            self.retried += 1
            answer = self.http.post(self.url, data=form, allow_redirects=False, timeout=30)
        round_trip = time.perf_counter() - started
        assert answer.status_code == 303, answer.status_code
        location = answer.headers["Location"]
        self.read(self.http.get(self.url.split("/g/")[0] + location, timeout=30).text)
        return round_trip


def listen(base: str, key: str, session_ids: list[str], heard, stop) -> None:
    """Hold one operator stream per session; put (session, arrived) on ``heard`` for each
    step event, after ("started", opened, busy) once they are all open; until ``stop``."""

    def on_event(session_id, event, arrived) -> None:
        if event["type"] == "step":
            heard.put((session_id, arrived))

    streams = Streams(base, on_event)
    for session_id in session_ids:
        streams.open(f"/api/v1/sessions/{session_id}/events", key, session_id)
    deadline = time.monotonic() + 60
    while streams.started < len(session_ids) and time.monotonic() < deadline:
        time.sleep(0.05)
    heard.put(("started", streams.started, streams.busy))
    stop.wait()
    streams.close_all()


def describe(values: list[float]) -> str:
    return (
        f"p50 {statistics.median(values) * 1000:7.1f} ms  "
        f"p99 {percentile(values, 0.99) * 1000:7.1f} ms  max {max(values) * 1000:7.1f} ms"
    )


def main(sessions: int, rate: float, seconds: float, postgres: str | None, redis: str | None):
    raise_open_files()
    env = {"EXPIRY_SWEEP_SECONDS": "0"}
    if redis:
        env.update(REDIS_URL=redis)
    with served(postgres, **env) as (base, key, _):
        headers = {"Authorization": f"Bearer {key}"}
        with ThreadPoolExecutor(16) as pool:
            created = list(
                pool.map(
                    lambda _: requests.post(
                        f"{base}/api/v1/sessions", json=BODY, headers=headers, timeout=30
                    ).json(),
                    range(sessions),
                )
            )
            phones = list(pool.map(lambda session: Phone(session["url"]), created))

        pending: dict[str, float] = {}
        latencies: list[float] = []
        lock = threading.Lock()
        # Another process stamps arrivals: perf_counter is the same monotonic clock there.
        context = multiprocessing.get_context("spawn")
        heard, stop = context.Queue(), context.Event()
        ids = [session["id"] for session in created]
        listener = context.Process(target=listen, args=(base, key, ids, heard, stop))
        listener.start()
        _, opened, busy = heard.get(timeout=120)
        time.sleep(1)

        def collect() -> None:
            while True:
                try:
                    session_id, arrived = heard.get(timeout=0.5)
                except queue.Empty:
                    if stop.is_set():
                        return
                    continue
                with lock:
                    started = pending.pop(session_id, None)
                    if started is not None:
                        latencies.append(arrived - started)

        collector = threading.Thread(target=collect, daemon=True)
        collector.start()

        round_trips: list[float] = []
        skipped = []
        failed: list[Exception] = []

        def tap(number: int) -> None:
            session, phone = created[number % sessions], phones[number % sessions]
            # A customer taps again only once the page came back (the server is behind).
            if not phone.busy.acquire(blocking=False):
                skipped.append(number)
                return
            try:
                with lock:
                    pending[session["id"]] = time.perf_counter()
                round_trips.append(phone.tap())
            except Exception as error:  # counted, not lost in the pool's futures
                failed.append(error)
            finally:
                phone.busy.release()

        total = int(rate * seconds)
        begun = time.perf_counter()
        with ThreadPoolExecutor(16) as pool:
            for number in range(total):
                delay = begun + number / rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                pool.submit(tap, number)
        took = time.perf_counter() - begun
        time.sleep(2)
        stop.set()
        collector.join()
        listener.join(timeout=10)
        lost = len(pending)
        if not latencies:
            raise SystemExit("no tap was heard on its stream")

    where = "PostgreSQL and Redis" if postgres else "SQLite, in-process broker"
    print(f"{sessions} live sessions, {opened} operator streams (busy {busy}),")
    sent = total - len(skipped)
    retried = sum(phone.retried for phone in phones)
    print(f"{total} taps at {rate:g}/s asked over {took:.1f} s, {sent} sent; {where}")
    print(f"taps sent again on a new connection (the old one closed as idle): {retried}")
    print(load_average())
    print(f"baseline: tap round trip (POST -> 303)    {describe(round_trips)}")
    print(f"tap -> event on the operator's stream      {describe(latencies)}")
    if failed:
        print(f"taps that failed: {len(failed)} (first: {failed[0]!r})")
    if lost:
        print(f"taps never heard on their stream: {lost}")
    ratio = statistics.median(latencies) / statistics.median(round_trips)
    print(f"ratio of medians (event / round trip)      {ratio:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--postgres")
    parser.add_argument("--redis")
    arguments = parser.parse_args()
    main(arguments.sessions, arguments.rate, arguments.seconds, arguments.postgres, arguments.redis)
