"""API keys for the centre's CRM/CTI: issued once, stored hashed, noted when used."""

from datetime import datetime
from datetime import timedelta

from sqlalchemy import select

from service import tokens
from service.db import db
from service.errors import InvalidInput
from service.models import ApiKey
from service.models import Role

# Writing last_used_at on every call would turn each API read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def create_api_key(name: str, role: Role = Role.OPERATOR) -> tuple[ApiKey, str]:
    """Issue a key for an integration; the key itself is returned once and never stored."""
    name = name.strip()
    if not name:
        raise InvalidInput("name", "API キーには名前をつけてください。")
    raw = tokens.new_api_key()
    key = ApiKey(name=name, prefix=raw[:12], key_hash=tokens.digest(raw), role=role)
    db.session.add(key)
    db.session.commit()
    return key, raw


def api_key_for(raw: str, now: datetime) -> ApiKey | None:
    """Return the live key matching ``raw``, noting when it was last used."""
    key = db.session.scalar(select(ApiKey).where(ApiKey.key_hash == tokens.digest(raw)))
    if key is None or key.revoked_at is not None:
        return None
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        key.last_used_at = now
        db.session.commit()
    return key


def listed() -> list[ApiKey]:
    """Return every key, newest first (revoked ones included, marked)."""
    return list(db.session.scalars(select(ApiKey).order_by(ApiKey.id.desc())))


def revoke(key_id: int, now: datetime) -> ApiKey | None:
    """Revoke the key ``key_id`` for good; return it, or None if there is no such key."""
    key = db.session.get(ApiKey, key_id)
    if key is None:
        return None
    key.revoked_at = key.revoked_at or now
    db.session.commit()
    return key
