"""Small flat symbols drawn from shapes (no font, no copied logo): a handset, an envelope, a
speech bubble, a gear and the like. Each takes a centre and a half-size ``s`` in pixels.
"""

import math

from PIL import ImageDraw

Point = tuple[int, int]


def _rotated(points: list[tuple[float, float]], cx: int, cy: int, degrees: float) -> list[Point]:
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return [(round(cx + x * cos - y * sin), round(cy + x * sin + y * cos)) for x, y in points]


def handset(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill, degrees: float = 0) -> None:
    """A telephone handset, ear piece at the upper left; ``degrees`` turns it clockwise."""
    radius, width = 1.25 * s, 0.3 * s
    outer, inner = [], []
    steps = 28
    for step in range(steps + 1):
        t = step / steps
        angle = math.radians(82 + 106 * t)
        # The ear and mouth pieces stand out towards the face (the inside of the curve).
        cap = 0.36 * s * min(1.0, max(0.0, (0.26 - min(t, 1 - t)) / 0.06))
        for ring, r in ((outer, radius + width / 2), (inner, radius - width / 2 - cap)):
            ring.append((r * math.cos(angle), r * math.sin(angle)))
    points = outer + inner[::-1]
    # Centre the drawing on (cx, cy) whatever the curve's own centre.
    mid_x = (min(x for x, _ in points) + max(x for x, _ in points)) / 2
    mid_y = (min(y for _, y in points) + max(y for _, y in points)) / 2
    draw.polygon(_rotated([(x - mid_x, y - mid_y) for x, y in points], cx, cy, degrees), fill=fill)


def hang_up(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    """The handset lying down, as on a red end-call button."""
    handset(draw, cx, cy, s, fill, degrees=135)


def envelope(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill, line) -> None:
    """A letter: a white rectangle with its flap drawn in ``line``."""
    h = s * 2 // 3
    draw.rectangle((cx - s, cy - h, cx + s, cy + h), fill=fill)
    draw.line((cx - s, cy - h, cx, cy + h // 4, cx + s, cy - h), fill=line, width=max(2, s // 7))


def bubble(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill, square: bool = False) -> None:
    """A speech bubble with its tail at the lower left; ``square`` gives a rounded box."""
    if square:
        draw.rounded_rectangle(
            (cx - s, cy - s * 3 // 4, cx + s, cy + s // 2), radius=s // 3, fill=fill
        )
        draw.polygon([(cx - s, cy), (cx - s, cy + s), (cx - s // 3, cy + s // 2)], fill=fill)
        return
    draw.ellipse((cx - s, cy - s * 3 // 4, cx + s, cy + s * 2 // 3), fill=fill)
    draw.polygon(
        [(cx - s // 2, cy + s // 3), (cx - s * 3 // 4, cy + s), (cx - s // 8, cy + s // 2)],
        fill=fill,
    )


def plus(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    width = max(3, s // 3)
    draw.line((cx - s, cy, cx + s, cy), fill=fill, width=width)
    draw.line((cx, cy - s, cx, cy + s), fill=fill, width=width)


def letter_m(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    """A bold 「M」 drawn as one line (Gmail's letter, in flat red)."""
    h = s * 3 // 4
    points = [
        (cx - s, cy + h),
        (cx - s, cy - h),
        (cx, cy + h // 5),
        (cx + s, cy - h),
        (cx + s, cy + h),
    ]
    draw.line(points, fill=fill, width=max(4, s // 3), joint="curve")


def globe(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    width = max(3, s // 6)
    draw.ellipse((cx - s, cy - s, cx + s, cy + s), outline=fill, width=width)
    draw.ellipse((cx - s // 2, cy - s, cx + s // 2, cy + s), outline=fill, width=width)
    draw.line((cx - s, cy, cx + s, cy), fill=fill, width=width)


def compass(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill, needle) -> None:
    draw.ellipse((cx - s, cy - s, cx + s, cy + s), outline=fill, width=max(3, s // 5))
    draw.polygon(
        [(cx + s // 2, cy - s // 2), (cx - s // 5, cy - s // 5), (cx + s // 5, cy + s // 5)],
        fill=needle,
    )
    draw.polygon(
        [(cx - s // 2, cy + s // 2), (cx - s // 5, cy - s // 5), (cx + s // 5, cy + s // 5)],
        fill=fill,
    )


def tricolour_ring(
    draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, colours, centre, gap
) -> None:
    """A ring in three coloured thirds around a dot (a browser's round mark, simplified)."""
    box = (cx - s, cy - s, cx + s, cy + s)
    for index, colour in enumerate(colours):
        draw.pieslice(box, start=-90 + 120 * index, end=30 + 120 * index, fill=colour)
    draw.ellipse(
        (cx - s * 11 // 20, cy - s * 11 // 20, cx + s * 11 // 20, cy + s * 11 // 20), fill=gap
    )
    draw.ellipse((cx - s * 2 // 5, cy - s * 2 // 5, cx + s * 2 // 5, cy + s * 2 // 5), fill=centre)


def gear(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill, hole) -> None:
    teeth = []
    for index in range(16):
        r = s if index % 2 == 0 else s * 3 // 4
        for half in (-1, 1):
            angle = math.radians(index * 22.5 + half * 7)
            teeth.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon([(round(x), round(y)) for x, y in teeth], fill=fill)
    draw.ellipse((cx - s // 3, cy - s // 3, cx + s // 3, cy + s // 3), fill=hole)


def camera(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill, lens) -> None:
    draw.rounded_rectangle(
        (cx - s, cy - s * 3 // 5, cx + s, cy + s * 2 // 3), radius=s // 4, fill=fill
    )
    draw.rectangle((cx - s // 3, cy - s * 4 // 5, cx + s // 3, cy - s * 3 // 5), fill=fill)
    draw.ellipse(
        (cx - s // 2, cy - s // 2 + s // 10, cx + s // 2, cy + s // 2 + s // 10), fill=lens
    )
    draw.ellipse(
        (cx - s // 4, cy - s // 4 + s // 10, cx + s // 4, cy + s // 4 + s // 10), fill=fill
    )


def picture(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill, sun) -> None:
    """A photo: a sun over two hills."""
    draw.ellipse((cx + s // 4, cy - s * 3 // 4, cx + s * 3 // 4, cy - s // 4), fill=sun)
    draw.polygon(
        [(cx - s, cy + s * 2 // 3), (cx - s // 3, cy - s // 4), (cx + s // 3, cy + s * 2 // 3)],
        fill=fill,
    )
    draw.polygon(
        [(cx - s // 6, cy + s * 2 // 3), (cx + s // 2, cy), (cx + s, cy + s * 2 // 3)], fill=fill
    )


def clock_face(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, face, hands) -> None:
    draw.ellipse((cx - s, cy - s, cx + s, cy + s), fill=face)
    draw.line((cx, cy, cx, cy - s * 3 // 4), fill=hands, width=max(3, s // 6))
    draw.line((cx, cy, cx + s // 2, cy + s // 4), fill=hands, width=max(3, s // 6))


def copy_icon(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    """Two overlapping sheets, the usual sign for copying."""
    width = max(3, s // 5)
    draw.rounded_rectangle(
        (cx - s, cy - s, cx + s // 3, cy + s // 2), radius=3, outline=fill, width=width
    )
    draw.rounded_rectangle(
        (cx - s // 3, cy - s // 2, cx + s, cy + s), radius=3, outline=fill, width=width
    )


def magnifier(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    width = max(3, s // 4)
    draw.ellipse((cx - s, cy - s, cx + s // 3, cy + s // 3), outline=fill, width=width)
    draw.line((cx + s // 6, cy + s // 6, cx + s, cy + s), fill=fill, width=width)


def person(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    """A head and shoulders, as on a contact's round picture."""
    draw.ellipse((cx - s * 2 // 5, cy - s * 4 // 5, cx + s * 2 // 5, cy), fill=fill)
    draw.pieslice(
        (cx - s * 4 // 5, cy + s // 8, cx + s * 4 // 5, cy + s * 3 // 2), 180, 360, fill=fill
    )


def lines(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill, count: int = 3) -> None:
    """Horizontal strokes: the ≡ of a menu, or lines of text."""
    width = max(3, s // 4)
    for index in range(count):
        y = cy - s * 2 // 3 + index * (s * 4 // 3) // max(1, count - 1)
        draw.line((cx - s, y, cx + s, y), fill=fill, width=width)


def dots(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    """Three dots one above the other: an Android app's ⋮ menu."""
    r = max(3, s // 4)
    for dy in (-s * 3 // 4, 0, s * 3 // 4):
        draw.ellipse((cx - r, cy + dy - r, cx + r, cy + dy + r), fill=fill)
