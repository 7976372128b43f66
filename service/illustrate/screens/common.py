"""Drawing pieces that several screens share: the status bar, title bar, app icons, list rows,
message bubbles, long-press menus and fitting a label to its width.
"""

from service.illustrate.canvas import BLUE
from service.illustrate.canvas import DARK
from service.illustrate.canvas import GREEN
from service.illustrate.canvas import INK
from service.illustrate.canvas import MUTED
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import RULE
from service.illustrate.canvas import Canvas

APP_COLOURS = {
    "電話": GREEN,
    "メッセージ": GREEN,
    "+メッセージ": (0, 110, 200),
    "Safari": (0, 110, 230),
    "Chrome": (200, 60, 50),
    "インターネット": (0, 110, 230),
    "メール": (0, 110, 230),
    "Gmail": (200, 60, 50),
    "ドコモメール": (200, 20, 40),
    "auメール": (230, 100, 0),
    "Yahoo!メール": (120, 40, 170),
    "設定": (110, 110, 120),
}


def status_bar(canvas: Canvas, dark: bool = False) -> None:
    """Draw the clock and battery along the top; ``dark`` draws them white."""
    colour = PAPER if dark else INK
    canvas.text((canvas.left + 24, canvas.top + 14), "10:24", 22, fill=colour)
    right, top = canvas.right, canvas.top
    canvas.draw.rectangle((right - 64, top + 18, right - 24, top + 36), outline=colour, width=2)
    canvas.draw.rectangle((right - 60, top + 22, right - 36, top + 32), fill=colour)


def header(
    canvas: Canvas, title: str, back: bool = False, menu: bool = False, action: str | None = None
) -> int:
    """Draw an app's title bar (a blue ``action`` at its left); return where content starts."""
    y = canvas.top + 56
    if action:
        canvas.target(action, canvas.text((canvas.left + 20, y + 6), action, 24, fill=BLUE))
        menu = True  # leave the left for the action
    if back:
        canvas.target("戻る", canvas.text((canvas.left + 20, y), "＜", 30, fill=BLUE))
    if menu and not action:
        x = canvas.left + 24
        for offset in (6, 18, 30):
            canvas.draw.rectangle((x, y + offset, x + 34, y + offset + 5), fill=INK)
        canvas.target("メニュー", (x - 6, y, x + 40, y + 40))
    title_x = canvas.left + (120 if action else 80 if menu or back else 24)
    canvas.text((title_x, y), title, 32)
    canvas.draw.line((canvas.left, y + 56, canvas.right, y + 56), fill=RULE, width=2)
    return y + 70


def icon(canvas: Canvas, name: str, box) -> None:
    """An app icon: a coloured tile with a white symbol, so it reads without its label."""
    draw = canvas.draw
    x0, y0, x1, y1 = box
    colour = canvas.colours.get(name) or APP_COLOURS.get(name, (120, 120, 130))
    draw.rounded_rectangle(box, radius=(x1 - x0) // 4, fill=colour)
    cx, cy, r = (x0 + x1) // 2, (y0 + y1) // 2, (x1 - x0) // 3
    if "メッセージ" in name:
        draw.ellipse((cx - r, cy - r * 3 // 4, cx + r, cy + r * 2 // 3), fill=PAPER)
        draw.polygon(
            [(cx - r // 2, cy + r // 3), (cx - r * 3 // 4, cy + r), (cx - r // 8, cy + r // 2)],
            fill=PAPER,
        )
        if name.startswith("+"):
            draw.line(
                (cx - r // 3, cy - r // 16, cx + r // 3, cy - r // 16), fill=(0, 110, 200), width=5
            )
            draw.line((cx, cy - r * 3 // 8, cx, cy + r // 4), fill=(0, 110, 200), width=5)
    elif "メール" in name or name == "Gmail":
        draw.rectangle((cx - r, cy - r * 2 // 3, cx + r, cy + r * 2 // 3), fill=PAPER)
        draw.line(
            (cx - r, cy - r * 2 // 3, cx, cy + r // 6, cx + r, cy - r * 2 // 3), fill=MUTED, width=4
        )
    elif name in ("Safari", "Chrome", "インターネット"):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=PAPER, width=6)
        draw.polygon(
            [(cx + r // 2, cy - r // 2), (cx - r // 5, cy - r // 5), (cx + r // 5, cy + r // 5)],
            fill=(230, 40, 40),
        )
        draw.polygon(
            [(cx - r // 2, cy + r // 2), (cx - r // 5, cy - r // 5), (cx + r // 5, cy + r // 5)],
            fill=PAPER,
        )
    elif name == "電話":
        draw.rounded_rectangle((cx - r // 3, cy - r, cx + r // 3, cy + r), radius=8, fill=PAPER)
    elif name == "設定":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=PAPER, width=8)
        draw.ellipse((cx - r // 3, cy - r // 3, cx + r // 3, cy + r // 3), fill=PAPER)
    else:
        draw.ellipse((cx - r // 2, cy - r // 2, cx + r // 2, cy + r // 2), fill=PAPER)


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
    canvas.draw.rounded_rectangle((left, top, right, top + height), radius=28, fill=(229, 229, 234))
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


def popup(canvas: Canvas, x: int, y: int, labels: list[str]) -> None:
    """A dark long-press menu with ``labels`` side by side, each a target."""
    widths = [canvas.width_of(label, 24) + 40 for label in labels]
    box = (x, y, x + sum(widths), y + 60)
    canvas.draw.rounded_rectangle(box, radius=12, fill=DARK)
    left = x
    for label, width in zip(labels, widths, strict=True):
        canvas.text((left + width // 2, y + 30), label, 24, fill=PAPER, anchor="mm")
        canvas.target(label, (left, y, left + width, y + 60))
        left += width


def fitted(canvas: Canvas, text: str, size: int, width: int) -> int:
    """Return the largest font size up to ``size`` at which ``text`` fits in ``width``."""
    while size > 12 and canvas.width_of(text, size) > width:
        size -= 1
    return size
