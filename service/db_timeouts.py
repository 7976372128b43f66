"""A database that stops answering costs a request seconds, never a hang.

PostgreSQL gets ``connect_timeout`` and a server-side ``statement_timeout`` (through the
engine options ``service.database_settings`` builds from ``DATABASE_URL``). Neither helps when the
server, or the network to it, goes quiet mid-statement (a paused container, a dropped
route): the client would wait on the socket for ever. So each psycopg connection here also
gives every wait on its socket a deadline a little past the statement timeout (the pool's
ping: the connect timeout); past it the connection is closed, SQLAlchemy sees a disconnect
and drops it from the pool, and the request answers 503 (``service.outage``).
``pool_pre_ping`` then replaces stale connections by itself once the database is back.
"""

from flask import Flask
from sqlalchemy import event

from service.db import db

# How much longer than the server's own statement timeout the client waits, so a slow
# statement normally ends with the server's clean cancel and keeps its connection.
MARGIN_SECONDS = 1.0
# What SQLAlchemy's pool_pre_ping sends on psycopg; and libpq's (and psycopg's) shortest
# connect_timeout.
PING = ";"
MIN_CONNECT_SECONDS = 2


def bounded(statement: float, ping: float) -> type:
    """Return a psycopg connection class whose waits end after ``statement`` (``ping``) s."""
    # Imported here, in the server's worker: psycopg picks its way of waiting on sockets
    # when first imported, and only after gevent has patched them does it pick the one
    # that lets other requests run (gunicorn loads service.serving, so this package,
    # before it patches).
    import psycopg

    class DatabaseTimeout(psycopg.OperationalError):
        """The database did not answer within the deadline; the connection was closed."""

    class BoundedCursor(psycopg.Cursor):
        def execute(self, query, *args, **kwargs):
            # SQLAlchemy's pre-ping sends ";" and asks only whether the server is there,
            # the question a connect answers: it gets a connect's time, not a statement's.
            self.connection.deadline = ping if query == PING else statement
            try:
                return super().execute(query, *args, **kwargs)
            finally:
                self.connection.deadline = statement

    class BoundedConnection(psycopg.Connection):
        deadline = statement

        @classmethod
        def connect(cls, *args, **kwargs):
            return super().connect(*args, cursor_factory=BoundedCursor, **kwargs)

        def wait(self, gen, *args, timeout=None, **kwargs):
            try:
                return super().wait(gen, *args, timeout=timeout or self.deadline, **kwargs)
            except psycopg.errors._WaitTimeout:  # psycopg's own, raised by its wait loop
                # Mid-protocol, the connection cannot be used again: close it, so the pool
                # treats it as lost (``closed``) instead of handing it out.
                self.pgconn.finish()
                raise DatabaseTimeout(
                    f"no answer from the database in {self.deadline:g} s"
                ) from None

    return BoundedConnection


def init_app(app: Flask) -> None:
    """Give the app's PostgreSQL connections their client-side deadline."""
    seconds = app.config["DATABASE_STATEMENT_TIMEOUT_SECONDS"]
    ping = max(MIN_CONNECT_SECONDS, app.config["DATABASE_CONNECT_TIMEOUT_SECONDS"])
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name != "postgresql" or not seconds:
            continue
        connection_class = bounded(seconds + MARGIN_SECONDS, ping)

        @event.listens_for(engine, "do_connect")
        def _connect(dialect, record, cargs, cparams, connection_class=connection_class):
            return connection_class.connect(*cargs, **cparams)
