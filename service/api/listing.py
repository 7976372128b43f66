"""GET /api/v1/sessions: the sessions an integration may see, filtered, a page at a time."""

from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import g
from flask import jsonify
from flask import request

from service import inputs
from service.api import schemas
from service.db import utcnow
from service.errors import InvalidInput
from service.models import Outcome
from service.models import SessionStatus
from service.sessions import access
from service.sessions import listing

# A date without a time is a day of the centre's calendar.
CENTRE_TIME = ZoneInfo("Asia/Tokyo")
DEFAULT_PAGE = 50


def list_sessions():
    """List sessions newest first: ?status=&outcome=&device=&guide=&operator=&reference=
    &created_from=&created_to=&limit=&cursor=."""
    args = request.args
    filters = listing.Filters(
        status=_choice(args, "status", SessionStatus),
        outcome=_choice(args, "outcome", Outcome),
        device=_text(args, "device"),
        guide=_text(args, "guide"),
        operator=_text(args, "operator", 254),
        reference=_text(args, "reference", 100),
        created_from=_when(args, "created_from", end=False),
        created_to=_when(args, "created_to", end=True),
        scope=access.visible_to_key(g.api_key),
    )
    limit = DEFAULT_PAGE
    if "limit" in args:
        message = f"'limit' は 1 から {listing.MAX_PAGE} の整数で送ってください。"
        limit = inputs.number(args["limit"], "limit", 1, listing.MAX_PAGE, message)
    now = utcnow()
    rows, cursor = listing.page(filters, _text(args, "cursor", 200), limit, now)
    return jsonify(
        {"sessions": [schemas.session_json(row, now) for row in rows], "next_cursor": cursor}
    )


def _text(args, field: str, limit: int = schemas.SLUG_LIMIT) -> str | None:
    value = args.get(field)
    if value is None or value == "":
        return None
    if len(value) > limit:
        raise InvalidInput(field, f"'{field}' は {limit} 文字までです。")
    return value


def _choice(args, field: str, kind):
    value = _text(args, field)
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        names = "、".join(member.value for member in kind)
        raise InvalidInput(field, f"'{field}' は次のどれかです：{names}") from None


def _when(args, field: str, end: bool) -> datetime | None:
    """Read an ISO 8601 time with its offset, or a date (a whole day, the centre's time)."""
    value = _text(args, field, 40)
    if value is None:
        return None
    message = f"'{field}' は 2026-12-03 か 2026-12-03T09:00:00+09:00 の形で送ってください。"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, message) from None
    if len(value) == 10:  # a date: from its first moment, or up to the next day's
        day = datetime.combine(parsed.date(), time(), CENTRE_TIME)
        return day + timedelta(days=1) if end else day
    if parsed.tzinfo is None:
        raise InvalidInput(field, message)
    return parsed
