"""The audit log: every change an admin makes, who made it, when, and before and after."""

from sqlalchemy import select

from service.db import db
from service.models import AuditEntry
from service.models import User

PAGE = 100


def record(by: User | None, action: str, target: str, before=None, after=None) -> None:
    """Add one entry to the caller's transaction, so it is kept only if the change is."""
    db.session.add(
        AuditEntry(
            user_id=by.id if by is not None else None,
            action=action,
            target=target[:200],
            before=before,
            after=after,
        )
    )


def entries(target: str = "", before_id: int | None = None) -> list[AuditEntry]:
    """Return the newest entries (under ``target`` when given), a page at a time."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(PAGE)
    if target:
        query = query.where(AuditEntry.target.startswith(target, autoescape=True))
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    return list(db.session.scalars(query))


def entry(entry_id: int) -> AuditEntry | None:
    """Return one entry, or None."""
    return db.session.get(AuditEntry, entry_id)
