"""The messaging app's list of conversations, drawn as each app draws it.

- iPhone メッセージ: a large title; iOS 26's ≡ filter menu at the top right
  (メッセージ / 不明な差出人 / 迷惑メッセージ / フィルタリングを管理), or iOS 16-18's
  「フィルタ」 at the top left.
- Google メッセージ: the profile button at the top right opens the menu with
  「スパム / ブロック中」; ``folder`` shows that folder.
- +メッセージ: the two tabs 「連絡先登録済み」 and 「不明な差出人」 (the default since 2024), and
  the 「連絡先未登録」 label under a number that is not in the phone book.
"""

from service.illustrate import glyphs
from service.illustrate.canvas import BLUE
from service.illustrate.canvas import INK
from service.illustrate.canvas import MUTED
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import RULE
from service.illustrate.canvas import SENDER
from service.illustrate.canvas import Canvas
from service.illustrate.frames import Frame
from service.illustrate.screens.common import fitted
from service.illustrate.screens.common import header
from service.illustrate.screens.common import status_bar
from service.illustrate.screens.icons import google_messages
from service.illustrate.screens.registry import screen

# Sources: iOS 26 — apple.sirius.news (MacRumors), milawo.com, hirostudio-cp.net (content-review
# F3/F4); Google — support.google.com/messages/answer/9061432 (F7; the other entries are as
# the app shows them, unconfirmed); +メッセージ — media2.kddi.com article_44, au.com (F5/F6).
IOS_MENU = ["メッセージ", "不明な差出人", "迷惑メッセージ", "フィルタリングを管理"]
GOOGLE_MENU = [
    "アーカイブ済み",
    "スパム / ブロック中",
    "メッセージの設定",
    "ヘルプとフィードバック",
]
PLUS_TABS = ("連絡先登録済み", "不明な差出人")
UNREGISTERED = "連絡先未登録"
KNOWN = [
    ("娘", "明日は何時に来る？"),
    ("山田さん", "ありがとうございました"),
    ("病院", "次の予約は…"),
]
AVATAR_COLOURS = [(26, 115, 232), (216, 96, 40), (40, 150, 110), (150, 80, 190)]


def style_of(canvas: Canvas, frame: Frame, app: str) -> str:
    """Which app draws the list: ios, google, plus or plain."""
    if app == "+メッセージ":
        return "plus"
    if frame.family == "iphone":
        return "ios"
    return "google" if google_messages(canvas, app) else "plain"


@screen("messages")
def messages(
    canvas: Canvas,
    frame: Frame,
    app: str | None = None,
    sender: str = SENDER,
    filter_button: bool = False,
    filter_menu: bool = False,
    menu_open: bool = False,
    menu_items: list[str] | None = None,
    folder: str | None = None,
    tabs: bool | None = None,
    tab: str = "不明な差出人",
) -> None:
    """A messaging app's list of conversations, newest first.

    ``filter_button``: iPhone's 「フィルタ」 at the top left (iOS 16-18). ``filter_menu``: iOS 26's
    ≡ at the top right. ``menu_open``: that menu (or Google メッセージ's) opened, its entries
    ``menu_items`` or the app's own. ``folder``: the list is that folder (不明な差出人,
    迷惑メッセージ, スパム / ブロック中). ``tabs``: +メッセージ's two tabs (on by default in
    +メッセージ), ``tab`` the one shown.
    """
    app = app or frame.messages_app
    style = style_of(canvas, frame, app)
    status_bar(canvas)
    rows = [
        (sender, "本人認証のコードは…"),
        ("090-0000-0000", "明日は何時に…"),
        ("お店", "ご注文ありがとう…"),
    ]
    if style == "ios":
        y = _ios_header(canvas, folder or "メッセージ", filter_button, filter_menu or menu_open)
    elif style == "google":
        y = _google_header(canvas, folder)
    else:
        y = header(canvas, folder or app, back=folder is not None)
    tagged = False
    if style == "plus" and (tabs if tabs is not None else True):
        y = _tabs(canvas, y, tab)
        tagged = tab != PLUS_TABS[0]
        if not tagged:
            rows = KNOWN
        else:
            rows = [rows[0], ("0120-111-222", "ご利用ありがとう…"), ("050-0000-0000", "お知らせ…")]
    _conversations(canvas, y, rows, style, tagged)
    canvas.targets["新しいメッセージ"] = canvas.targets[rows[0][0]]
    if style == "google" and folder is None:
        _new_chat_button(canvas)
    if menu_open:
        _menu(canvas, menu_items or (IOS_MENU if style == "ios" else GOOGLE_MENU), style)


def _ios_header(canvas: Canvas, title: str, filter_button: bool, filter_menu: bool) -> int:
    left, right, y = canvas.left, canvas.right, canvas.top + 56
    draw = canvas.draw
    if filter_button:
        canvas.target("フィルタ", canvas.text((left + 20, y), "フィルタ", 26, fill=BLUE))
    else:
        canvas.text((left + 20, y), "編集", 26, fill=BLUE)
    # The new-message button: a square with a pen.
    draw.rounded_rectangle((right - 56, y + 4, right - 24, y + 36), radius=6, outline=BLUE, width=3)
    draw.line((right - 44, y + 24, right - 22, y + 2), fill=BLUE, width=4)
    if filter_menu:
        button = (right - 124, y - 4, right - 76, y + 44)
        draw.ellipse(button, fill=(226, 232, 244))
        glyphs.lines(draw, right - 100, y + 20, 12, BLUE)
        canvas.target("フィルタメニュー", button)
        canvas.target("メニュー", button)
    canvas.text(
        (left + 20, y + 50), title, fitted(canvas, title, 40, right - left - 40), anchor="la"
    )
    draw.rounded_rectangle(
        (left + 16, y + 112, right - 16, y + 150), radius=12, fill=(228, 228, 233)
    )
    glyphs.magnifier(draw, left + 40, y + 131, 9, MUTED)
    canvas.text((left + 60, y + 131), "検索", 20, fill=MUTED, anchor="lm")
    return y + 164


def _google_header(canvas: Canvas, folder: str | None) -> int:
    left, right, y = canvas.left, canvas.right, canvas.top + 56
    draw = canvas.draw
    if folder:
        draw.line((left + 24, y + 20, left + 50, y + 20), fill=INK, width=4)
        draw.line(
            (left + 24, y + 20, left + 36, y + 8, left + 24, y + 20, left + 36, y + 32),
            fill=INK,
            width=4,
        )
        canvas.target("戻る", (left + 12, y, left + 60, y + 40))
        # A folder: its name after the back arrow, and the ⋮ menu.
        canvas.text(
            (left + 72, y + 20), folder, fitted(canvas, folder, 30, right - left - 124), anchor="lm"
        )
        glyphs.dots(draw, right - 30, y + 20, 12, INK)
        return y + 64
    canvas.text((left + 24, y + 20), "メッセージ", 30, anchor="lm")
    glyphs.magnifier(draw, right - 92, y + 20, 13, INK)
    avatar = (right - 60, y, right - 20, y + 40)
    draw.ellipse(avatar, fill=(120, 80, 190))
    glyphs.person(draw, right - 40, y + 22, 14, PAPER)
    canvas.target("プロフィール", avatar)
    canvas.target("メニュー", avatar)
    return y + 64


def _tabs(canvas: Canvas, y: int, selected: str) -> int:
    """+メッセージ's two tabs side by side under the title."""
    width = (canvas.right - canvas.left) // 2
    for index, name in enumerate(PLUS_TABS):
        x = canvas.left + index * width
        on = name == selected
        size = fitted(canvas, name, 24, width - 16)
        canvas.text((x + width // 2, y + 24), name, size, fill=BLUE if on else MUTED, anchor="mm")
        if on:
            canvas.draw.rectangle((x + 12, y + 50, x + width - 12, y + 56), fill=BLUE)
        canvas.target(name, (x + 4, y, x + width - 4, y + 56))
    canvas.draw.line((canvas.left, y + 57, canvas.right, y + 57), fill=RULE, width=2)
    return y + 66


def _conversations(canvas: Canvas, y: int, rows, style: str, tagged: bool) -> None:
    """Rows with a round picture, the name or number, the start of the text and the time."""
    draw, left, right = canvas.draw, canvas.left, canvas.right
    height = 132 if tagged else 112
    for index, (title, detail) in enumerate(rows):
        top = y + index * height
        if top + height > canvas.bottom:
            break
        face = (top + 14, top + 70)
        box = (left + 16, face[0], left + 72, face[1])
        if style == "google" and not title[0].isdigit():
            draw.ellipse(box, fill=AVATAR_COLOURS[index % len(AVATAR_COLOURS)])
            canvas.text((left + 44, top + 42), title[0], 26, fill=PAPER, anchor="mm")
        else:
            draw.ellipse(box, fill=(178, 182, 192))
            glyphs.person(draw, left + 44, top + 44, 20, PAPER)
        if index == 0:
            draw.ellipse((left + 2, top + 36, left + 14, top + 48), fill=BLUE)
        size = fitted(canvas, title, 26, right - left - 180)
        canvas.text((left + 86, top + 10), title, size)
        canvas.text((right - 20, top + 16), "10:2" + str(3 - index), 18, fill=MUTED, anchor="ra")
        detail_y = top + 52
        if tagged:
            tag = canvas.text((left + 98, top + 60), UNREGISTERED, 18, fill=MUTED, anchor="lm")
            tag_box = (tag[0] - 10, tag[1] - 6, tag[2] + 10, tag[3] + 6)
            draw.rounded_rectangle(tag_box, radius=8, outline=MUTED, width=2)
            if index == 0:
                canvas.target(UNREGISTERED, tag_box)
            detail_y = top + 84
        canvas.text((left + 86, detail_y), detail, 22, fill=MUTED)
        draw.line((left + 86, top + height - 6, right, top + height - 6), fill=RULE, width=2)
        canvas.target(title, (left + 6, top, right - 6, top + height - 10))


def _new_chat_button(canvas: Canvas) -> None:
    """Google メッセージ's 「チャットを開始」 button at the lower right."""
    right, bottom = canvas.right - 20, canvas.bottom - 40
    box = (right - 210, bottom - 64, right, bottom)
    if box[1] < canvas.top + 520:
        return
    canvas.draw.rounded_rectangle(box, radius=18, fill=(211, 227, 253))
    canvas.text((right - 105, bottom - 32), "チャットを開始", 22, fill=(10, 60, 140), anchor="mm")
    canvas.target("チャットを開始", box)


def _menu(canvas: Canvas, items: list[str], style: str) -> None:
    """A menu card hanging from the top right, each entry a target."""
    width = max(canvas.width_of(item, 24) for item in items) + 56
    right = canvas.right - 16
    top = canvas.top + 112
    box = (right - width, top, right, top + 20 + 64 * len(items))
    canvas.draw.rounded_rectangle(
        (box[0] + 4, box[1] + 6, box[2] + 4, box[3] + 6), radius=18, fill=(190, 190, 196)
    )
    canvas.draw.rounded_rectangle(box, radius=18, fill=PAPER, outline=(170, 170, 178), width=2)
    for index, item in enumerate(items):
        y = top + 10 + index * 64
        if index and style == "ios":
            canvas.draw.line((box[0] + 16, y, box[2] - 16, y), fill=RULE, width=2)
        canvas.text((box[0] + 28, y + 32), item, 24, anchor="lm")
        canvas.target(item, (box[0] + 6, y + 2, box[2] - 6, y + 62))
