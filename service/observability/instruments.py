"""This process's own measures: request latency by endpoint and the event streams it holds.

In multiprocess mode (``PROMETHEUS_MULTIPROC_DIR`` set before the process starts)
prometheus_client keeps them in files that /metrics adds up over every worker.
"""

from flask import g
from flask import request
from prometheus_client import Gauge
from prometheus_client import Histogram

REQUEST_SECONDS = Histogram(
    "tebiki_request_duration_seconds",
    "Time to answer a request (for a stream: to its first byte), by endpoint.",
    ["endpoint", "method"],
    registry=None,
)
OPEN_STREAMS = Gauge(
    "tebiki_open_streams",
    "Event streams this process holds open, staff's and customers'.",
    ["kind"],
    registry=None,
    multiprocess_mode="livesum",
)


def stream_opened(kind: str) -> None:
    """Count an event stream this process now holds (``kind``: staff or customer)."""
    OPEN_STREAMS.labels(kind).inc()


def stream_closed(kind: str) -> None:
    """Count a stream this process let go."""
    OPEN_STREAMS.labels(kind).dec()


def observe(response):
    """Record how long the request took, under its endpoint's name (never its path)."""
    if "duration" in g:
        REQUEST_SECONDS.labels(request.endpoint or "(no route)", request.method).observe(g.duration)
    return response
