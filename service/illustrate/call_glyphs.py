"""The symbols on a call screen's buttons (speaker, camera, microphone, keypad ...), by label."""

from PIL import ImageDraw

from service.illustrate.glyphs import person
from service.illustrate.glyphs import plus


def speaker(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    """A loudspeaker with two sound waves."""
    draw.polygon(
        [
            (cx - s, cy - s // 3),
            (cx - s // 2, cy - s // 3),
            (cx, cy - s),
            (cx, cy + s),
            (cx - s // 2, cy + s // 3),
            (cx - s, cy + s // 3),
        ],
        fill=fill,
    )
    width = max(2, s // 5)
    for r in (s // 2, s):
        draw.arc(
            (cx - r + s // 4, cy - r, cx + r + s // 4, cy + r), -50, 50, fill=fill, width=width
        )


def video(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    """A video camera (FaceTime, video call)."""
    draw.rounded_rectangle(
        (cx - s, cy - s * 3 // 5, cx + s // 3, cy + s * 3 // 5), radius=s // 5, fill=fill
    )
    draw.polygon([(cx + s // 3, cy), (cx + s, cy - s // 2), (cx + s, cy + s // 2)], fill=fill)


def mic(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill, crossed: bool = True) -> None:
    """A microphone, crossed out for mute."""
    width = max(2, s // 5)
    draw.rounded_rectangle(
        (cx - s // 3, cy - s, cx + s // 3, cy + s // 4), radius=s // 3, fill=fill
    )
    draw.arc(
        (cx - s * 2 // 3, cy - s * 2 // 3, cx + s * 2 // 3, cy + s * 2 // 3),
        20,
        160,
        fill=fill,
        width=width,
    )
    draw.line((cx, cy + s * 2 // 3, cx, cy + s), fill=fill, width=width)
    if crossed:
        draw.line(
            (cx - s * 3 // 4, cy - s * 3 // 4, cx + s * 3 // 4, cy + s * 3 // 4),
            fill=fill,
            width=width,
        )


def row_of_dots(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    """Three dots side by side: その他 (more)."""
    r = max(3, s // 4)
    for dx in (-s * 3 // 4, 0, s * 3 // 4):
        draw.ellipse((cx + dx - r, cy - r, cx + dx + r, cy + r), fill=fill)


def keypad(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    """Nine dots in a square: the number keys."""
    r = max(2, s // 6)
    for row in (-1, 0, 1):
        for col in (-1, 0, 1):
            x, y = cx + col * s * 2 // 3, cy + row * s * 2 // 3
            draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def pause(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    """Two bars: hold."""
    for dx in (-s // 2, s // 6):
        draw.rectangle((cx + dx, cy - s * 2 // 3, cx + dx + s // 3, cy + s * 2 // 3), fill=fill)


def record(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    """A dot in a ring: recording."""
    draw.ellipse(
        (cx - s * 3 // 4, cy - s * 3 // 4, cx + s * 3 // 4, cy + s * 3 // 4),
        outline=fill,
        width=max(2, s // 6),
    )
    draw.ellipse((cx - s // 3, cy - s // 3, cx + s // 3, cy + s // 3), fill=fill)


def add_person(draw: ImageDraw.ImageDraw, cx: int, cy: int, s: int, fill) -> None:
    """A person with a plus: add a call."""
    person(draw, cx - s // 4, cy + s // 6, s * 3 // 4, fill)
    plus(draw, cx + s * 2 // 3, cy - s // 3, s // 3, fill)


# The symbol drawn on each call-screen button, by its label.
CALL_GLYPHS = {
    "スピーカー": speaker,
    "FaceTime": video,
    "消音": mic,
    "ミュート": mic,
    "その他": row_of_dots,
    "キーパッド": keypad,
    "ダイヤル": keypad,
    "保留": pause,
    "録音": record,
    "通話を追加": add_person,
    "連絡先": person,
}
