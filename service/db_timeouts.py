"""A database that stops answering costs a request seconds, never a hang.

PostgreSQL gets ``connect_timeout`` and a server-side ``statement_timeout`` (through the
engine options ``service.config`` builds from ``DATABASE_URL``). Neither helps when the
server, or the network to it, goes quiet mid-statement (a paused container, a dropped
route): the client would wait on the socket for ever. So each psycopg connection here also
gives every wait on its socket a deadline a little past the statement timeout; past it the
connection is closed, SQLAlchemy sees a disconnect and drops it from the pool, and the
request answers 503 (``service.errors``). ``pool_pre_ping`` then replaces stale
connections by itself once the database is back.
"""

import psycopg
from flask import Flask
from sqlalchemy import event

from service.db import db

# How much longer than the server's own statement timeout the client waits, so a slow
# statement normally ends with the server's clean cancel and keeps its connection.
MARGIN_SECONDS = 1.0


class DatabaseTimeout(psycopg.OperationalError):
    """The database did not answer within the deadline; the connection was closed."""


def bounded(deadline: float) -> type[psycopg.Connection]:
    """Return a psycopg connection class whose every wait on the server ends by ``deadline``."""

    class BoundedConnection(psycopg.Connection):
        def wait(self, gen, *args, timeout=None, **kwargs):
            try:
                return super().wait(gen, *args, timeout=timeout or deadline, **kwargs)
            except psycopg.errors._WaitTimeout:  # psycopg's own, raised by its wait loop
                # Mid-protocol, the connection cannot be used again: close it, so the pool
                # treats it as lost (``closed``) instead of handing it out.
                self.pgconn.finish()
                raise DatabaseTimeout(f"no answer from the database in {deadline:g} s") from None

    return BoundedConnection


def init_app(app: Flask) -> None:
    """Give the app's PostgreSQL connections their client-side deadline."""
    seconds = app.config["DATABASE_STATEMENT_TIMEOUT_SECONDS"]
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name != "postgresql" or not seconds:
            continue
        connection_class = bounded(seconds + MARGIN_SECONDS)

        @event.listens_for(engine, "do_connect")
        def _connect(dialect, record, cargs, cparams, connection_class=connection_class):
            return connection_class.connect(*cargs, **cparams)
