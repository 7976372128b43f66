"""Run the webhook worker in a thread of the app (``flask webhooks work`` runs it alone)."""

from flask import Flask

from service import background
from service.webhooks import worker

EXTENSION = "tebiki.webhooks"
WHAT = "webhook round"


def init_app(app: Flask) -> None:
    """Start the in-process worker with the first request, if the settings ask for it."""
    interval = app.config["WEBHOOK_WORKER_SECONDS"]
    if interval:
        app.extensions[EXTENSION] = background.Worker(app, worker.run_once, WHAT, interval)
