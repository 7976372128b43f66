"""What webhooks cost: a customer's tap with endpoints subscribed, and the worker's pace.

On a temporary SQLite database, a customer taps 次へ / 戻る N times in a session while no
endpoint is registered (the baseline), then again with ENDPOINTS endpoints, each tap writing
one delivery row per endpoint in its own transaction. Then the worker sends every queued
delivery to a local HTTP receiver. Prints the tap's median in both cases, their ratio, and
deliveries per second.

    python bench/webhook_delivery.py [taps]
"""

import logging
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path

from flask_migrate import upgrade

from service import catalog
from service import create_app
from service.content.seed import seed
from service.db import utcnow
from service.sessions import lifecycle
from service.sessions import links
from service.sessions.events import AUTOMATIC
from service.sessions.lifecycle import Action
from service.webhooks import endpoints
from service.webhooks import worker

ENDPOINTS = 5


class Quiet(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def taps(count: int) -> list[float]:
    """Return the seconds each of ``count`` taps took, 次へ and 戻る in turn."""
    session = links.start(
        guide_version=catalog.guide("iphone-home-button", "sms-code").current_version,
        phone="09012345678",
        settings=links.settings(),
        now=utcnow(),
        by=AUTOMATIC,
    )
    lifecycle.open_link(session, utcnow())
    times = []
    for number in range(count):
        action = Action.NEXT if number % 2 == 0 else Action.BACK
        started = time.perf_counter()
        lifecycle.act(session, action, session.current_step, utcnow())
        times.append(time.perf_counter() - started)
    return times


def main(count: int) -> None:
    logging.disable(logging.WARNING)
    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "SECRET_KEY": "bench",
            # One test number texted again and again: no abuse limit here.
            "LIMIT_TEXTS_PER_NUMBER": 10**9,
            "LIMIT_SENDS_PER_API_KEY": 10**9,
            "DATABASE_URL": f"sqlite:///{folder / 'b.sqlite3'}",
            "WEBHOOK_ALLOW_PRIVATE": True,
        }
    )
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    with app.app_context():
        upgrade()
        seed()
        baseline = statistics.median(taps(count))
        url = f"http://127.0.0.1:{receiver.server_port}/hook"
        for _ in range(ENDPOINTS):
            endpoints.register(url, None, utcnow(), allow_private=True)
        subscribed = statistics.median(taps(count))
        started = time.perf_counter()
        sent = worker.run_once()
        elapsed = time.perf_counter() - started
    receiver.shutdown()
    print(f"tap, no endpoint (baseline): median {baseline * 1000:.2f} ms over {count} taps")
    print(f"tap, {ENDPOINTS} endpoints: median {subscribed * 1000:.2f} ms over {count} taps")
    print(f"worker: {sent} deliveries in {elapsed:.2f} s, {sent / elapsed:.0f} per second")
    print(f"ratio of medians (with endpoints / baseline): {subscribed / baseline:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
