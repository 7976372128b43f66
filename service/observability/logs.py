"""Structured logs: one JSON object a line, a request id on each, no token or phone number.

Every line carries time, level, logger and message; lines written during a request add its
request id, method and path (tokens removed), and the access line its status and duration.
Gunicorn's own handlers get the same formatter, so its error log (and its access log, if
someone turns it on) is JSON and cleaned too; the app writes the access line itself.
"""

import logging
import re
import sys
import time
import uuid

from flask import Flask
from flask import g
from flask import has_request_context
from flask import request
from pythonjsonlogger.json import JsonFormatter

from service.observability.redact import SECRET_ARGUMENTS
from service.observability.redact import Redactor
from service.observability.redact import hide
from service.observability.redact import route_patterns

REQUEST_ID = "X-Request-ID"
# An incoming id is kept when it looks like one (a proxy's, a load balancer's); anything
# else (too long, spaces, quotes) is replaced, so a client cannot write into our logs.
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
access_log = logging.getLogger("tebiki.access")
# Probes answer every few seconds for every node: their lines are debug, not info.
PROBES = frozenset({"health.healthz", "health.readyz", "observability.metrics"})


class Formatter(JsonFormatter):
    """Write a record as one JSON object, every text in it cleaned by the redactor."""

    def __init__(self, redactor: Redactor):
        super().__init__(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger", "exc_info": "traceback"},
            timestamp="time",
            json_ensure_ascii=False,
        )
        self.redactor = redactor

    def add_fields(self, log_data, record, message_dict) -> None:
        """Add the fields of the request the record was written in, if any."""
        super().add_fields(log_data, record, message_dict)
        if has_request_context():
            log_data.setdefault("request_id", g.get("request_id"))
            log_data.setdefault("method", request.method)
            log_data.setdefault("path", request.path)

    def process_log_record(self, log_data):
        """Clean every text of the record: message, traceback, path and extras alike."""
        secrets = _request_secrets()
        for key, value in log_data.items():
            if isinstance(value, str):
                log_data[key] = self.redactor.clean(value, secrets)
        return log_data


class StderrHandler(logging.StreamHandler):
    """Write to whatever ``sys.stderr`` is now (a test's capture, a reopened stream)."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def _request_secrets() -> list[str]:
    if not has_request_context():
        return []
    args = request.view_args or {}
    return [str(args[name]) for name in SECRET_ARGUMENTS if args.get(name)]


def init_app(app: Flask) -> None:
    """Log JSON to stderr (once a process), adopt gunicorn's handlers, time each request."""
    formatter = Formatter(Redactor(route_patterns(app.url_map)))
    root = logging.getLogger()
    ours = [h for h in root.handlers if isinstance(h, StderrHandler)]
    if not ours:
        ours = [StderrHandler()]
        root.addHandler(ours[0])
    root.setLevel(app.config["LOG_LEVEL"])
    for handler in ours + _gunicorn_handlers():
        handler.setFormatter(formatter)
    app.before_request(_start)
    app.after_request(_finish)


def _gunicorn_handlers() -> list[logging.Handler]:
    # Set up by gunicorn before it loads the app, in the process that serves: reformatting
    # them is all it takes, with no option on the start command.
    return [
        h
        for name in ("gunicorn.error", "gunicorn.access")
        for h in logging.getLogger(name).handlers
    ]


def _start() -> None:
    g.started = time.perf_counter()
    incoming = request.headers.get(REQUEST_ID, "")
    g.request_id = incoming if SANE_ID.fullmatch(incoming) else uuid.uuid4().hex


def _finish(response):
    response.headers[REQUEST_ID] = g.get("request_id", "")
    duration = time.perf_counter() - g.get("started", time.perf_counter())
    g.duration = duration
    endpoint = request.endpoint or "(no route)"
    # Hidden in the message itself, not only in our formatter's output: any other handler on
    # the root logger (a tool's own logging setup) prints the message as it is.
    path = hide(request.path, _request_secrets())
    access_log.log(
        logging.DEBUG if endpoint in PROBES else logging.INFO,
        "%s %s %s",
        request.method,
        path,
        response.status_code,
        extra={
            "status": response.status_code,
            "duration_ms": round(duration * 1000, 2),
            "endpoint": endpoint,
        },
    )
    return response
