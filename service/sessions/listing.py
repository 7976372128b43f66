"""Sessions listed for an integration: filtered, newest first, a page at a time.

The cursor is the last row's (created_at, id), opaque to the caller: a page never repeats
or skips a session, however many are made while the caller pages on.
"""

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy import and_
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import true
from sqlalchemy.orm import selectinload

from service.db import db
from service.errors import InvalidInput
from service.models import Device
from service.models import GuidanceSession
from service.models import Guide
from service.models import GuideVersion
from service.models import Outcome
from service.models import SessionStatus
from service.models import User
from service.models.sessions import ACTIVE_STATUSES

MAX_PAGE = 100
BAD_CURSOR = "cursor は前のページの next_cursor をそのまま送ってください。"
# How each outcome is stored: the expired ones also include live rows whose time ran out.
OUTCOME_STATUSES = {
    Outcome.COMPLETED: SessionStatus.COMPLETED,
    Outcome.NEEDS_OPERATOR: SessionStatus.NEEDS_OPERATOR,
    Outcome.ABANDONED: SessionStatus.REVOKED,
    Outcome.EXPIRED: SessionStatus.EXPIRED,
}


@dataclass(frozen=True)
class Filters:
    status: SessionStatus | None = None
    outcome: Outcome | None = None
    device: str | None = None
    guide: str | None = None
    operator: str | None = None  # an email address
    reference: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    # Only the sessions this condition keeps (an operator key: those it made).
    scope: ColumnElement[bool] | None = None


def page(
    filters: Filters, cursor: str | None, limit: int, now: datetime
) -> tuple[list[GuidanceSession], str | None]:
    """Return up to ``limit`` sessions after ``cursor``, and the cursor of the next page."""
    query = (
        select(GuidanceSession)
        .join(GuideVersion, GuidanceSession.guide_version_id == GuideVersion.id)
        .join(Guide, GuideVersion.guide_id == Guide.id)
        .join(Device, Guide.device_id == Device.id)
        .where(*_conditions(filters, now))
        .options(
            selectinload(GuidanceSession.operator),
            selectinload(GuidanceSession.guide_version)
            .selectinload(GuideVersion.guide)
            .selectinload(Guide.device),
        )
        .order_by(GuidanceSession.created_at.desc(), GuidanceSession.id.desc())
        .limit(limit + 1)
    )
    if cursor:
        at, session_id = _decode(cursor)
        query = query.where(
            or_(
                GuidanceSession.created_at < at,
                and_(GuidanceSession.created_at == at, GuidanceSession.id < session_id),
            )
        )
    rows = list(db.session.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, _encode(rows[-1]) if more else None


def _conditions(filters: Filters, now: datetime) -> list[ColumnElement[bool]]:
    conditions = [filters.scope if filters.scope is not None else true()]
    if filters.status is not None:
        conditions.append(_status_is(filters.status, now))
    if filters.outcome is not None:
        conditions.append(_status_is(OUTCOME_STATUSES[filters.outcome], now))
    if filters.device:
        conditions.append(Device.slug == filters.device)
    if filters.guide:
        conditions.append(Guide.slug == filters.guide)
    if filters.operator:
        operator = select(User.id).where(User.email == filters.operator.lower())
        conditions.append(GuidanceSession.operator_id.in_(operator.scalar_subquery()))
    if filters.reference:
        conditions.append(GuidanceSession.reference == filters.reference)
    if filters.created_from:
        conditions.append(GuidanceSession.created_at >= filters.created_from)
    if filters.created_to:
        conditions.append(GuidanceSession.created_at < filters.created_to)
    return conditions


def _status_is(status: SessionStatus, now: datetime) -> ColumnElement[bool]:
    """The status as ``status_at(now)`` gives it: a live row past its time is expired."""
    live = GuidanceSession.status.in_(ACTIVE_STATUSES)
    if status == SessionStatus.EXPIRED:
        return or_(
            GuidanceSession.status == status, and_(live, GuidanceSession.expires_at <= now)
        )
    if status in ACTIVE_STATUSES:
        return and_(GuidanceSession.status == status, GuidanceSession.expires_at > now)
    return GuidanceSession.status == status


def _encode(session: GuidanceSession) -> str:
    raw = f"{session.created_at.isoformat()}|{session.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, session_id = raw.split("|", 1)
        parsed = datetime.fromisoformat(at)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidInput("cursor", BAD_CURSOR) from None
    if parsed.tzinfo is None or len(session_id) > 32:
        raise InvalidInput("cursor", BAD_CURSOR)
    return parsed, session_id
