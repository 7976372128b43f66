"""Gunicorn's logger writing our JSON lines, for its ``logger_class`` setting.

Without it the app still reformats gunicorn's handlers once it is loaded in a worker; this
makes the master's own lines (start, worker exits) JSON too. The master never sees a route,
so its lines are cleaned of phone numbers only; the worker's get the routes' patterns.
"""

from gunicorn import glogging

from service.observability.logs import Formatter
from service.observability.redact import Redactor


class JsonLogger(glogging.Logger):
    """Gunicorn's logger with every handler writing one JSON object a line."""

    def setup(self, cfg) -> None:
        """Set gunicorn's handlers up as usual, then give them the JSON formatter."""
        super().setup(cfg)
        formatter = Formatter(Redactor())
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)


def child_exit(server, worker) -> None:
    """Forget a dead worker's live gauges (gunicorn's ``child_exit`` hook, multiprocess mode)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
