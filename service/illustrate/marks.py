"""Highlights that point at the one place to touch: a ring, an arrow, a fingertip, a swipe; and
one that warns off a place not to touch (``avoid``)."""

import math

from PIL import ImageDraw

from service.illustrate.canvas import PAPER
from service.illustrate.canvas import RING
from service.illustrate.canvas import WIDTH
from service.illustrate.canvas import Box


def ring(draw: ImageDraw.ImageDraw, box: Box) -> None:
    """A thick red frame around the target."""
    pad = 12
    draw.rounded_rectangle(
        (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad), radius=28, outline=RING, width=9
    )


def arrow(draw: ImageDraw.ImageDraw, box: Box) -> None:
    """A ring plus a red arrow pointing at it from below, for small targets."""
    ring(draw, box)
    cx, cy = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
    # Come in diagonally from the side with more room, so the arrow crosses little else.
    side = 1 if cx < WIDTH // 2 else -1
    if box[1] < 320:
        # Near the top of the phone: from beside it on the nearer side, not across the icons.
        left = cx <= WIDTH // 2
        tip = (box[0] - 14, cy + 6) if left else (box[2] + 14, cy + 6)
        tail = (20, cy + 56) if left else (WIDTH - 20, cy + 56)
        _arrow_line(draw, tail, tip)
        return
    tip = (cx + side * 10, box[3] + 20)
    tail = (cx + side * 150, box[3] + 170)
    _arrow_line(draw, tail, tip)


def tap(draw: ImageDraw.ImageDraw, box: Box) -> None:
    """A fingertip just below the target, with ripples around the target, as if touched."""
    ring(draw, box)
    cx, bottom = (box[0] + box[2]) // 2, box[3]
    draw.ellipse((cx - 26, bottom + 6, cx + 26, bottom + 58), fill=RING, outline=PAPER, width=5)


def swipe_up(draw: ImageDraw.ImageDraw, box: Box) -> None:
    """A fingertip at the target with an arrow sweeping upwards from it (short, so that from the
    bottom edge it stops below a call screen's buttons)."""
    cx, cy = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
    _arrow_line(draw, (cx, cy), (cx, cy - 170))
    draw.ellipse((cx - 24, cy - 24, cx + 24, cy + 24), fill=RING, outline=PAPER, width=4)


def swipe_down(draw: ImageDraw.ImageDraw, box: Box) -> None:
    """A fingertip at the target with an arrow sweeping downwards from it."""
    cx, cy = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
    _arrow_line(draw, (cx, cy), (cx, cy + 260))
    draw.ellipse((cx - 24, cy - 24, cx + 24, cy + 24), fill=RING, outline=PAPER, width=4)


def avoid(draw: ImageDraw.ImageDraw, box: Box) -> None:
    """A ring round the place and a "do not" sign beside it, for a button not to press."""
    ring(draw, box)
    cx, cy = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
    sx = box[2] + 76 if cx > WIDTH // 2 else box[0] - 76
    sx = min(max(sx, 56), WIDTH - 56)
    draw.ellipse((sx - 46, cy - 46, sx + 46, cy + 46), fill=PAPER, outline=RING, width=11)
    draw.line((sx - 30, cy - 30, sx + 30, cy + 30), fill=RING, width=11)


def _arrow_line(draw: ImageDraw.ImageDraw, tail: tuple[int, int], tip: tuple[int, int]) -> None:
    draw.line((tail, tip), fill=RING, width=12)
    angle = math.atan2(tip[1] - tail[1], tip[0] - tail[0])
    head = [
        tip,
        (
            round(tip[0] - 40 * math.cos(angle - 0.5)),
            round(tip[1] - 40 * math.sin(angle - 0.5)),
        ),
        (
            round(tip[0] - 40 * math.cos(angle + 0.5)),
            round(tip[1] - 40 * math.sin(angle + 0.5)),
        ),
    ]
    draw.polygon(head, fill=RING)


MARKS = {
    "ring": ring,
    "arrow": arrow,
    "tap": tap,
    "swipe_up": swipe_up,
    "swipe_down": swipe_down,
    "avoid": avoid,
}
