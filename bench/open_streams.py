"""How many event streams does one server process hold, what does each cost, and do pages
stay quick with them open?

Starts Tebiki with its documented start command (gevent, one process on SQLite), takes the
customer page's p50/p99 over plain requests (the baseline), opens N operator streams
(API, 50 per session) and measures them: how many opened (not told ``busy``), the worker's
resident memory per stream, and the same page's p99 while they stay open. Prints the
ratio of the two p99s. ``--worker-class gthread`` runs the old model (a thread a stream,
as many threads as streams) for comparison.

    python bench/open_streams.py [streams] [--worker-class gevent|gthread]
"""

import argparse
import statistics
import time

import requests

from bench.served import Streams
from bench.served import load_average
from bench.served import percentile
from bench.served import raise_open_files
from bench.served import rss_bytes
from bench.served import served
from bench.served import workers_of

PER_SESSION = 50
PAGE_REQUESTS = 400


def page_times(url: str) -> list[float]:
    """Time PAGE_REQUESTS loads of ``url`` on one keep-alive connection (after a warm-up)."""
    http = requests.Session()
    for _ in range(20):
        http.get(url, timeout=30)
    times = []
    for _ in range(PAGE_REQUESTS):
        started = time.perf_counter()
        answer = http.get(url, timeout=30)
        times.append(time.perf_counter() - started)
        assert answer.status_code == 200, answer.status_code
    return times


def describe(times: list[float]) -> str:
    return (
        f"p50 {statistics.median(times) * 1000:6.1f} ms  "
        f"p99 {percentile(times, 0.99) * 1000:6.1f} ms"
    )


def main(count: int, worker_class: str) -> None:
    limit = raise_open_files()
    env = {"SERVER_WORKER_CLASS": worker_class, "EXPIRY_SWEEP_SECONDS": "0"}
    if worker_class == "gthread":
        env["SERVER_THREADS"] = str(count + count // 9 + 16)
    with served(**env) as (base, key, master):
        headers = {"Authorization": f"Bearer {key}"}
        body = {"device": "iphone-home-button", "guide": "sms-code", "phone": "09012345678"}
        sessions = [
            requests.post(f"{base}/api/v1/sessions", json=body, headers=headers).json()
            for _ in range(max(1, count // PER_SESSION))
        ]
        page = sessions[0]["url"]
        (worker,) = workers_of(master)
        without = page_times(page)
        before = rss_bytes(worker)

        streams = Streams(base, lambda tag, event, arrived: None)
        opening = time.perf_counter()
        for number in range(count):
            session = sessions[number % len(sessions)]
            streams.open(f"/api/v1/sessions/{session['id']}/events", key, number)
            if number % 250 == 249:  # let the server keep up with the accepts
                deadline = time.monotonic() + 30
                while (
                    streams.started + streams.busy <= number - 250 and time.monotonic() < deadline
                ):
                    time.sleep(0.01)
        deadline = time.monotonic() + 120
        while streams.started + streams.busy < count and time.monotonic() < deadline:
            time.sleep(0.05)
        opened_in = time.perf_counter() - opening
        time.sleep(2)
        after = rss_bytes(worker)
        held = streams.started
        with_streams = page_times(page)
        still = streams.started
        streams.close_all()

    per_stream = (after - before) / max(1, held) / 1024
    print(f"{count} streams asked of one {worker_class} process, SQLite, open-files limit {limit}")
    print(f"{load_average()}")
    print(f"streams open {held} (busy {streams.busy}), opened in {opened_in:.1f} s")
    print(
        f"worker memory {before / 2**20:.1f} MiB -> {after / 2**20:.1f} MiB: "
        f"{per_stream:.1f} KiB per stream"
    )
    print(f"baseline: customer page, no streams open   {describe(without)}")
    print(f"customer page with {held} streams open     {describe(with_streams)}")
    if still != held:
        print(f"streams that ended while pages were timed: {still - held}")
    ratio = percentile(with_streams, 0.99) / percentile(without, 0.99)
    print(f"ratio of p99s (with streams / without)    {ratio:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("streams", type=int, nargs="?", default=5000)
    parser.add_argument("--worker-class", default="gevent", choices=["gevent", "gthread"])
    arguments = parser.parse_args()
    main(arguments.streams, arguments.worker_class)
