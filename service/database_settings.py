"""Where the database is and how to reach it: the SQLAlchemy URI from ``DATABASE_URL``, and
PostgreSQL's engine options (timeouts and the pool) from the settings."""

from pathlib import Path

from sqlalchemy.engine import make_url


def database_uri(url: str | None, instance_path: str) -> str:
    """Turn ``DATABASE_URL`` into an SQLAlchemy URI; default to SQLite in the instance folder."""
    if not url:
        return f"sqlite:///{Path(instance_path) / 'tebiki.sqlite3'}"
    # A plain postgres URL, as hosting platforms hand them out, means psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(settings: dict) -> dict:
    """Return the engine options, with PostgreSQL's timeouts added to what was given.

    The server's ``statement_timeout`` joins any ``options`` the URL or the given
    ``connect_args`` already carry (a ``search_path``...), since psycopg takes one string.
    """
    options = dict(settings["SQLALCHEMY_ENGINE_OPTIONS"])
    url = make_url(settings["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        return options
    connect_args = dict(options.get("connect_args", {}))
    connect_args.setdefault("connect_timeout", settings["DATABASE_CONNECT_TIMEOUT_SECONDS"])
    statement_ms = int(settings["DATABASE_STATEMENT_TIMEOUT_SECONDS"] * 1000)
    given = [url.query.get("options"), connect_args.get("options")]
    given.append(f"-c statement_timeout={statement_ms}")
    connect_args["options"] = " ".join(part for part in given if part)
    options["connect_args"] = connect_args
    options.setdefault("pool_timeout", settings["DATABASE_POOL_TIMEOUT_SECONDS"])
    options.setdefault("pool_size", settings["DATABASE_POOL_SIZE"])
    options.setdefault("max_overflow", 0)
    return options
