"""Run the webhook worker: a loop for ``flask webhooks work``, or a thread inside the app."""

import threading

from flask import Flask

from service.background import one_round
from service.background import start_on_first_request
from service.webhooks import worker


def loop(app: Flask, interval: float, stopped: threading.Event) -> None:
    """Send due deliveries until ``stopped``; rest ``interval`` seconds when none is due."""
    while not stopped.is_set():
        if not one_round(app, worker.run_once, "webhook round"):
            stopped.wait(interval)


class Background:
    """The worker in a thread of the serving process (``WEBHOOK_WORKER_SECONDS`` > 0)."""

    def __init__(self, app: Flask, interval: float) -> None:
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=loop, args=(app, interval, self.stopped), name="tebiki-webhooks", daemon=True
        )

    def stop(self) -> None:
        """Stop after the current round."""
        self.stopped.set()


def init_app(app: Flask) -> None:
    """Start the in-process worker with the first request, if the settings ask for it."""
    interval = app.config["WEBHOOK_WORKER_SECONDS"]
    if not interval:
        return
    background = Background(app, interval)
    app.extensions["tebiki.webhooks"] = background
    start_on_first_request(app, background.thread)
