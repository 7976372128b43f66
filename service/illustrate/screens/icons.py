"""App icons: a coloured tile with a flat white symbol, so each reads without its label.

Simple shapes that recall each app (a green phone, a speech bubble, Gmail's 「M」, a compass),
never a copy of its logo.
"""

from service.illustrate import glyphs
from service.illustrate.canvas import GREEN
from service.illustrate.canvas import MUTED
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import RULE
from service.illustrate.canvas import Canvas

GOOGLE_BLUE = (26, 115, 232)
APP_COLOURS = {
    "電話": GREEN,
    "メッセージ": GREEN,
    "+メッセージ": (0, 110, 200),
    "Safari": (0, 110, 230),
    "Chrome": PAPER,
    "インターネット": (0, 110, 230),
    "メール": (0, 110, 230),
    "Gmail": PAPER,
    "ドコモメール": (200, 20, 40),
    "auメール": (230, 100, 0),
    "Yahoo!メール": (120, 40, 170),
    "設定": (110, 110, 120),
    "カメラ": (70, 70, 78),
    "写真": (84, 150, 226),
    "時計": (20, 20, 24),
}
ENVELOPES = {"メール", "ドコモメール", "auメール", "Yahoo!メール"}


def google_messages(canvas: Canvas, name: str) -> bool:
    """Whether ``name`` is Google メッセージ on this phone (an Android family's メッセージ)."""
    return name == "メッセージ" and (
        name in canvas.colours or canvas.family in ("android", "basio")
    )


def icon(canvas: Canvas, name: str, box) -> None:
    """Draw the icon of app ``name`` filling ``box``."""
    draw = canvas.draw
    x0, y0, x1, y1 = box
    google = google_messages(canvas, name)
    colour = canvas.colours.get(name) or (
        GOOGLE_BLUE if google else APP_COLOURS.get(name, (120, 120, 130))
    )
    outline = RULE if colour == PAPER else None
    draw.rounded_rectangle(box, radius=(x1 - x0) // 4, fill=colour, outline=outline, width=2)
    cx, cy, r = (x0 + x1) // 2, (y0 + y1) // 2, (x1 - x0) // 3
    if name == "電話":
        glyphs.handset(draw, cx, cy, r, PAPER)
    elif google:
        glyphs.bubble(draw, cx, cy, r, PAPER, square=True)
        for dy in (-r // 3, r // 6):
            draw.line(
                (cx - r // 2, cy + dy, cx + r // 2, cy + dy), fill=colour, width=max(3, r // 6)
            )
    elif name == "+メッセージ":
        glyphs.bubble(draw, cx, cy, r, PAPER)
        glyphs.plus(draw, cx, cy - r // 16, r * 2 // 5, colour)
    elif "メッセージ" in name:
        glyphs.bubble(draw, cx, cy, r, PAPER)
    elif name == "Gmail":
        glyphs.letter_m(draw, cx, cy, r, (212, 50, 40))
    elif name in ENVELOPES or "メール" in name:
        glyphs.envelope(draw, cx, cy, r, PAPER, MUTED)
    elif name == "Safari":
        glyphs.compass(draw, cx, cy, r, PAPER, (230, 40, 40))
    elif name == "Chrome":
        ring = ((219, 68, 55), (244, 180, 0), (15, 157, 88))
        glyphs.tricolour_ring(draw, cx, cy, r, ring, GOOGLE_BLUE, PAPER)
    elif name == "インターネット":
        glyphs.globe(draw, cx, cy, r, PAPER)
    elif name == "設定":
        glyphs.gear(draw, cx, cy, r, PAPER, colour)
    elif name == "カメラ":
        glyphs.camera(draw, cx, cy, r, PAPER, colour)
    elif name == "写真":
        glyphs.picture(draw, cx, cy, r, PAPER, (255, 214, 64))
    elif name == "時計":
        glyphs.clock_face(draw, cx, cy, r, PAPER, colour)
    else:
        draw.ellipse((cx - r // 2, cy - r // 2, cx + r // 2, cy + r // 2), fill=PAPER)
