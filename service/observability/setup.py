"""Wire the logs, the metrics endpoint and the headers into an app."""

from flask import Flask

from service.observability import headers
from service.observability import instruments
from service.observability import logs
from service.observability import metrics


def init_app(app: Flask) -> None:
    """Wire the logs, the metrics endpoint and the headers (after every other blueprint)."""
    app.register_blueprint(metrics.bp)
    # After-request hooks run last-registered first: time the answer after its headers.
    app.after_request(instruments.observe)
    headers.init_app(app)
    logs.init_app(app)
