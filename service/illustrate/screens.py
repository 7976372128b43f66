"""Screens drawn inside the phone. Each names the places a spec may highlight.

A screen is a function ``(canvas, frame, **params)``; its keyword parameters are the keys a
spec may add for it. ``SHOWS_CODE`` lists the screens on which the one-time code is visible,
which is what the content check uses to demand the safety warning.
"""

from collections.abc import Callable

from service.illustrate.canvas import BLUE
from service.illustrate.canvas import CODE
from service.illustrate.canvas import DARK
from service.illustrate.canvas import GREEN
from service.illustrate.canvas import INK
from service.illustrate.canvas import MUTED
from service.illustrate.canvas import OLD_CODE
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import RULE
from service.illustrate.canvas import SENDER
from service.illustrate.canvas import Canvas
from service.illustrate.frames import Frame

Painter = Callable[..., None]
ShowsCode = Callable[[dict], bool]
SCREENS: dict[str, Painter] = {}
SHOWS_CODE: dict[str, ShowsCode] = {}

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


def screen(name: str, shows_code: bool | ShowsCode = False) -> Callable[[Painter], Painter]:
    """Register a painter under ``name``; ``shows_code`` says (per params) if the code is seen."""

    def register(painter: Painter) -> Painter:
        SCREENS[name] = painter
        SHOWS_CODE[name] = shows_code if callable(shows_code) else (lambda params: shows_code)
        return painter

    return register


# --- pieces -----------------------------------------------------------------------------


def status_bar(canvas: Canvas, dark: bool = False) -> None:
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


# --- screens ----------------------------------------------------------------------------


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


def fitted(canvas: Canvas, text: str, size: int, width: int) -> int:
    """Return the largest font size up to ``size`` at which ``text`` fits in ``width``."""
    while size > 12 and canvas.width_of(text, size) > width:
        size -= 1
    return size


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


@screen("messages")
def messages(
    canvas: Canvas,
    frame: Frame,
    app: str | None = None,
    sender: str = SENDER,
    filter_button: bool = False,
) -> None:
    """A messaging app's list of conversations, newest first."""
    status_bar(canvas)
    y = header(canvas, app or frame.messages_app, action="フィルタ" if filter_button else None)
    rows(
        canvas,
        y,
        [
            (sender, "本人認証のコードは…"),
            ("090-0000-0000", "明日は何時に…"),
            ("お店", "ご注文ありがとう…"),
        ],
    )
    canvas.targets["新しいメッセージ"] = canvas.targets[sender]


@screen("message_filters")
def message_filters(canvas: Canvas, frame: Frame) -> None:
    """iPhone メッセージ's filter list, where unknown senders are kept apart."""
    status_bar(canvas)
    y = header(canvas, "フィルタ", back=True)
    names = ["すべてのメッセージ", "既知の差出人", "不明な差出人", "未読のメッセージ"]
    rows(canvas, y, [(name, "") for name in names], bold_first=False)


@screen("message", shows_code=True)
def message(canvas: Canvas, frame: Frame, sender: str = SENDER, older_code: bool = False) -> None:
    """One conversation: the card issuer's text with the 6-digit code in it."""
    status_bar(canvas)
    canvas.text((canvas.centre_x, canvas.top + 70), sender, 28, anchor="mm")
    canvas.draw.line(
        (canvas.left, canvas.top + 106, canvas.right, canvas.top + 106), fill=RULE, width=2
    )
    top = canvas.top + 130
    if older_code:
        top = (
            bubble(canvas, top, ["【カード会社】", "認証コード"], OLD_CODE, name="古いコード") + 30
        )
    bubble(
        canvas,
        top,
        ["【カード会社】", "本人認証のコード", "他人に教えないで", "ください。"][
            : 2 if older_code else 4
        ],
        CODE,
    )


@screen("copy_menu", shows_code=True)
def copy_menu(canvas: Canvas, frame: Frame, sender: str = SENDER) -> None:
    """The message held down: a menu offering コピー above it."""
    message(canvas, frame, sender)
    code = canvas.targets["コード"]
    popup(canvas, code[0], code[1] - 90, ["コピー", "その他"])


@screen("notification", shows_code=True)
def notification(canvas: Canvas, frame: Frame, lock: bool = False, app: str | None = None) -> None:
    """A new-message banner at the top of the screen (or on the lock screen)."""
    if lock:
        canvas.draw.rectangle(canvas.screen, fill=(30, 50, 90))
        canvas.text((canvas.centre_x, canvas.top + 120), "10:24", 72, fill=PAPER, anchor="mm")
        top = canvas.top + 200
    else:
        home(canvas, frame)
        top = canvas.top + 50
    box = (canvas.left + 14, top, canvas.right - 14, top + 150)
    canvas.draw.rounded_rectangle(
        box, radius=24, fill=(250, 250, 252), outline=(190, 190, 196), width=2
    )
    icon(canvas, app or frame.messages_app, (box[0] + 16, top + 16, box[0] + 56, top + 56))
    canvas.text((box[0] + 70, top + 20), f"{app or frame.messages_app}・{SENDER}", 22, fill=MUTED)
    canvas.text((box[0] + 20, top + 68), "本人認証のコード", 24)
    canvas.target("コード", canvas.text((box[0] + 20, top + 100), CODE, 32))
    canvas.target("通知", box)


def _browser(canvas: Canvas) -> int:
    status_bar(canvas)
    canvas.draw.rounded_rectangle(
        (canvas.left + 16, canvas.top + 56, canvas.right - 16, canvas.top + 100),
        radius=12,
        fill=(225, 225, 230),
    )
    canvas.text((canvas.left + 36, canvas.top + 64), "shop.example", 20, fill=MUTED)
    return canvas.top + 120


@screen("checkout", shows_code=lambda params: bool(params.get("keyboard") or params.get("filled")))
def checkout(
    canvas: Canvas,
    frame: Frame,
    filled: bool = False,
    keyboard: bool = False,
    paste_menu: bool = False,
    paste_label: str = "ペースト",
    suggestion_from: str = "メッセージ",
    choice: bool = False,
) -> None:
    """The card issuer's code screen inside the shop's checkout (brand-neutral)."""
    y = _browser(canvas)
    canvas.text((canvas.left + 24, y), "本人認証", 34)
    if choice:
        canvas.text((canvas.left + 24, y + 56), "コードの送り先を選んでください", 22)
        for index, label in enumerate(["SMS", "メール"]):
            box = (canvas.left + 24, y + 100 + index * 84, canvas.right - 24, y + 170 + index * 84)
            canvas.draw.rounded_rectangle(box, radius=8, fill=PAPER, outline=INK, width=3)
            canvas.text((box[0] + 24, box[1] + 18), label, 28)
            canvas.target(label, box)
        return
    canvas.text((canvas.left + 24, y + 54), "届いた6桁のコードを", 24)
    canvas.text((canvas.left + 24, y + 88), "入力してください", 24)
    field = (canvas.left + 24, y + 140, canvas.right - 24, y + 210)
    canvas.draw.rounded_rectangle(field, radius=8, fill=PAPER, outline=INK, width=3)
    if filled:
        canvas.text((field[0] + 20, field[1] + 14), CODE, 34)
    canvas.target("入力欄", field)
    button = (canvas.left + 24, y + 236, canvas.right - 24, y + 306)
    canvas.draw.rounded_rectangle(button, radius=8, fill=BLUE)
    canvas.text(
        ((button[0] + button[2]) // 2, (button[1] + button[3]) // 2),
        "送信",
        28,
        fill=PAPER,
        anchor="mm",
    )
    canvas.target("送信", button)
    canvas.target(
        "再送信", canvas.text((canvas.left + 24, y + 330), "コードを再送信する", 22, fill=BLUE)
    )
    if paste_menu:
        # iPhone says ペースト; many Android keyboards say 貼り付け.
        popup(canvas, field[0], field[1] - 80, [paste_label, "すべてを選択"])
    if keyboard:
        _keyboard(canvas, y + 380, suggestion_from)


def _keyboard(canvas: Canvas, y0: int, source: str) -> None:
    left, right, draw = canvas.left, canvas.right, canvas.draw
    draw.rectangle((left, y0, right, canvas.bottom), fill=(208, 211, 218))
    suggestion = (left + 40, y0 + 10, right - 40, y0 + 70)
    draw.rounded_rectangle(suggestion, radius=8, fill=(236, 237, 240))
    canvas.text((canvas.centre_x, y0 + 28), f"{source}から", 16, fill=MUTED, anchor="mm")
    canvas.text((canvas.centre_x, y0 + 54), CODE, 28, anchor="mm")
    canvas.target("候補", suggestion)
    key_w, key_h = (right - left - 80) // 3, 52
    for index, label in enumerate("123456789"):
        row, col = divmod(index, 3)
        x, y = left + 20 + col * (key_w + 20), y0 + 84 + row * (key_h + 10)
        if y + key_h > canvas.bottom - 8:
            break
        draw.rounded_rectangle((x, y, x + key_w, y + key_h), radius=8, fill=PAPER)
        canvas.text((x + key_w // 2, y + key_h // 2), label, 26, anchor="mm")


@screen("order_done")
def order_done(canvas: Canvas, frame: Frame) -> None:
    """The shop's thank-you page: what the customer sees when no code was needed."""
    y = _browser(canvas)
    canvas.draw.ellipse((canvas.centre_x - 50, y + 20, canvas.centre_x + 50, y + 120), fill=GREEN)
    canvas.draw.line(
        (canvas.centre_x - 24, y + 72, canvas.centre_x - 6, y + 92, canvas.centre_x + 28, y + 48),
        fill=PAPER,
        width=10,
    )
    canvas.target("完了", canvas.text((canvas.centre_x, y + 170), "ご注文を", 32, anchor="mm"))
    canvas.text((canvas.centre_x, y + 216), "承りました", 32, anchor="mm")


@screen("mail_list")
def mail_list(canvas: Canvas, frame: Frame, app: str = "Gmail", folder: str = "受信トレイ") -> None:
    """A mail app's inbox (or another folder), newest first."""
    status_bar(canvas)
    y = header(canvas, folder, menu=True)
    canvas.text((canvas.right - 24, canvas.top + 64), app, 18, fill=MUTED, anchor="ra")
    rows(
        canvas,
        y,
        [(SENDER, "本人認証のご案内"), ("お店", "ご注文の確認"), ("お知らせ", "今月のご案内")],
    )
    canvas.targets["新しいメール"] = canvas.targets[SENDER]


@screen("mail_folders")
def mail_folders(
    canvas: Canvas, frame: Frame, app: str = "Gmail", folders: list[str] | None = None
) -> None:
    """The folder list of a mail app, opened from its menu."""
    status_bar(canvas)
    y = header(canvas, app)
    names = folders or ["受信トレイ", "送信済み", "迷惑メール", "ゴミ箱"]
    rows(canvas, y, [(name, "") for name in names], bold_first=False)


@screen("mail_view", shows_code=True)
def mail_view(canvas: Canvas, frame: Frame, app: str = "Gmail", junk: bool = False) -> None:
    """An e-mail from the card issuer with the code; in the junk folder, with its rescue button."""
    status_bar(canvas)
    y = header(canvas, "本人認証のご案内", back=True)
    canvas.text((canvas.left + 24, y), f"{SENDER}  <no-reply@card.example>", 18, fill=MUTED)
    y += 40
    if junk:
        notice = (canvas.left + 16, y, canvas.right - 16, y + 110)
        canvas.draw.rounded_rectangle(notice, radius=10, fill=(255, 243, 196))
        canvas.text((notice[0] + 16, y + 12), "迷惑メールに入っています", 20)
        button = (notice[0] + 16, y + 50, notice[0] + 280, y + 96)
        canvas.draw.rounded_rectangle(button, radius=8, fill=PAPER, outline=BLUE, width=2)
        canvas.text(
            ((button[0] + button[2]) // 2, y + 73), "迷惑メールではない", 20, fill=BLUE, anchor="mm"
        )
        canvas.target("迷惑メールではない", button)
        y += 130
    canvas.text((canvas.left + 24, y), "本人認証のコードは", 24)
    canvas.target("コード", canvas.text((canvas.left + 24, y + 44), CODE, 50))
    canvas.text((canvas.left + 24, y + 124), "です。有効期限内に", 24)
    canvas.text((canvas.left + 24, y + 164), "入力してください。", 24)


@screen("settings")
def settings(
    canvas: Canvas,
    frame: Frame,
    title: str = "メッセージ",
    items: list[str] | None = None,
    on: list[str] | None = None,
) -> None:
    """A settings page: rows with switches; ``on`` lists the switches drawn on."""
    status_bar(canvas)
    y = header(canvas, title, back=True)
    on = on or []
    for index, name in enumerate(items or ["不明な差出人をフィルタ"]):
        top = y + index * 100
        canvas.text((canvas.left + 24, top + 26), name, 24)
        switch = (canvas.right - 100, top + 22, canvas.right - 24, top + 66)
        canvas.draw.rounded_rectangle(
            switch, radius=22, fill=GREEN if name in on else (200, 200, 204)
        )
        knob_x = switch[2] - 44 if name in on else switch[0] + 2
        canvas.draw.ellipse((knob_x, switch[1] + 2, knob_x + 40, switch[3] - 2), fill=PAPER)
        canvas.draw.line((canvas.left + 24, top + 92, canvas.right, top + 92), fill=RULE, width=2)
        canvas.target(name, (canvas.left + 8, top, canvas.right - 8, top + 88))
