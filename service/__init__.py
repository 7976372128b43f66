"""Tebiki: screen-share-free visual guidance for call centres."""

from pathlib import Path

from flask import Flask
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from service import api
from service import auth
from service import cli
from service import config
from service import console
from service import customer
from service import errors
from service import live
from service import media
from service import sms
from service.db import db

MIGRATIONS_DIR = Path(__file__).parent.parent / "migrations"

csrf = CSRFProtect()
migrate = Migrate()


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, error pages, commands."""
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.load(app.instance_path, test_config))

    app.json.ensure_ascii = False  # Japanese stays readable in API answers
    hops = app.config["PROXY_FIX_X_FOR"]
    if hops:
        # Behind that many proxies, the client's address (for rate limits) and the scheme
        # come from their X-Forwarded-* headers; with none, those headers are ignored.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    auth.init_app(app)
    live.init_app(app)
    sms.init_app(app)

    app.register_blueprint(customer.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(media.bp)
    # The API authenticates every call with a Bearer key; there is no cookie to forge.
    csrf.exempt(api.bp)
    app.register_blueprint(api.bp)
    app.add_url_rule("/", "home", lambda: app.redirect(app.url_for("console.index")))

    errors.init_app(app)
    cli.init_app(app)
    return app
