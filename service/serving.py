"""Gunicorn's settings: ``gunicorn --config python:service.serving 'service:create_app()'``.

The address is gunicorn's own default, ``0.0.0.0:$PORT`` when ``PORT`` is set (else
127.0.0.1:8000), and the process count is ``WEB_CONCURRENCY`` (else 1); ``--bind`` and
``--workers`` on the command line win over both.
"""

# Threads, for now: each open event stream holds one (see SSE_MAX_STREAMS).
worker_class = "gthread"
threads = 100
# A per-user control socket would make a second server on the same machine fail to start.
control_socket_disable = True
