"""Preview links: a guide version as the customer will see it, on any phone, for a while.

The token is signed (not stored): it names a guide version and when it was made, so a
preview needs no row, records no session and no event, and stops working by itself.
"""

from types import SimpleNamespace

from flask import current_app
from itsdangerous import BadSignature
from itsdangerous import SignatureExpired
from itsdangerous import URLSafeTimedSerializer

from service.db import db
from service.errors import LinkGone
from service.errors import NotFound
from service.models import GuideVersion

SALT = "tebiki.preview"
MINUTES = 15
# The walk so far, carried in the URL for 戻る; longer ones are cut from the start.
MAX_PATH = 60


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(version: GuideVersion) -> str:
    """Return a preview token for ``version``, good for ``MINUTES``."""
    return _serializer().dumps(version.id)


def version_for(token: str) -> GuideVersion:
    """Return the version a preview token names, or raise ``NotFound`` / ``LinkGone``."""
    try:
        version_id = _serializer().loads(token, max_age=MINUTES * 60)
    except SignatureExpired:
        raise LinkGone("expired") from None
    except BadSignature:
        raise NotFound("このリンクは見つかりません。") from None
    version = db.session.get(GuideVersion, version_id) if isinstance(version_id, int) else None
    if version is None:
        raise NotFound("このリンクは見つかりません。")
    return version


def walk(version: GuideVersion, trail: str) -> SimpleNamespace:
    """Return a stand-in session on ``version`` whose path is ``trail`` ("1.2.5"), for the
    counter and the route functions; steps that do not exist are dropped."""
    numbers = [int(n) for n in trail.split(".") if n.isascii() and n.isdigit() and len(n) < 4]
    path = [n for n in numbers if 1 <= n <= version.total_steps][-MAX_PATH:] or [1]
    return SimpleNamespace(
        guide_version=version, path=path, current_step=path[-1], mail_domain=None
    )
