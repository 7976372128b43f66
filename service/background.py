"""Background threads of a serving process, started with its first request."""

import threading

from flask import Flask


def start_on_first_request(app: Flask, thread: threading.Thread) -> None:
    """Start ``thread`` when ``app`` serves its first request, never in a CLI command.

    A migration or a one-off command must not race a timer of the app.
    """
    start_lock = threading.Lock()

    @app.before_request
    def _start() -> None:
        if thread.ident is None:
            with start_lock:
                if thread.ident is None:
                    thread.start()
