"""A CRM's webhook receiver for tests: a real local HTTP server that keeps what it was sent."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

from standardwebhooks import Webhook


class Receiver:
    """Answer each POST with the next of ``statuses`` (then 200), after ``delay`` seconds.

    ``reply`` is the body of every answer (an SMS gateway's JSON; a CRM's is empty).
    """

    def __init__(self, statuses=(), delay: float = 0.0, reply: bytes = b""):
        self.statuses = list(statuses)
        self.delay = delay
        self.reply = reply
        self.received: list[tuple[dict, str]] = []
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                receiver.arrived.set()
                time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                try:
                    self.send_response(status)
                    if 300 <= status < 400:  # back to itself: a follower would ask twice
                        self.send_header("Location", receiver.url)
                    self.send_header("Content-Length", str(len(receiver.reply)))
                    self.end_headers()
                    self.wfile.write(receiver.reply)
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # a hanging answer must not hold up the test
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def verified(self, secret: str) -> list[dict]:
        """Return every body received, each checked with ``standardwebhooks``' own verify."""
        return [Webhook(secret).verify(body, headers) for headers, body in self.received]

    def bodies(self) -> list[dict]:
        """Return every body received, unverified."""
        return [json.loads(body) for _, body in self.received]
