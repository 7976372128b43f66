"""The phone itself: a call in progress, the home screens and the recent-apps switcher."""

from service.illustrate import call_glyphs
from service.illustrate import glyphs
from service.illustrate.canvas import DARK
from service.illustrate.canvas import END_RED
from service.illustrate.canvas import INK
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import Canvas
from service.illustrate.frames import IPHONE_CALL_IOS16
from service.illustrate.frames import Frame
from service.illustrate.screens.common import CALL_TIME
from service.illustrate.screens.common import call_indicator
from service.illustrate.screens.common import fitted
from service.illustrate.screens.common import status_bar
from service.illustrate.screens.icons import icon
from service.illustrate.screens.registry import screen

KEY_GREY = (88, 94, 106)


@screen("call")
def call(canvas: Canvas, frame: Frame, caller: str = "お店", ios16: bool = False) -> None:
    """An ongoing call: iOS 17+ buttons at the bottom with the red button among them, Android's
    round buttons over a red button, or the big labelled keys of phones for seniors.
    ``ios16`` draws the iPhone's old screen (buttons in the middle, 連絡先, red button below)."""
    canvas.fill_screen(DARK)
    status_bar(canvas, dark=True)
    cx, top = canvas.centre_x, canvas.top
    if frame.call_style == "large":
        _large_call(canvas, frame, caller)
        return
    canvas.text((cx, top + 130), caller, 40, fill=PAPER, anchor="mm")
    duration = CALL_TIME if frame.call_style == "ios" else f"通話中 {CALL_TIME}"
    canvas.text((cx, top + 178), duration, 24, fill=(220, 220, 220), anchor="mm")
    if frame.call_style == "ios" and not ios16:
        # iOS 17+: two rows at the bottom; the red button is the middle of the lower row. Above
        # the home line the rows leave room for the swipe up, so that it crosses no button.
        lift = 170 if canvas.nav == "island" else 0
        rows = (canvas.bottom - 336 - lift, canvas.bottom - 180 - lift)
        _round_keys(canvas, frame.call_labels, rows, end="終了")
        return
    labels = IPHONE_CALL_IOS16 if frame.call_style == "ios" else frame.call_labels
    _round_keys(canvas, labels, (top + 220, top + 372))
    end_y = min(canvas.bottom - 110, top + 520)
    if frame.call_style == "ios":
        end = (cx - 46, end_y, cx + 46, end_y + 92)
        canvas.draw.ellipse(end, fill=END_RED)
    else:
        end = (cx - 70, end_y, cx + 70, end_y + 84)
        canvas.draw.rounded_rectangle(end, radius=42, fill=END_RED)
    glyphs.hang_up(canvas.draw, cx, (end[1] + end[3]) // 2, 24, PAPER)
    canvas.target("終了", end)


def _round_keys(canvas: Canvas, labels, rows: tuple[int, int], end: str | None = None) -> None:
    """Six round buttons in two rows of three, each labelled below; ``end`` is the red one."""
    size = 92
    gap = (canvas.right - canvas.left - 3 * size) // 4
    for index, label in enumerate(labels):
        row, col = divmod(index, 3)
        x, y = canvas.left + gap + col * (size + gap), rows[row]
        mx, my = x + size // 2, y + size // 2
        red = label == end
        canvas.draw.ellipse((x, y, x + size, y + size), fill=END_RED if red else KEY_GREY)
        if red:
            glyphs.hang_up(canvas.draw, mx, my, 24, PAPER)
        elif label in call_glyphs.CALL_GLYPHS:
            call_glyphs.CALL_GLYPHS[label](canvas.draw, mx, my, 22, PAPER)
        label_size = fitted(canvas, label, 20, size + gap - 6)
        box = canvas.text((mx, y + size + 22), label, label_size, fill=PAPER, anchor="mm")
        canvas.target(label, (min(x, box[0]), y, max(x + size, box[2]), max(y + size, box[3])))


def _large_call(canvas: Canvas, frame: Frame, caller: str) -> None:
    """Phones for seniors: big rectangular keys with words, and a wide red button with a word."""
    draw, left, right = canvas.draw, canvas.left, canvas.right
    end_y = canvas.bottom - 104
    grid_top = end_y - 16 - 3 * 92
    name_y = (canvas.top + 50 + grid_top) // 2 - 14
    canvas.text((canvas.centre_x, name_y), caller, 36, fill=PAPER, anchor="mm")
    canvas.text((canvas.centre_x, name_y + 40), f"通話中 {CALL_TIME}", 22, fill=PAPER, anchor="mm")
    width = (right - left - 48) // 2
    for index, label in enumerate(frame.call_labels):
        row, col = divmod(index, 2)
        x, y = left + 16 + col * (width + 16), grid_top + row * 92
        key = (x, y, x + width, y + 80)
        draw.rounded_rectangle(key, radius=14, fill=PAPER)
        if label in call_glyphs.CALL_GLYPHS:
            call_glyphs.CALL_GLYPHS[label](draw, x + width // 2, y + 24, 14, INK)
        size = fitted(canvas, label, 26, width - 16)
        canvas.text((x + width // 2, y + 60), label, size, anchor="mm")
        canvas.target(label, key)
    end = (left + 16, end_y, right - 16, end_y + 84)
    draw.rounded_rectangle(end, radius=16, fill=END_RED)
    word = frame.end_label
    word_width = canvas.width_of(word, 30)
    glyph_x = canvas.centre_x - (word_width + 64) // 2 + 22
    glyphs.hang_up(draw, glyph_x, end_y + 42, 22, PAPER)
    canvas.text((glyph_x + 42, end_y + 42), word, 30, fill=PAPER, anchor="lm")
    canvas.target("終了", end)
    canvas.target(word, end)


def default_apps(frame: Frame) -> list[str]:
    """The home screen's apps when a spec names none, with this phone's messages and browser."""
    return ["電話", frame.messages_app, frame.browser, "メール", "カメラ", "写真", "設定", "時計"]


@screen("home")
def home(
    canvas: Canvas, frame: Frame, apps: list[str] | None = None, call_in_progress: bool = False
) -> None:
    """The home screen: a grid of labelled icons; optionally the sign of a call in progress."""
    status_bar(canvas)
    if call_in_progress:
        call_indicator(canvas)
    apps = apps or default_apps(frame)
    size, columns = 104, 3
    gap = ((canvas.right - canvas.left) - columns * size) // (columns + 1)
    for index, name in enumerate(apps):
        row, col = divmod(index, columns)
        x, y = canvas.left + gap + col * (size + gap), canvas.top + 80 + row * (size + 70)
        icon(canvas, name, (x, y, x + size, y + size))
        label_size = fitted(canvas, name, 22, size + gap - 8)
        label = canvas.text((x + size // 2, y + size + 22), name, label_size, anchor="mm")
        canvas.target(name, (min(x, label[0]), y, max(x + size, label[2]), label[3]))


@screen("home_large")
def home_large(
    canvas: Canvas, frame: Frame, tiles: list[str] | None = None, call_in_progress: bool = False
) -> None:
    """The simple home screen of phones for seniors: big labelled tiles, two per row."""
    status_bar(canvas)
    if call_in_progress:
        call_indicator(canvas)
    tiles = tiles or ["電話", "メール", frame.messages_app, frame.browser, "カメラ", "写真"]
    gap = 20
    width = (canvas.right - canvas.left - 3 * gap) // 2
    height = 130
    for index, name in enumerate(tiles):
        row, col = divmod(index, 2)
        x = canvas.left + gap + col * (width + gap)
        y = canvas.top + 60 + row * (height + gap)
        box = (x, y, x + width, y + height)
        canvas.draw.rounded_rectangle(box, radius=18, fill=PAPER, outline=(160, 160, 170), width=3)
        icon(canvas, name, (x + width // 2 - 36, y + 14, x + width // 2 + 36, y + 86))
        canvas.text(
            (x + width // 2, y + 108), name, fitted(canvas, name, 26, width - 16), anchor="mm"
        )
        canvas.target(name, box)


@screen("app_switcher")
def app_switcher(canvas: Canvas, frame: Frame, apps: list[str] | None = None) -> None:
    """Recently used apps as cards side by side (アプリ履歴 / App Switcher)."""
    canvas.fill_screen((70, 72, 80))
    apps = apps or [frame.messages_app, frame.browser]
    gap = 20
    width = min(190, (canvas.right - canvas.left - (len(apps) + 1) * gap) // len(apps))
    x = canvas.centre_x - (len(apps) * width + (len(apps) - 1) * gap) // 2
    for name in apps:
        card = (x, canvas.top + 160, x + width, canvas.top + 520)
        canvas.draw.rounded_rectangle(card, radius=20, fill=PAPER)
        icon(canvas, name, (x, canvas.top + 96, x + 52, canvas.top + 148))
        canvas.text(
            (x + 62, canvas.top + 108), name, fitted(canvas, name, 22, width - 62), fill=PAPER
        )
        if name == frame.browser:
            canvas.text((x + 16, card[1] + 30), "本人認証", 24)
            canvas.draw.rectangle(
                (x + 16, card[1] + 80, card[2] - 16, card[1] + 120), outline=INK, width=2
            )
        else:
            for line in range(4):
                y = card[1] + 30 + line * 50
                canvas.draw.rectangle((x + 16, y, card[2] - 30, y + 20), fill=(225, 225, 230))
        canvas.target(name, card)
        x += width + gap
