"""The phone itself: a call in progress, the home screens and the recent-apps switcher."""

from service.illustrate.canvas import DARK
from service.illustrate.canvas import GREEN
from service.illustrate.canvas import INK
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import Canvas
from service.illustrate.frames import Frame
from service.illustrate.screens.common import fitted
from service.illustrate.screens.common import icon
from service.illustrate.screens.common import status_bar
from service.illustrate.screens.registry import screen


@screen("call")
def call(canvas: Canvas, frame: Frame, caller: str = "お店") -> None:
    """An ongoing call with its six buttons and the red end-call button."""
    canvas.draw.rectangle(
        (canvas.left, canvas.top + 50, canvas.right, canvas.bottom - 50), fill=DARK
    )
    status_bar(canvas, dark=False)
    cx, top = canvas.centre_x, canvas.top
    canvas.text((cx, top + 120), caller, 40, fill=PAPER, anchor="mm")
    canvas.text((cx, top + 170), "通話中 02:15", 24, fill=(220, 220, 220), anchor="mm")
    size, gap = 96, 30
    grid_left = cx - (3 * size + 2 * gap) // 2
    for index, label in enumerate(frame.call_labels):
        row, col = divmod(index, 3)
        x, y = grid_left + col * (size + gap), top + 210 + row * (size + 56)
        canvas.draw.ellipse((x, y, x + size, y + size), fill=(90, 96, 108))
        label_box = canvas.text((x + size // 2, y + size + 24), label, 20, fill=PAPER, anchor="mm")
        canvas.target(label, (x, y, x + size, max(y + size, label_box[3])))
    end_y = min(canvas.bottom - 130, top + 560)
    canvas.draw.ellipse((cx - 45, end_y, cx + 45, end_y + 90), fill=(230, 40, 40))
    canvas.draw.line((cx - 22, end_y + 45, cx + 22, end_y + 45), fill=PAPER, width=10)
    canvas.target("終了", (cx - 45, end_y, cx + 45, end_y + 90))


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
        _call_pill(canvas)
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


def _call_pill(canvas: Canvas) -> None:
    # iPhone shows a green pill at the top; Android a green mark. Both lead back to the call.
    pill = (canvas.left + 14, canvas.top + 8, canvas.left + 120, canvas.top + 44)
    canvas.draw.rounded_rectangle(pill, radius=18, fill=GREEN)
    canvas.text((canvas.left + 67, canvas.top + 26), "通話中", 20, fill=PAPER, anchor="mm")
    canvas.target("通話に戻る", pill)


@screen("home_large")
def home_large(
    canvas: Canvas, frame: Frame, tiles: list[str] | None = None, call_in_progress: bool = False
) -> None:
    """The simple home screen of phones for seniors: big labelled tiles, two per row."""
    status_bar(canvas)
    if call_in_progress:
        _call_pill(canvas)
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
    canvas.draw.rectangle(canvas.screen, fill=(70, 72, 80))
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
    if frame.nav_keys and not frame.home_button:
        _android_nav(canvas)


def _android_nav(canvas: Canvas) -> None:
    """Three on-screen keys: back, home, recent apps."""
    y = canvas.bottom - 40
    cx = canvas.centre_x
    canvas.draw.polygon([(cx - 110, y), (cx - 90, y - 14), (cx - 90, y + 14)], outline=PAPER)
    canvas.draw.ellipse((cx - 14, y - 14, cx + 14, y + 14), outline=PAPER, width=3)
    canvas.draw.rectangle((cx + 90, y - 12, cx + 114, y + 12), outline=PAPER, width=3)
    canvas.target("アプリ履歴", (cx + 76, y - 26, cx + 128, y + 26))
