"""Configuration: code defaults, then the environment, then a test mapping.

This is the only module that reads ``os.environ``.
"""

import os
import secrets
from pathlib import Path

from service.database_settings import database_uri
from service.database_settings import engine_options

DEFAULTS = {
    "PUBLIC_URL": "http://localhost:5000",
    "SMS_PROVIDER": "console",
    "LINK_TTL_MINUTES": 30,
    "SHOP_NAME": "テスト通販",
    "SSE_HEARTBEAT_SECONDS": 15,
    # Open event streams of one process (staff and API; customers' pages apart): 0 is as
    # many as the process can hold (service/live/capacity.py), and a larger number is
    # lowered to that.
    "SSE_MAX_STREAMS": 0,
    "SSE_MAX_CUSTOMER_STREAMS": 0,
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
    # Set, live events and per-request limits go through this Redis (every process shares
    # them); unset, they stay in each process (one process only).
    "REDIS_URL": None,
    "TWILIO_ACCOUNT_SID": None,
    "TWILIO_AUTH_TOKEN": None,
    "TWILIO_FROM": None,
    # SMS_PROVIDER=http: the gateway's address, its Bearer token, and the secret it signs
    # status callbacks with (HMAC-SHA256 of the body).
    "SMS_HTTP_URL": None,
    "SMS_HTTP_TOKEN": None,
    "SMS_HTTP_SECRET": None,
    # Each app process sends the queued texts from a thread, woken as each is queued; this is
    # how often it also looks for retries and texts a dead process left (0: no thread, run
    # `flask --app service sms work` instead).
    "SMS_WORKER_SECONDS": 1,
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
    # Connections a process keeps open, and never more: SQLAlchemy's default (5 kept, 10 more
    # opened and closed again as needed) opened one for every sixth request under load.
    "DATABASE_POOL_SIZE": 15,
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
    # Operations: the log level; the Bearer token /metrics wants (unset: loopback clients
    # only); the folder prometheus_client shares between worker processes (unset: one).
    "LOG_LEVEL": "INFO",
    "METRICS_TOKEN": None,
    "PROMETHEUS_MULTIPROC_DIR": None,
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
    "REDIS_URL": str,
    "TWILIO_ACCOUNT_SID": str,
    "TWILIO_AUTH_TOKEN": str,
    "TWILIO_FROM": str,
    "SMS_HTTP_URL": str,
    "SMS_HTTP_TOKEN": str,
    "SMS_HTTP_SECRET": str,
    "SMS_WORKER_SECONDS": float,
    "DATABASE_CONNECT_TIMEOUT_SECONDS": int,
    "DATABASE_STATEMENT_TIMEOUT_SECONDS": float,
    "DATABASE_POOL_TIMEOUT_SECONDS": float,
    "DATABASE_POOL_SIZE": int,
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
    "LOG_LEVEL": str,
    "METRICS_TOKEN": str,
    "PROMETHEUS_MULTIPROC_DIR": str,
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
    settings = {**DEFAULTS, **_environment(ENVIRONMENT)}
    settings.update(test_config or {})
    _live_backend(settings)

    settings["PUBLIC_URL"] = settings["PUBLIC_URL"].rstrip("/")
    if settings["LINK_TTL_MINUTES"] <= 0:
        raise ConfigError("LINK_TTL_MINUTES must be a positive number of minutes")
    if settings["EXPIRY_SWEEP_SECONDS"] < 0:
        raise ConfigError("EXPIRY_SWEEP_SECONDS must be 0 (off) or a positive number of seconds")
    if settings["DATABASE_POOL_SIZE"] < 1:
        raise ConfigError("DATABASE_POOL_SIZE must be at least 1 connection")
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


def _environment(parsers: dict) -> dict:
    """Return the variables of ``parsers`` that are set, each read by its parser."""
    found = {}
    for name, parse in parsers.items():
        raw = os.environ.get(name)
        if raw is None or raw == "":
            continue
        try:
            found[name] = parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{name}={raw!r} is not valid") from exc
    return found


# The server's own settings, read by service/serving.py (gunicorn's config module).
SERVING_DEFAULTS = {
    "SERVER_BIND": "127.0.0.1:5000",
    # 0: one process per core with REDIS_URL set; one with in-process events.
    "SERVER_WORKERS": 0,
    # gevent: a stream is a greenlet of a few KiB, not a thread (README: Serving).
    "SERVER_WORKER_CLASS": "gevent",
    # gthread only: threads per process.
    "SERVER_THREADS": 100,
    # gevent: connections one process accepts at once; 0 is what its open-files limit allows.
    "SERVER_CONNECTIONS": 0,
    # A request silent this long gets its process restarted (gevent: the whole process).
    "SERVER_TIMEOUT": 30,
    "SERVER_GRACEFUL_TIMEOUT": 30,
    "SERVER_KEEPALIVE": 5,
    "REDIS_URL": None,
    # prometheus_client's multiprocess files: emptied at each start (service/serving.py).
    "PROMETHEUS_MULTIPROC_DIR": None,
}
SERVING_ENVIRONMENT = {
    name: int if isinstance(default, int) else str for name, default in SERVING_DEFAULTS.items()
}
WORKER_CLASSES = ("gevent", "gthread")


def serving() -> dict:
    """Return the server's settings: defaults, then the environment, checked."""
    settings = {**SERVING_DEFAULTS, **_environment(SERVING_ENVIRONMENT)}
    if settings["SERVER_WORKER_CLASS"] not in WORKER_CLASSES:
        raise ConfigError(f"SERVER_WORKER_CLASS must be one of {', '.join(WORKER_CLASSES)}")
    one_process = not settings["REDIS_URL"]
    if not settings["SERVER_WORKERS"]:
        settings["SERVER_WORKERS"] = 1 if one_process else len(os.sched_getaffinity(0))
    if settings["SERVER_WORKERS"] > 1 and one_process:
        # In-process events reach only the process that recorded them.
        raise ConfigError("SERVER_WORKERS above 1 needs REDIS_URL")
    return settings


def _live_backend(settings: dict) -> None:
    """Derive ``LIVE_BACKEND`` from ``REDIS_URL`` alone (a test mapping may still name it)."""
    if os.environ.get("LIVE_BACKEND"):
        # A stale setting silently ignored would leave several nodes deaf to each other.
        raise ConfigError(
            "LIVE_BACKEND is no longer read: set REDIS_URL for Redis, or leave it unset"
        )
    settings.setdefault("LIVE_BACKEND", "redis" if settings.get("REDIS_URL") else "memory")
    if settings["LIVE_BACKEND"] == "redis" and not settings.get("REDIS_URL"):
        raise ConfigError("LIVE_BACKEND=redis needs REDIS_URL")


def _instance_secret(instance_path: str) -> str:
    """Keep a generated key in the instance folder so one machine's processes agree on it."""
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()
