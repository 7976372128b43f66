"""Card issuers: read, seed from the pack, and edit (admins) the table of who sends what."""

import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from service import audit
from service.db import db
from service.errors import InvalidInput
from service.hints.mail_domains import HINTS_DIR
from service.models import CardIssuer
from service.models import Channel
from service.models import User

UNKNOWN = "unknown"
ISSUERS_FILE = HINTS_DIR / "issuers.toml"
# Guides a hint may suggest: every device has them (the content check makes sure).
SUGGESTABLE_GUIDES = ("sms-code", "email-code")


@dataclass
class IssuerFields:
    """What an admin can change on an issuer; ``check`` says what is wrong, in Japanese."""

    name: str
    aliases: list[str]
    channel: str
    guide_slug: str
    script: str
    sources: list[str]
    needs_check: str | None

    def check(self) -> dict[str, str]:
        """Return the problems, by field: empty when the row may be saved."""
        problems = {}
        if not self.name.strip():
            problems["name"] = "カード会社の名前を入れてください。"
        elif len(self.name) > 80:
            problems["name"] = "名前は80文字までにしてください。"
        if self.channel not in {c.value for c in Channel}:
            problems["channel"] = "コードの届き方を選んでください。"
        if self.guide_slug not in ("", *SUGGESTABLE_GUIDES):
            problems["guide_slug"] = "先に送る案内を一覧から選んでください。"
        if not self.sources and not self.needs_check:
            problems["sources"] = (
                "出典（公開ページの URL か「<機種>, <OS> で確認」）を入れるか、"
                "確かめることを「要確認」に書いてください。"
            )
        return problems


def listed() -> list[CardIssuer]:
    """Return every issuer in the order the console lists them."""
    return list(db.session.scalars(select(CardIssuer).order_by(CardIssuer.position, CardIssuer.id)))


def by_slug(slug: str) -> CardIssuer | None:
    """Return the issuer named ``slug``, or None."""
    return db.session.scalar(select(CardIssuer).where(CardIssuer.slug == slug))


def chosen(slug: str | None) -> CardIssuer | None:
    """Return the issuer the operator picked; None for none or 「わからない」."""
    if not slug or slug == UNKNOWN:
        return None
    issuer = by_slug(slug[:40])
    if issuer is None:
        raise InvalidInput("issuer", "カード会社は一覧から選んでください。")
    return issuer


def save(issuer: CardIssuer, fields: IssuerFields, by: User, now: datetime) -> None:
    """Store an admin's edit (checked first); the seed then leaves this row alone."""
    problems = fields.check()
    if problems:
        field, message = next(iter(problems.items()))
        raise InvalidInput(field, message)
    before = _fields(issuer) if issuer.id is not None else None
    issuer.name = fields.name.strip()
    issuer.aliases = fields.aliases
    issuer.channel = Channel(fields.channel)
    issuer.guide_slug = fields.guide_slug
    issuer.script = fields.script.strip()
    issuer.sources = fields.sources
    issuer.needs_check = fields.needs_check or None
    issuer.edited_at = now
    issuer.edited_by_id = by.id
    audit.record(by, "issuer.edit", f"issuers/{issuer.slug}", before, _fields(issuer))
    db.session.commit()


def _fields(issuer: CardIssuer) -> dict:
    """Return what an admin edits of an issuer, for the audit log."""
    return {
        "name": issuer.name,
        "aliases": list(issuer.aliases),
        "channel": Channel(issuer.channel).value,
        "guide_slug": issuer.guide_slug,
        "script": issuer.script,
        "sources": list(issuer.sources),
        "needs_check": issuer.needs_check,
    }


def seed(path: Path = ISSUERS_FILE) -> int:
    """Add the pack's issuers and update those no admin has edited; return how many changed."""
    rows = tomllib.loads(path.read_text(encoding="utf-8"))["issuers"]
    changed = 0
    for position, row in enumerate(rows, start=1):
        issuer = by_slug(row["slug"])
        if issuer is None:
            issuer = CardIssuer(slug=row["slug"])
            db.session.add(issuer)
        elif issuer.edited_at is not None:
            continue  # an admin's edit wins over the pack
        values = {
            "name": row["name"],
            "aliases": list(row.get("aliases", [])),
            "channel": Channel(row["channel"]),
            "guide_slug": row.get("guide", ""),
            "script": row.get("script", "").strip(),
            "sources": list(row.get("sources", [])),
            "needs_check": row.get("needs_check"),
            "position": position * 10,
        }
        if any(getattr(issuer, key, None) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(issuer, key, value)
            changed += 1
    db.session.commit()
    return changed


def pack_rows(path: Path = ISSUERS_FILE) -> list[dict]:
    """Return the pack's issuer rows as written, for the content check."""
    return tomllib.loads(path.read_text(encoding="utf-8"))["issuers"]
