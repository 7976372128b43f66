"""Tebiki: screen-share-free visual guidance for call centres."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from service import admin
from service import api
from service import cli
from service import config
from service import console
from service import customer
from service import db_timeouts
from service import errors
from service import health
from service import help as self_help
from service import limits
from service import outage
from service import sms
from service import static_files
from service.auth import views as auth_views
from service.bundle import MIGRATIONS_DIR
from service.db import db
from service.extensions import csrf
from service.extensions import login_manager
from service.extensions import migrate
from service.live import brokers
from service.live import dispatch
from service.live import sse
from service.media import views as media_views
from service.media.uploads import body
from service.observability import setup as observability
from service.sessions import expiry
from service.sessions import links
from service.sessions import texting
from service.sms import callbacks as sms_callbacks
from service.webhooks import queue as webhook_queue
from service.webhooks import running as webhook_worker


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, each part, the surfaces, errors, commands."""
    app = Flask(__name__, instance_path=config.instance_path(), instance_relative_config=True)
    app.request_class = body.Request  # uploads may send more than MAX_CONTENT_LENGTH
    app.before_request(body.refuse_oversized)  # first: also where the view reads no body
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.load(app.instance_path, test_config))
    app.json.ensure_ascii = False  # Japanese stays readable in API answers
    hops = app.config["PROXY_FIX_X_FOR"]
    if hops:
        # Behind that many proxies, the client's address (for rate limits) and the scheme
        # come from their X-Forwarded-* headers; with none, those headers are ignored.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    # Extensions.
    db.init_app(app)
    db_timeouts.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limits.init_app(app)

    # Parts, each built once from the settings.
    links.init_app(app)
    sms.init_app(app)
    broker = brokers.init_app(app)
    # Who hears of each session event: in its transaction (the webhook deliveries, kept or
    # dropped with the event), and once it is committed (the broker that wakes live watchers).
    dispatch.init_app(
        app, after_commit=[brokers.publisher(broker)], in_transaction=[webhook_queue.enqueue]
    )
    sse.init_app(app)
    expiry.init_app(app)
    texting.init_app(app)
    webhook_worker.init_app(app)

    # Surfaces.
    app.register_blueprint(customer.bp)
    app.register_blueprint(self_help.bp)
    app.register_blueprint(auth_views.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(media_views.bp)
    app.register_blueprint(health.bp)
    # The API authenticates every call with a Bearer key; there is no cookie to forge.
    csrf.exempt(api.bp)
    app.register_blueprint(api.bp)
    # Providers' callbacks carry their own signature instead of a form's CSRF token.
    csrf.exempt(sms_callbacks.bp)
    app.register_blueprint(sms_callbacks.bp)
    app.add_url_rule("/", "home", lambda: app.redirect(app.url_for("console.index")))
    static_files.init_app(app)
    # Logs, metrics and headers see every route, so they come after the surfaces.
    observability.init_app(app)

    errors.register(app)
    outage.register(app)
    cli.init_app(app)
    return app
