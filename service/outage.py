"""The database out of reach: 503 on every surface, with a message, instead of a hang or a 500.

``service.db_timeouts`` bounds how long a request waits; this answers what it raises (and
a pool with no free connection in time): JSON on the API, the plain Japanese error page
elsewhere, with ``Retry-After``. Kept apart from ``service.errors``, whose renderers it uses.
"""

from http import HTTPStatus

from flask import Flask
from flask import current_app
from flask import g
from flask import make_response
from flask import request
from sqlalchemy import exc as database

from service.errors import _api
from service.errors import _page
from service.errors import _surface
from service.errors import log
from service.errors import unexpected

MESSAGE = "ただいまシステムにつながりにくくなっています。少し待ってから、もう一度お試しください。"
RETRY_SECONDS = 5


def database_unavailable(error: database.DBAPIError | database.TimeoutError):
    """Answer 503 while the database cannot be reached or does not answer in time."""
    if isinstance(error, database.DBAPIError) and not (
        isinstance(error, database.OperationalError) or error.connection_invalidated
    ):
        return unexpected(error)  # a failing statement, not an unreachable database
    # The driver's class only: the message may quote the statement and its parameters.
    cause = type(getattr(error, "orig", None) or error).__name__
    log.warning("database unavailable (%s) on %s %s", cause, request.method, request.endpoint)
    if _surface() == "api":
        response = _api(HTTPStatus.SERVICE_UNAVAILABLE, "database_unavailable", MESSAGE)
    else:
        # Nobody is signed in for this answer: the page must not wait on the database again
        # to load the user the failed request was loading.
        g.setdefault("_login_user", current_app.login_manager.anonymous_user())
        response = make_response(_page(HTTPStatus.SERVICE_UNAVAILABLE, MESSAGE))
    response.headers["Retry-After"] = str(RETRY_SECONDS)
    return response


def register(app: Flask) -> None:
    """Answer the database's unreachability (and a full pool) on every surface."""
    app.register_error_handler(database.DBAPIError, database_unavailable)
    app.register_error_handler(database.TimeoutError, database_unavailable)
