"""Preview links: a guide version (or a draft) as the customer will see it, for a while.

The token is signed (not stored): it names a guide version, or a guide whose draft it shows
as the draft is when the page opens, and when it was made, so a preview needs no row,
records no session and no event, and stops working by itself.
"""

from types import SimpleNamespace

from flask import current_app
from itsdangerous import BadSignature
from itsdangerous import SignatureExpired
from itsdangerous import URLSafeTimedSerializer

from service.content import pack
from service.content import versions
from service.db import db
from service.errors import LinkGone
from service.errors import NotFound
from service.models import Guide
from service.models import GuideDraft
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


def token_for_draft(guide: Guide) -> str:
    """Return a preview token for the guide's draft, good for ``MINUTES``."""
    return _serializer().dumps(["draft", guide.id])


def version_for(token: str) -> tuple[GuideVersion, Guide]:
    """Return the version a preview token names and its guide, or raise ``NotFound`` /
    ``LinkGone``; a draft comes as an unsaved version numbered 0."""
    try:
        named = _serializer().loads(token, max_age=MINUTES * 60)
    except SignatureExpired:
        raise LinkGone("expired") from None
    except BadSignature:
        raise NotFound("このリンクは見つかりません。") from None
    if isinstance(named, list) and len(named) == 2 and isinstance(named[1], int):
        return _draft(named[1])
    version = db.session.get(GuideVersion, named) if isinstance(named, int) else None
    if version is None:
        raise NotFound("このリンクは見つかりません。")
    return version, version.guide


def _draft(guide_id: int) -> tuple[GuideVersion, Guide]:
    draft = db.session.get(GuideDraft, guide_id)
    if draft is None:
        raise NotFound("この下書きは公開されたか、捨てられました。")
    try:
        spec = pack.guide_from(draft.body, "draft")
        rows = versions.step_rows(spec, lambda digest: digest)
    except (pack.PackError, KeyError, IndexError):
        raise NotFound("下書きに直すところがあるため、まだ表示できません。") from None
    # Never added to the database session, and tied to nothing that is: nothing is saved.
    version = GuideVersion(number=0)
    versions.attach_steps(version, rows)
    return version, draft.guide


def walk(version: GuideVersion, trail: str) -> SimpleNamespace:
    """Return a stand-in session on ``version`` whose path is ``trail`` ("1.2.5"), for the
    counter and the route functions; steps that do not exist are dropped."""
    numbers = [int(n) for n in trail.split(".") if n.isascii() and n.isdigit() and len(n) < 4]
    path = [n for n in numbers if 1 <= n <= version.total_steps][-MAX_PATH:] or [1]
    return SimpleNamespace(
        guide_version=version, path=path, current_step=path[-1], mail_domain=None
    )
