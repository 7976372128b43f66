"""Reading what people and programs send: numbers in a range, bounded text, shallow JSON.

Each reader refuses with ``InvalidInput`` / ``InvalidJson`` what would otherwise break
further in: ``int()`` accepts 「²」 and 「①」 through ``str.isdigit()`` only to fail, takes
4,300 digits, and a number past the column's range fails only at the database.
"""

import json
import re

from service.errors import InvalidInput
from service.errors import InvalidJson

# Plain ASCII digits, few enough for any integer column.
DIGITS = re.compile(r"[0-9]{1,9}")
# No guide has anywhere near this many steps: a larger step number is not one.
MAX_STEP = 1000
MAX_JSON_DEPTH = 20
MAX_TEXT = 200
STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
BRACKETS = re.compile(rb"[\[\]{}]")


def number(raw: str | None, field: str, low: int, high: int, message: str) -> int:
    """Return form text such as "12" as an integer from ``low`` to ``high``, or refuse it."""
    if raw is None or not DIGITS.fullmatch(raw.strip()):
        raise InvalidInput(field, message)
    return _within(int(raw.strip()), field, low, high, message)


def integer(raw: object, field: str, low: int, high: int, message: str) -> int:
    """Return a JSON value that is an integer from ``low`` to ``high`` (not a bool or "12")."""
    if not isinstance(raw, int) or isinstance(raw, bool):
        raise InvalidInput(field, message)
    return _within(raw, field, low, high, message)


def _within(value: int, field: str, low: int, high: int, message: str) -> int:
    if not low <= value <= high:
        raise InvalidInput(field, message)
    return value


def text(raw: object, field: str, message: str, limit: int = MAX_TEXT) -> str:
    """Return ``raw`` stripped, if it is a non-empty string of at most ``limit`` characters."""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > limit:
        raise InvalidInput(field, message)
    return raw.strip()


def json_object(body: bytes, required: bool = True) -> dict:
    """Return a request body as a JSON object; an empty body is ``{}`` unless ``required``."""
    if not body.strip():
        if required:
            raise InvalidJson("本文には JSON のオブジェクトを送ってください。")
        return {}
    if _depth(body) > MAX_JSON_DEPTH:
        raise InvalidJson(f"JSON の入れ子は {MAX_JSON_DEPTH} 段までにしてください。")
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        raise InvalidJson("本文を JSON として読み取れません。") from None
    if not isinstance(value, dict):
        raise InvalidJson("本文には JSON のオブジェクトを送ってください。")
    return value


def _depth(body: bytes) -> int:
    """Return how deep a JSON text nests, without parsing it (brackets in strings skipped)."""
    depth = deepest = 0
    for bracket in BRACKETS.findall(STRINGS.sub(b"", body)):
        depth += 1 if bracket in b"[{" else -1
        deepest = max(deepest, depth)
    return deepest
