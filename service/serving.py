"""gunicorn's settings for Tebiki, from the environment (README: Serving).

    gunicorn --config python:service.serving 'service:create_app()'

The one start command of ``make run`` and the image. gevent workers by default: an open
event stream is a greenlet of a few KiB instead of a thread, so one process holds
thousands (bench/open_streams.py). Each process caps its streams at what its connections,
open files and memory allow (service/live/capacity.py).
"""

import pathlib as _pathlib
import sys as _sys
import warnings as _warnings

# Every top-level name that is one of gunicorn's settings is read as one ("config" is):
# the modules come in under private names.
from service import config as _config
from service.live import capacity as _capacity
from service.live import sse as _sse
from service.observability import gunicorn as _gunicorn_hooks

_settings = _config.serving()

bind = [_settings["SERVER_BIND"]]
workers = _settings["SERVER_WORKERS"]
worker_class = _settings["SERVER_WORKER_CLASS"]
threads = _settings["SERVER_THREADS"]
worker_connections = _settings["SERVER_CONNECTIONS"] or max(100, _capacity.descriptor_budget())
timeout = _settings["SERVER_TIMEOUT"]
graceful_timeout = _settings["SERVER_GRACEFUL_TIMEOUT"]
keepalive = _settings["SERVER_KEEPALIVE"]
# No control socket: several instances on one machine would fight over its one path.
control_socket_disable = True
# The master's own lines as JSON too (the app's access line replaces gunicorn's).
logger_class = "service.observability.gunicorn.JsonLogger"


# gunicorn patches the standard library for gevent in each worker, after this module (and
# so the app's package, requests and urllib3 with it) was imported: _green_ssl_imports()
# below answers the warning.
_warnings.filterwarnings("ignore", message="Monkey-patching ssl after ssl has already been")


def post_worker_init(worker) -> None:
    """Fit the app's stream caps to this process's connections, now that it has them."""
    if worker_class == "gevent":
        _green_ssl_imports()
    connections = worker_connections if worker_class == "gevent" else threads
    if _sse.TOTAL_STREAMS in getattr(worker.wsgi, "extensions", {}):  # an app of ours
        _sse.fit(worker.wsgi, _capacity.streams(connections, workers))


def _green_ssl_imports() -> None:
    """Point names that modules took from ``ssl`` before gevent patched it at the patched ones.

    urllib3 (under requests: webhooks, the SMS providers) holds ``SSLContext`` from its own
    import; left alone, every HTTPS call would block the whole process while it runs.
    """
    import ssl

    from gevent import monkey

    originals = {id(value): name for name, value in monkey.saved.get("ssl", {}).items()}
    for module in list(_sys.modules.values()):
        names = getattr(module, "__dict__", None)
        if not isinstance(names, dict) or module is ssl:
            continue
        for name, value in list(names.items()):
            if id(value) in originals:
                names[name] = getattr(ssl, originals[id(value)])


def child_exit(server, worker) -> None:
    """Forget a dead worker's live gauges (prometheus_client's multiprocess mode)."""
    if _settings["PROMETHEUS_MULTIPROC_DIR"]:
        _gunicorn_hooks.child_exit(server, worker)


def on_starting(server) -> None:
    """Start the metrics from zero: files left by an earlier run would be added in."""
    if _settings["PROMETHEUS_MULTIPROC_DIR"]:
        for stale in _pathlib.Path(_settings["PROMETHEUS_MULTIPROC_DIR"]).glob("*.db"):
            stale.unlink()
