"""GET /api/v1/sessions: the sessions an integration may see, filtered, a page at a time."""

from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import g
from flask import jsonify

from service.api import answers
from service.api import requests
from service.api import schemas
from service.api.spec import given
from service.api.spec import validate
from service.db import utcnow
from service.errors import InvalidInput
from service.sessions import access
from service.sessions import listing

# A date without a time is a day of the centre's calendar.
CENTRE_TIME = ZoneInfo("Asia/Tokyo")
DEFAULT_PAGE = 50


@validate(query=requests.SessionQuery, HTTP_200=answers.SessionPage)
def list_sessions():
    """List sessions newest first, filtered, a page at a time (pass next_cursor back)."""
    query = given().query
    filters = listing.Filters(
        status=query.status,
        outcome=query.outcome,
        device=query.device,
        guide=query.guide,
        operator=query.operator,
        reference=query.reference,
        created_from=_when(query.created_from, "created_from", end=False),
        created_to=_when(query.created_to, "created_to", end=True),
        scope=access.visible_to_key(g.api_key),
    )
    now = utcnow()
    limit = query.limit or DEFAULT_PAGE
    rows, cursor = listing.page(filters, query.cursor, limit, now)
    return jsonify(
        {"sessions": [schemas.session_json(row, now) for row in rows], "next_cursor": cursor}
    )


def _when(value: str | None, field: str, end: bool) -> datetime | None:
    """Read an ISO 8601 time with its offset, or a date (a whole day, the centre's time)."""
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
