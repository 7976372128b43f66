"""What queueing texts saves the operator: creating a session with a slow SMS gateway.

On a temporary SQLite database with ``SMS_PROVIDER=http`` and a local gateway that takes
DELAY seconds to answer, a session is created N times as the request does now (the text
queued in its transaction) and N times with the text sent inline as well (the baseline: what
the request did before). Then the worker thread of the process, resting a minute between
rounds unless woken, sends texts of new sessions through a gateway that answers at once:
the time from the create's return until the text is sent shows the wake-up after the commit.

    python bench/sms_queue.py [sessions]
"""

import json
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
from sqlalchemy import select

from service import catalog
from service import create_app
from service.content.seed import seed
from service.db import db
from service.db import utcnow
from service.models import SmsText
from service.models import TextStatus
from service.sessions import links
from service.sessions import texting
from service.sessions.events import AUTOMATIC
from service.sms import queue

DELAY = 0.5
pause = {"seconds": DELAY}


class Gateway(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(pause["seconds"])
        reply = json.dumps({"id": f"gw-{time.monotonic_ns()}"}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def create():
    return links.start(
        guide_version=catalog.guide("iphone-home-button", "sms-code").current_version,
        phone="09012345678",
        settings=links.settings(),
        now=utcnow(),
        by=AUTOMATIC,
    )


def timed(count: int, inline: bool) -> list[float]:
    """Return the seconds each create took (with its text sent inline, if ``inline``)."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        create()
        if inline:
            texting.run_once()
        times.append(time.perf_counter() - started)
    return times


def until_sent(count: int) -> list[float]:
    """Return, for each of ``count`` creates, the seconds until the worker thread sent it."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        session_id = create().id
        sent = select(SmsText.id).where(
            SmsText.session_id == session_id, SmsText.status == TextStatus.SENT
        )
        while db.session.scalar(sent) is None:
            db.session.rollback()  # read afresh what the worker's thread committed
            time.sleep(0.002)
        times.append(time.perf_counter() - started)
    return times


def main(count: int) -> None:
    logging.disable(logging.WARNING)
    gateway = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "LIMIT_TEXTS_PER_NUMBER": 10**9,
            "DATABASE_URL": f"sqlite:///{folder / 'b.sqlite3'}",
            "SMS_PROVIDER": "http",
            "SMS_HTTP_URL": f"http://127.0.0.1:{gateway.server_port}/send",
            "SMS_HTTP_SECRET": "bench",
            "SMS_WORKER_SECONDS": 60,
        }
    )
    with app.app_context():
        upgrade()
        seed()
        inline = statistics.median(timed(count, inline=True))
        queued = statistics.median(timed(count, inline=False))
        texting.run_once()  # what the second round queued
        pause["seconds"] = 0
        app.extensions[queue.WORKER].thread.start()
        woken = statistics.median(until_sent(count))
        app.extensions[queue.WORKER].stop()
    gateway.shutdown()
    print(f"gateway answers after {DELAY * 1000:.0f} ms")
    print(f"create, text sent inline (baseline): median {inline * 1000:.1f} ms over {count}")
    print(f"create, text queued: median {queued * 1000:.1f} ms over {count}")
    print(f"ratio of medians (queued / inline): {queued / inline:.3f}")
    print(
        "create to text sent by the woken worker (it rests 60 s otherwise): "
        f"median {woken * 1000:.1f} ms over {count}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
