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
# A JSON string. An unterminated one runs to the end (a lone last backslash included), so
# every match succeeds at its first try: one pass, linear time, whatever the body (strings
# that never close used to cost a rescan per quote: minutes for 40 KB of \").
STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*(?:"|\\?\Z)', re.DOTALL)
# Every bracket as ( or ), every other byte dropped.
BRACKETS = bytes.maketrans(b"[{]}", b"(())")
NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))


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
    if _too_deep(body):
        raise InvalidJson(f"JSON の入れ子は {MAX_JSON_DEPTH} 段までにしてください。")
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        raise InvalidJson("本文を JSON として読み取れません。") from None
    if not isinstance(value, dict):
        raise InvalidJson("本文には JSON のオブジェクトを送ってください。")
    return value


def _too_deep(body: bytes) -> bool:
    """Whether a JSON text nests deeper than ``MAX_JSON_DEPTH``, without parsing it.

    Each round deletes the innermost pairs, so a pair left after ``MAX_JSON_DEPTH`` rounds
    sits deeper; each round is one pass in C, so a 2 MiB body takes milliseconds.
    """
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return False
    brackets = STRINGS.sub(b"", body).translate(BRACKETS, NOT_BRACKETS)
    too_many_opens = b"(" * (MAX_JSON_DEPTH + 1)  # in a row: that deep already
    for _ in range(MAX_JSON_DEPTH):
        if too_many_opens in brackets:
            return True
        brackets = brackets.replace(b"()", b"")
    return b"()" in brackets
