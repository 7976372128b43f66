"""Boxes on a screenshot as people and programs send them: ``x,y,w,h`` in its upright pixels."""

import re

from service.errors import InvalidInput

Box = tuple[int, int, int, int]

# Four whole numbers, split by commas (full-width ones too, as a Japanese keyboard types them).
BOX = re.compile(
    r"\s*([0-9]{1,6})\s*[,，、]\s*([0-9]{1,6})\s*[,，、]\s*([0-9]{1,6})\s*[,，、]\s*([0-9]{1,6})\s*"
)
SEPARATORS = re.compile(r"[\r\n;]+")
MAX_REDACTIONS = 20


def parse(text: str | None, field: str, what: str) -> Box | None:
    """Return ``x,y,w,h`` as a box, None for empty text, or refuse it."""
    if text is None or not text.strip():
        return None
    found = BOX.fullmatch(text.translate(_FULL_WIDTH_DIGITS))
    if found is None:
        raise InvalidInput(
            field, f"{what}は「x,y,幅,高さ」の4つの数（例：120,340,200,80）で書いてください。"
        )
    return tuple(int(n) for n in found.groups())


def parse_many(text: str | None, field: str, what: str) -> tuple[Box, ...]:
    """Return the boxes of ``text``, one per line (or split by ``;``)."""
    lines = [line for line in SEPARATORS.split(text or "") if line.strip()]
    if len(lines) > MAX_REDACTIONS:
        raise InvalidInput(field, f"{what}は {MAX_REDACTIONS} か所までです。")
    return tuple(parse(line, field, what) for line in lines)


def from_fields(values: list[str | None], field: str, what: str) -> Box | None:
    """Return the box of four separate number fields (x, y, w, h), None if all are empty."""
    if not any((v or "").strip() for v in values):
        return None
    return parse(",".join((v or "").strip() for v in values), field, what)


def check_inside(box: Box, size: tuple[int, int], field: str, what: str) -> None:
    """Refuse a box that is empty or reaches outside a picture of ``size``."""
    x, y, w, h = box
    width, height = size
    if w < 1 or h < 1 or x + w > width or y + h > height:
        raise InvalidInput(
            field,
            f"{what}（{x},{y},{w},{h}）が画像からはみ出しています。"
            f"画像は幅 {width}・高さ {height} です。",
        )


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
