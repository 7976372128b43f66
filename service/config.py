"""Configuration: code defaults, then the environment, then a test mapping.

This is the only module that reads ``os.environ``.
"""

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

DEFAULTS = {
    "PUBLIC_URL": "http://localhost:5000",
    "SMS_PROVIDER": "console",
    "LINK_TTL_MINUTES": 30,
    "SHOP_NAME": "テスト通販",
    "SSE_HEARTBEAT_SECONDS": 15,
    # Each open event stream holds a server thread: keep some threads for pages.
    "SSE_MAX_STREAMS": 48,
    # Customers' pages listen too (to follow the operator); they get their own, smaller pool.
    "SSE_MAX_CUSTOMER_STREAMS": 32,
    # Proxies in front whose X-Forwarded-For / -Proto / -Host to trust (0: none).
    "PROXY_FIX_X_FOR": 0,
    "SSE_MAX_SECONDS": 300,
    # The operator's countdown for the card issuer's code (its real validity is the
    # issuer's and unknown to us), the alert for a customer stuck on one step, and how
    # long a short code read aloud stays valid.
    "CODE_COUNTDOWN_MINUTES": 5,
    "STALL_ALERT_SECONDS": 60,
    # The panel warns this long before the link runs out, while it can still be extended.
    "EXPIRY_WARNING_SECONDS": 120,
    "SHORT_CODE_MINUTES": 10,
    # How often each app process looks for links that ran out, to end them and say so.
    "EXPIRY_SWEEP_SECONDS": 5,
    "LIVE_BACKEND": "memory",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "TWILIO_ACCOUNT_SID": None,
    "TWILIO_AUTH_TOKEN": None,
    "TWILIO_FROM": None,
    # SMS_PROVIDER=http: the gateway's address, its Bearer token, and the secret it signs
    # status callbacks with (HMAC-SHA256 of the body).
    "SMS_HTTP_URL": None,
    "SMS_HTTP_TOKEN": None,
    "SMS_HTTP_SECRET": None,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    "WTF_CSRF_TIME_LIMIT": None,
    # Flask-WTF's HTTPS check wants a Referer, which token pages never send (no-referrer).
    # The CSRF token and the SameSite cookie protect the forms.
    "WTF_CSRF_SSL_STRICT": False,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    # A database that stops answering (service/db_timeouts.py): how long opening a
    # connection, one statement, and waiting for a free pooled connection may take before
    # the request is answered 503. PostgreSQL only; 0 turns the statement timeout off.
    "DATABASE_CONNECT_TIMEOUT_SECONDS": 5,
    "DATABASE_STATEMENT_TIMEOUT_SECONDS": 15,
    "DATABASE_POOL_TIMEOUT_SECONDS": 10,
    # No request of ours needs more; a bigger body is refused (413) before it is read.
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # An admin's screenshot upload: its file may be this large (the upload views take a body
    # twice this, so a file a little over is refused with the limit named), and decoded it
    # may have this many pixels (a tablet's screenshot has 6 million; a bomb declares billions).
    "UPLOAD_MAX_BYTES": 10 * 1024 * 1024,
    "UPLOAD_MAX_PIXELS": 40_000_000,
    # Personal data: a session's phone number is cut to its last 4 digits when the session
    # ends (false: kept until the purge), and `flask purge` removes what is older than this.
    "MASK_PHONE_ON_END": True,
    "PERSONAL_DATA_DAYS": 30,
    # A retry that arrives while the first request with its Idempotency-Key still runs
    # waits this long for the first's answer, then gets 409 and may retry.
    "IDEMPOTENCY_WAIT_SECONDS": 10,
    # Abuse limits (service/limits.py), set for a busy centre: SMS sends (resends included)
    # per operator and per API key per minute; texts to one number in 10 minutes; extends of
    # one link and the longest a link may live in all; sign-in tries per client per minute.
    "LIMIT_SENDS_PER_OPERATOR": 10,
    "LIMIT_SENDS_PER_API_KEY": 120,
    "LIMIT_TEXTS_PER_NUMBER": 3,
    "LIMIT_EXTENDS_PER_SESSION": 5,
    "LINK_MAX_LIFE_MINUTES": 180,
    "LIMIT_SIGN_INS_PER_CLIENT": 30,
    # Webhooks: refuse URLs that reach loopback, private or link-local addresses unless this
    # is on (tests, a CRM inside the centre's network); how long one send may take; how long
    # a delivery is retried before its endpoint is marked failing; how long a rotated-out
    # secret still signs; how often the in-process worker looks for due deliveries (0: off,
    # run `flask --app service webhooks work` instead).
    "WEBHOOK_ALLOW_PRIVATE": False,
    "WEBHOOK_TIMEOUT_SECONDS": 5.0,
    "WEBHOOK_RETRY_HOURS": 24,
    "WEBHOOK_ROTATION_OVERLAP_HOURS": 24,
    "WEBHOOK_WORKER_SECONDS": 0,
}

# Environment variable -> how to read it.
ENVIRONMENT = {
    "DATABASE_URL": str,
    "SECRET_KEY": str,
    "PUBLIC_URL": str,
    "SMS_PROVIDER": str,
    "LINK_TTL_MINUTES": int,
    "SHOP_NAME": str,
    "SSE_HEARTBEAT_SECONDS": float,
    "SSE_MAX_STREAMS": int,
    "SSE_MAX_CUSTOMER_STREAMS": int,
    "PROXY_FIX_X_FOR": int,
    "SSE_MAX_SECONDS": float,
    "CODE_COUNTDOWN_MINUTES": int,
    "STALL_ALERT_SECONDS": int,
    "EXPIRY_WARNING_SECONDS": int,
    "SHORT_CODE_MINUTES": int,
    "EXPIRY_SWEEP_SECONDS": float,
    "LIVE_BACKEND": str,
    "REDIS_URL": str,
    "TWILIO_ACCOUNT_SID": str,
    "TWILIO_AUTH_TOKEN": str,
    "TWILIO_FROM": str,
    "SMS_HTTP_URL": str,
    "SMS_HTTP_TOKEN": str,
    "SMS_HTTP_SECRET": str,
    "DATABASE_CONNECT_TIMEOUT_SECONDS": int,
    "DATABASE_STATEMENT_TIMEOUT_SECONDS": float,
    "DATABASE_POOL_TIMEOUT_SECONDS": float,
    "MAX_CONTENT_LENGTH": int,
    "UPLOAD_MAX_BYTES": int,
    "UPLOAD_MAX_PIXELS": int,
    "MASK_PHONE_ON_END": lambda raw: raw.lower() in ("1", "true", "yes"),
    "PERSONAL_DATA_DAYS": int,
    "IDEMPOTENCY_WAIT_SECONDS": float,
    "LIMIT_SENDS_PER_OPERATOR": int,
    "LIMIT_SENDS_PER_API_KEY": int,
    "LIMIT_TEXTS_PER_NUMBER": int,
    "LIMIT_EXTENDS_PER_SESSION": int,
    "LINK_MAX_LIFE_MINUTES": int,
    "LIMIT_SIGN_INS_PER_CLIENT": int,
    "REQUIRE_SECRET_KEY": lambda raw: raw.lower() in ("1", "true", "yes"),
    "WEBHOOK_ALLOW_PRIVATE": lambda raw: raw.lower() in ("1", "true", "yes"),
    "WEBHOOK_TIMEOUT_SECONDS": float,
    "WEBHOOK_RETRY_HOURS": float,
    "WEBHOOK_ROTATION_OVERLAP_HOURS": float,
    "WEBHOOK_WORKER_SECONDS": float,
}


class ConfigError(RuntimeError):
    """A setting is missing or malformed."""


def instance_path() -> str | None:
    """Return where the instance folder is (``INSTANCE_PATH``), or None for Flask's default.

    Installed from a wheel, Flask's default lies under the Python prefix, which a service
    user may not write to; the Docker image points it at /app/instance.
    """
    return os.environ.get("INSTANCE_PATH") or None


def load(instance_path: str, test_config: dict | None = None) -> dict:
    """Return the settings for one app: defaults, environment, then ``test_config``."""
    settings = dict(DEFAULTS)
    for name, parse in ENVIRONMENT.items():
        raw = os.environ.get(name)
        if raw is None or raw == "":
            continue
        try:
            settings[name] = parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{name}={raw!r} is not valid") from exc
    settings.update(test_config or {})

    settings["PUBLIC_URL"] = settings["PUBLIC_URL"].rstrip("/")
    if settings["LINK_TTL_MINUTES"] <= 0:
        raise ConfigError("LINK_TTL_MINUTES must be a positive number of minutes")
    if settings["EXPIRY_SWEEP_SECONDS"] < 0:
        raise ConfigError("EXPIRY_SWEEP_SECONDS must be 0 (off) or a positive number of seconds")
    settings["SQLALCHEMY_DATABASE_URI"] = database_uri(
        settings.pop("DATABASE_URL", None), instance_path
    )
    settings["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(settings)
    if not settings.get("SECRET_KEY"):
        if settings.get("REQUIRE_SECRET_KEY"):
            # Several nodes (or a redeployed container) each inventing a key would disagree
            # about cookies and about every link they show.
            raise ConfigError("SECRET_KEY must be set (the same value on every node)")
        settings["SECRET_KEY"] = _instance_secret(instance_path)
    # Cookies only over HTTPS once the service is reached over HTTPS.
    settings.setdefault("SESSION_COOKIE_SECURE", settings["PUBLIC_URL"].startswith("https://"))
    return settings


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
    return options


def _instance_secret(instance_path: str) -> str:
    """Keep a generated key in the instance folder so one machine's processes agree on it."""
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()
