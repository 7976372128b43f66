"""Under gunicorn's gevent worker, move an open event stream off its request.

A stream served inside its request keeps, for as long as it is open, all that the request
used: gunicorn's parsed request and environ, and the greenlet that ran the whole Flask
dispatch, whose Python frame stack (a 16 KiB block per greenlet) stays resident as deep as
the request ever went. Once the headers and the first bytes are out, the connection is
handed to a greenlet of its own that only waits and writes; the request ends and frees all
that. Reading the log runs in a short-lived greenlet beside it, so the stream's own stack
stays shallow (bench/open_streams.py measures what a stream costs).

Anywhere else (the gthread worker, the development server, tests' clients) nothing is
handed over and the stream stays in its request, as any WSGI server expects.
"""

import logging
import socket
import ssl
from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Iterator

from flask import Flask
from flask import current_app

from service.live import capacity

START_RESPONSE = "tebiki.start_response"
# A client that takes nothing for this long is gone or hostile: the stream ends (it comes
# back with Last-Event-ID and misses nothing).
WRITE_TIMEOUT_SECONDS = 30.0
log = logging.getLogger(__name__)

Gone = Callable[[], bool]
Load = Callable[[str, int], list]
# Builds a stream's chunks from how to tell its client left, and how to read the log.
Start = Callable[[Gone, Callable[[Load], Load] | None], Iterator[bytes]]


def remember_start_response(wsgi_app: Callable) -> Callable:
    """Wrap the app so a stream can find the server's response object of its request."""

    def app(environ: dict, start_response: Callable):
        environ[START_RESPONSE] = start_response
        return wsgi_app(environ, start_response)

    return app


class Handover:
    """A stream's connection, taken from gunicorn once the headers and first bytes are out."""

    __slots__ = ("_client", "_response")

    def __init__(self, client: socket.socket, response: object) -> None:
        self._client = client
        self._response = response

    @classmethod
    def of(cls, environ: dict) -> "Handover | None":
        """Return the handover for this request, or None where the server is not one for it."""
        client = environ.get("gunicorn.socket")
        response = getattr(environ.get(START_RESPONSE), "__self__", None)
        # A TLS connection cannot be shared between two socket objects: it stays in its request.
        if client is None or response is None or isinstance(client, ssl.SSLSocket):
            return None
        if not _green():
            return None
        from gunicorn.http.wsgi import Response  # HTTP/1 only: HTTP/2 multiplexes its socket

        return cls(client, response) if type(response) is Response else None

    def serve(self, start: Start, on_close: Collection[Callable[[], None]]) -> None:
        """Take the connection from gunicorn and go on with the stream in a greenlet of its own.

        gunicorn is told its response is complete and to close its copy of the connection;
        this greenlet then owns the other copy, frames the chunks as gunicorn would, and runs
        ``on_close`` when the stream ends.
        """
        import gevent

        client = self._client.dup()
        client.settimeout(WRITE_TIMEOUT_SECONDS)
        chunked = self._response.chunked
        # gunicorn then writes nothing more (no last chunk) and closes its descriptor.
        self._response.chunked = False
        self._response.force_close()
        chunks = start(capacity.departure(client), _aside)
        gevent.spawn_raw(_run, chunks, client, chunked, on_close)


def _green() -> bool:
    """Whether this process runs on gevent (the gthread worker's threads do not)."""
    try:
        from gevent import monkey
    except ImportError:
        return False
    return monkey.is_module_patched("socket")


def _run(
    chunks: Iterator[bytes],
    client: socket.socket,
    chunked: bool,
    on_close: Collection[Callable[[], None]],
) -> None:
    try:
        for chunk in chunks:
            client.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
        if chunked:
            client.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the client left or stopped reading: it comes back with Last-Event-ID
    finally:
        try:
            chunks.close()
        finally:
            client.close()
            for function in on_close:
                try:
                    function()
                except Exception:
                    # Logged here: left to gevent, a raw greenlet prints a bare traceback.
                    log.exception("closing an event stream failed")


def _aside(load: Load) -> Load:
    """Return ``load`` run in a greenlet of its own that ends with the read."""
    import gevent

    def loaded(session_id: str, after: int) -> list:
        # Called in the stream's app context: the read gets one of its own, of the same app.
        app = current_app._get_current_object()
        value, error = gevent.spawn(_load, app, load, session_id, after).get()
        if error is not None:
            raise error
        return value

    return loaded


def _load(
    app: Flask, load: Load, session_id: str, after: int
) -> tuple[list | None, Exception | None]:
    # The error goes back to the stream, which logs it by session id: left to gevent, it
    # would print a traceback of its own.
    try:
        with app.app_context():
            return load(session_id, after), None
    except Exception as error:
        return None, error
