"""Drawing pieces that several screens share: the status bar, the sign of a call going on, the
title bar, list rows, message bubbles, long-press menus and fitting a label to its width. App
icons are in ``icons``.
"""

from service.illustrate import glyphs
from service.illustrate.canvas import BLUE
from service.illustrate.canvas import DARK
from service.illustrate.canvas import GREEN
from service.illustrate.canvas import INK
from service.illustrate.canvas import MUTED
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import RULE
from service.illustrate.canvas import Canvas

CLOCK = "10:24"
# A received message's bubble: iPhone grey, Android a bluish grey.
BUBBLES = {"iphone": (229, 229, 234), "android": (226, 233, 246), "raku": (226, 236, 226)}
CALL_TIME = "02:15"


def status_bar(canvas: Canvas, dark: bool = False) -> None:
    """Draw the clock, signal and battery along the top as this family does; ``dark`` draws
    them white. An iPhone with a home button has its clock in the middle."""
    colour = PAPER if dark else INK
    draw, left, top, right = canvas.draw, canvas.left, canvas.top, canvas.right
    if canvas.family == "iphone":
        if canvas.nav == "home_button":
            for index in range(4):
                x = left + 16 + index * 9
                draw.rectangle((x, top + 32 - 4 * index, x + 5, top + 36), fill=colour)
            canvas.text((canvas.centre_x, top + 26), CLOCK, 22, fill=colour, anchor="mm")
        else:
            canvas.text((left + 72, top + 32), CLOCK, 24, fill=colour, anchor="mm")
        draw.rounded_rectangle(
            (right - 70, top + 20, right - 30, top + 38), radius=5, outline=colour, width=2
        )
        draw.rectangle((right - 66, top + 24, right - 40, top + 34), fill=colour)
        draw.rectangle((right - 28, top + 25, right - 25, top + 33), fill=colour)
        return
    size = 26 if canvas.family in ("raku", "basio") else 22
    canvas.text((left + 24, top + 12), CLOCK, size, fill=colour)
    draw.polygon(
        [(right - 84, top + 38), (right - 56, top + 38), (right - 56, top + 12)], fill=colour
    )
    draw.rectangle((right - 42, top + 12, right - 28, top + 38), outline=colour, width=2)
    draw.rectangle((right - 39, top + 18, right - 31, top + 35), fill=colour)


def call_indicator(canvas: Canvas) -> None:
    """The sign of a call going on, as this family shows it, as the target 通話に戻る: a green
    clock (iPhone with a home button), the grown Dynamic Island (iPhone without; drawn by the
    body on top), a green chip by the clock (Android)."""
    draw, top = canvas.draw, canvas.top
    if canvas.family == "iphone" and canvas.nav == "island":
        canvas.in_call = True
        return
    if canvas.family == "iphone":
        pill = (canvas.centre_x - 56, top + 8, canvas.centre_x + 56, top + 44)
        draw.rounded_rectangle(pill, radius=18, fill=GREEN)
        canvas.text((canvas.centre_x, top + 26), CLOCK, 22, fill=PAPER, anchor="mm")
        canvas.target("通話に戻る", pill)
        return
    # Android: to the right of the clock, short of the camera hole in the middle.
    x = canvas.left + (104 if canvas.family in ("raku", "basio") else 86)
    chip = (x, top + 8, x + 96, top + 44)
    draw.rounded_rectangle(chip, radius=18, fill=GREEN)
    glyphs.handset(draw, x + 20, top + 26, 10, PAPER)
    canvas.text((x + 62, top + 26), CALL_TIME, 18, fill=PAPER, anchor="mm")
    canvas.target("通話に戻る", chip)


def header(
    canvas: Canvas, title: str, back: bool = False, menu: bool = False, action: str | None = None
) -> int:
    """Draw an app's title bar (a blue ``action`` at its left); return where content starts."""
    y = canvas.top + 56
    action_right = canvas.left
    if action:
        box = canvas.text((canvas.left + 20, y + 6), action, 24, fill=BLUE)
        canvas.target(action, box)
        action_right = box[2]
        menu = True  # leave the left for the action
    if back:
        canvas.target("戻る", canvas.text((canvas.left + 20, y), "＜", 30, fill=BLUE))
    if menu and not action:
        x = canvas.left + 24
        for offset in (6, 18, 30):
            canvas.draw.rectangle((x, y + offset, x + 34, y + offset + 5), fill=INK)
        canvas.target("メニュー", (x - 6, y, x + 40, y + 40))
    title_x = action_right + 28 if action else canvas.left + (80 if menu or back else 24)
    canvas.text((title_x, y), title, 32)
    canvas.draw.line((canvas.left, y + 56, canvas.right, y + 56), fill=RULE, width=2)
    return y + 70


def rows(canvas: Canvas, y: int, items: list[tuple[str, str]], bold_first: bool = True) -> int:
    """A list of (title, detail) rows, each a target named by its title; return the end y."""
    for index, (title, detail) in enumerate(items):
        top = y + index * 112
        if bold_first and index == 0:
            canvas.draw.ellipse((canvas.left + 12, top + 28, canvas.left + 28, top + 44), fill=BLUE)
        canvas.text((canvas.left + 40, top + 12), title, 28)
        if detail:
            canvas.text((canvas.left + 40, top + 56), detail, 22, fill=MUTED)
        canvas.draw.line((canvas.left + 40, top + 106, canvas.right, top + 106), fill=RULE, width=2)
        canvas.target(title, (canvas.left + 6, top, canvas.right - 6, top + 100))
    return y + len(items) * 112


def bubble(canvas: Canvas, top: int, lines: list[str], code: str, name: str = "コード") -> int:
    """A received message with the code on its own line; return the bubble's bottom."""
    left, right = canvas.left + 20, canvas.right - 40
    height = 56 + 44 * len(lines) + 80
    fill = BUBBLES.get(canvas.family, (229, 229, 234))
    canvas.draw.rounded_rectangle((left, top, right, top + height), radius=28, fill=fill)
    y = top + 24
    for line in lines[:2]:
        canvas.text((left + 24, y), line, 24)
        y += 44
    canvas.target(name, canvas.text((left + 24, y + 4), code, 50))
    y += 80
    for line in lines[2:]:
        canvas.text((left + 24, y), line, 24)
        y += 44
    return top + height


def popup(canvas: Canvas, x: int, y: int, labels: list[str], light: bool = False) -> None:
    """A long-press menu with ``labels`` side by side, each a target: dark as on iPhone, or
    ``light`` (white with a shadow) as on Android."""
    widths = [canvas.width_of(label, 24) + 40 for label in labels]
    box = (x, y, x + sum(widths), y + 60)
    if light:
        shadow = (box[0] + 3, box[1] + 5, box[2] + 3, box[3] + 5)
        canvas.draw.rounded_rectangle(shadow, radius=30, fill=(180, 180, 188))
        canvas.draw.rounded_rectangle(box, radius=30, fill=PAPER, outline=(160, 160, 168), width=2)
    else:
        canvas.draw.rounded_rectangle(box, radius=12, fill=DARK)
    left = x
    for label, width in zip(labels, widths, strict=True):
        colour = INK if light else PAPER
        canvas.text((left + width // 2, y + 30), label, 24, fill=colour, anchor="mm")
        canvas.target(label, (left, y, left + width, y + 60))
        left += width


def fitted(canvas: Canvas, text: str, size: int, width: int) -> int:
    """Return the largest font size up to ``size`` at which ``text`` fits in ``width``."""
    while size > 12 and canvas.width_of(text, size) > width:
        size -= 1
    return size
