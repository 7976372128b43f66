"""A real HTTP server around a test app, and a small Server-Sent Events reader."""

import json
import queue
import threading
from dataclasses import dataclass
from dataclasses import field

import requests
from werkzeug.serving import make_server


class LiveServer:
    """Serve an app on a free local port in a background thread.

    The port is taken first, so the app can be built knowing its own address (its links).
    """

    def __init__(self, app=None):
        self.server = make_server("127.0.0.1", 0, app or _not_yet, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.app = app
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def serve(self, app):
        """Answer with ``app`` from now on; return it."""
        self.server.app = self.app = app
        return app

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


def _not_yet(environ, start_response):
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


@dataclass
class Message:
    id: str | None = None
    data: dict | None = None
    comments: list[str] = field(default_factory=list)


class SseReader:
    """Read an event stream in a thread so tests can wait for the next event with a timeout."""

    def __init__(self, url: str, headers: dict | None = None, session=None):
        self.response = (session or requests).get(url, headers=headers, stream=True, timeout=10)
        self.messages: queue.Queue[Message] = queue.Queue()
        self.comments: queue.Queue[str] = queue.Queue()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        current = Message()
        try:
            for line in self.response.iter_lines(decode_unicode=True):
                if line.startswith(":"):
                    self.comments.put(line)
                elif line.startswith("id: "):
                    current.id = line[4:]
                elif line.startswith("data: "):
                    current.data = json.loads(line[6:])
                elif line == "":
                    if current.data is not None:
                        self.messages.put(current)
                    current = Message()
        except (requests.RequestException, AttributeError, ValueError):
            pass  # closed by the test

    def next(self, timeout: float = 5.0) -> Message:
        return self.messages.get(timeout=timeout)

    def until(self, event_type: str, timeout: float = 5.0) -> Message:
        """Return the first message of ``event_type``, skipping others."""
        while True:
            message = self.next(timeout)
            if message.data["type"] == event_type:
                return message

    def close(self) -> None:
        self.response.close()
