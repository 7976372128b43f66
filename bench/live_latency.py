"""How long after a customer's tap does the operator's event stream hear of it?

Starts Tebiki on a temporary SQLite database behind a real HTTP server, opens one session's
event stream as the console does, then has a "customer" tap 次へ / 戻る N times. For each tap
it records the tap's own HTTP round trip (the baseline: what the customer waits for) and the
time until the matching event arrives on the stream. Prints both and their ratio.

    python bench/live_latency.py [taps]
"""

import json
import logging
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from flask_migrate import upgrade
from werkzeug.serving import make_server

from service import create_app
from service.auth import api_keys
from service.content.seed import seed


def main(taps: int) -> None:
    folder = Path(tempfile.mkdtemp())
    # Take the port first: the app builds its links from PUBLIC_URL once, at start-up.
    server = make_server("127.0.0.1", 0, lambda environ, start: [], threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app = create_app(
        {
            "SECRET_KEY": "bench",
            # One test number texted again and again: no abuse limit here.
            "LIMIT_TEXTS_PER_NUMBER": 10**9,
            "LIMIT_SENDS_PER_API_KEY": 10**9,
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "PUBLIC_URL": base,
        }
    )
    server.app = app
    with app.app_context():
        upgrade()
        seed()
        key = api_keys.create_api_key("bench")[1]
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request is noise here
    threading.Thread(target=server.serve_forever, daemon=True).start()

    headers = {"Authorization": f"Bearer {key}"}
    body = {"device": "iphone-home-button", "guide": "sms-code", "phone": "09012345678"}
    session = requests.post(f"{base}/api/v1/sessions", json=body, headers=headers).json()

    arrivals: dict[int, float] = {}
    seen = threading.Condition()

    def listen() -> None:
        stream = requests.get(
            f"{base}/api/v1/sessions/{session['id']}/events", headers=headers, stream=True
        )
        for line in stream.iter_lines(decode_unicode=True):
            if line.startswith("data: "):
                event = json.loads(line[6:])
                with seen:
                    arrivals[event["id"]] = time.perf_counter()
                    seen.notify_all()

    threading.Thread(target=listen, daemon=True).start()
    phone = requests.Session()
    page = phone.get(session["url"]).text
    time.sleep(0.5)  # let the stream connect and replay the backlog

    round_trips, latencies = [], []
    for tap in range(taps):
        step = int(re.search(r'name="step" value="(\d+)"', page).group(1))
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        action = "next" if tap % 2 == 0 else "back"
        with seen:
            known = set(arrivals)
        started = time.perf_counter()
        answer = phone.post(
            session["url"],
            data={"action": action, "step": step, "csrf_token": token},
            allow_redirects=False,
        )
        round_trips.append(time.perf_counter() - started)
        with seen:
            seen.wait_for(lambda known=known: set(arrivals) - known, timeout=5)
            new = set(arrivals) - known
        if not new:
            sys.exit(f"tap {tap}: no event within 5 s")
        latencies.append(arrivals[min(new)] - started)
        page = phone.get(base + answer.headers["Location"]).text

    def describe(values: list[float]) -> str:
        ordered = sorted(values)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        return (
            f"p50 {statistics.median(ordered) * 1000:6.1f} ms  "
            f"p95 {p95 * 1000:6.1f} ms  max {ordered[-1] * 1000:6.1f} ms"
        )

    print(f"{taps} taps, SQLite, in-process broker, one machine")
    print(f"baseline: tap round trip (POST -> 303)   {describe(round_trips)}")
    print(f"tap -> event on the operator's stream     {describe(latencies)}")
    ratio = statistics.median(latencies) / statistics.median(round_trips)
    print(f"ratio of medians (event / round trip)     {ratio:.2f}")
    server.shutdown()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
