"""Admin views of the card-issuer table: list, edit, add (checked like the pack)."""

import re

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user

from service.auth.roles import admin_required
from service.db import db
from service.db import utcnow
from service.errors import InvalidInput
from service.hints import issuers
from service.models import CardIssuer
from service.models import Channel
from service.models.hints import CHANNEL_NAMES

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
# One entry per line (aliases may also be split by 、 or ,).
LINES = re.compile(r"[\r\n]+")
ALIASES = re.compile(r"[\r\n、,]+")
FIELD_LIMIT = 4000


@admin_required
def listing():
    """List every issuer with how it sends codes, its sources and who last edited it."""
    return render_template(
        "admin/issuers.html", issuers=issuers.listed(), channel_names=CHANNEL_NAMES
    )


@admin_required
def edit(slug: str):
    """Show one issuer's form, or save it."""
    issuer = issuers.by_slug(slug[:40])
    if issuer is None:
        abort(404)
    if request.method == "GET":
        return _form(issuer, _fields_of(issuer))
    return _save(issuer, _fields_from_form())


@admin_required
def new():
    """Show an empty form, or add the issuer it describes."""
    fields = _fields_from_form() if request.method == "POST" else _empty()
    if request.method == "GET":
        return _form(None, fields)
    slug = request.form.get("slug", "").strip()
    if not SLUG.fullmatch(slug) or slug == issuers.UNKNOWN:
        return _form(None, fields, {"slug": "英小文字・数字・「-」で40文字まで（例：smbc）。"}, 422)
    if issuers.by_slug(slug) is not None:
        return _form(None, fields, {"slug": "その名前はもう使われています。"}, 422)
    issuer = CardIssuer(slug=slug, position=10 * (len(issuers.listed()) + 1))
    return _save(issuer, fields, adding=True)


def _save(issuer: CardIssuer, fields: issuers.IssuerFields, adding: bool = False):
    problems = fields.check()
    if problems:
        return _form(None if adding else issuer, fields, problems, 422)
    if adding:
        db.session.add(issuer)
    try:
        issuers.save(issuer, fields, current_user, utcnow())
    except InvalidInput as error:  # checked above; kept so a new rule cannot slip through
        db.session.rollback()
        return _form(None if adding else issuer, fields, {error.field: error.message}, 422)
    flash(f"「{issuer.name}」を保存しました。新しく送る案内から使われます。", "ok")
    return redirect(url_for(".issuers"), 303)


def _form(issuer, fields, problems: dict | None = None, status: int = 200):
    page = render_template(
        "admin/issuer_form.html",
        issuer=issuer,
        fields=fields,
        problems=problems or {},
        slug=request.form.get("slug", "") if issuer is None else issuer.slug,
        channels=[(c.value, CHANNEL_NAMES[c]) for c in Channel],
        guides=issuers.SUGGESTABLE_GUIDES,
    )
    return page, status


def _fields_of(issuer: CardIssuer) -> issuers.IssuerFields:
    return issuers.IssuerFields(
        name=issuer.name,
        aliases=list(issuer.aliases),
        channel=issuer.channel.value,
        guide_slug=issuer.guide_slug,
        script=issuer.script,
        sources=list(issuer.sources),
        needs_check=issuer.needs_check,
    )


def _empty() -> issuers.IssuerFields:
    return issuers.IssuerFields("", [], Channel.SMS.value, "sms-code", "", [], None)


def _fields_from_form() -> issuers.IssuerFields:
    def text(name: str) -> str:
        return request.form.get(name, "")[:FIELD_LIMIT]

    return issuers.IssuerFields(
        name=text("name").strip(),
        aliases=[a.strip() for a in ALIASES.split(text("aliases")) if a.strip()][:30],
        channel=text("channel"),
        guide_slug=text("guide_slug"),
        script=text("script").strip(),
        sources=[s.strip() for s in LINES.split(text("sources")) if s.strip()][:20],
        needs_check=text("needs_check").strip() or None,
    )
