"""The messaging app: iOS 16-18's filter list, one message, its copy menu and the new-message
banner. The list of conversations is in ``message_lists``.
"""

from service.illustrate import glyphs
from service.illustrate.canvas import CODE
from service.illustrate.canvas import INK
from service.illustrate.canvas import MUTED
from service.illustrate.canvas import OLD_CODE
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import RULE
from service.illustrate.canvas import SENDER
from service.illustrate.canvas import Canvas
from service.illustrate.frames import Frame
from service.illustrate.screens.common import bubble
from service.illustrate.screens.common import fitted
from service.illustrate.screens.common import header
from service.illustrate.screens.common import popup
from service.illustrate.screens.common import rows
from service.illustrate.screens.common import status_bar
from service.illustrate.screens.icons import icon
from service.illustrate.screens.message_lists import style_of
from service.illustrate.screens.phone import home
from service.illustrate.screens.registry import screen


@screen("message_filters")
def message_filters(canvas: Canvas, frame: Frame) -> None:
    """iPhone メッセージ's filter list of iOS 16-18, where unknown senders are kept apart (iOS 26
    has a ≡ menu instead: ``messages`` with ``menu_open = true``)."""
    status_bar(canvas)
    y = header(canvas, "フィルタ", back=True)
    names = ["すべてのメッセージ", "既知の差出人", "不明な差出人", "未読のメッセージ"]
    rows(canvas, y, [(name, "") for name in names], bold_first=False)


@screen("message", shows_code=True)
def message(canvas: Canvas, frame: Frame, sender: str = SENDER, older_code: bool = False) -> None:
    """One conversation: the card issuer's text with the 6-digit code in it."""
    status_bar(canvas)
    draw, left, top = canvas.draw, canvas.left, canvas.top
    if frame.family == "iphone":
        # iPhone: the sender's round picture above the name, in the middle.
        cx = canvas.centre_x
        draw.ellipse((cx - 22, top + 46, cx + 22, top + 90), fill=(178, 182, 192))
        glyphs.person(draw, cx, top + 70, 16, PAPER)
        canvas.text((cx, top + 106), sender, 22, anchor="mm")
        line_y, first = top + 124, top + 140
    else:
        # Android: a back arrow and the sender at the left, call and menu at the right.
        draw.line((left + 20, top + 76, left + 46, top + 76), fill=INK, width=4)
        draw.line((left + 20, top + 76, left + 32, top + 64), fill=INK, width=4)
        draw.line((left + 20, top + 76, left + 32, top + 88), fill=INK, width=4)
        canvas.text((left + 64, top + 76), sender, fitted(canvas, sender, 28, 200), anchor="lm")
        glyphs.handset(draw, canvas.right - 76, top + 76, 12, INK)
        glyphs.dots(draw, canvas.right - 30, top + 76, 12, INK)
        line_y, first = top + 106, top + 130
    draw.line((left, line_y, canvas.right, line_y), fill=RULE, width=2)
    if older_code:
        # Two bubbles: on a short screen the older one keeps only its first line.
        roomy = canvas.bottom - first >= 2 * 224 + 30
        lines = ["【カード会社】", "認証コード"] if roomy else ["【カード会社】"]
        first = bubble(canvas, first, lines, OLD_CODE, name="古いコード") + (30 if roomy else 16)
    bubble(
        canvas,
        first,
        ["【カード会社】", "本人認証のコード", "他人に教えないで", "ください。"][
            : 2 if older_code else 4
        ],
        CODE,
    )


@screen("copy_menu", shows_code=True)
def copy_menu(canvas: Canvas, frame: Frame, sender: str = SENDER) -> None:
    """The message held down: iPhone's menu with コピー above it, Google メッセージ's bar of
    buttons at the top (コピー is the two sheets), or a white menu on other Android apps."""
    message(canvas, frame, sender)
    code = canvas.targets["コード"]
    style = style_of(canvas, frame, frame.messages_app)
    if style == "ios":
        popup(canvas, code[0], code[1] - 90, ["コピー", "その他"])
    elif style == "google":
        _selection_bar(canvas)
    else:
        popup(canvas, code[0], code[1] - 90, ["コピー", "転送", "削除"], light=True)


def _selection_bar(canvas: Canvas) -> None:
    draw, left, right, top = canvas.draw, canvas.left, canvas.right, canvas.top
    draw.rectangle((left, top + 50, right, top + 104), fill=(211, 227, 253))
    draw.line((left + 22, top + 64, left + 46, top + 88), fill=INK, width=4)
    draw.line((left + 22, top + 88, left + 46, top + 64), fill=INK, width=4)
    canvas.text((left + 72, top + 77), "1", 26, anchor="lm")
    for index, name in enumerate(("削除", "コピー", "その他")):
        cx = right - 150 + index * 56
        if name == "コピー":
            glyphs.copy_icon(draw, cx, top + 77, 16, INK)
        elif name == "削除":
            draw.rectangle((cx - 10, top + 68, cx + 10, top + 90), outline=INK, width=3)
            draw.line((cx - 14, top + 66, cx + 14, top + 66), fill=INK, width=3)
        else:
            glyphs.dots(draw, cx, top + 77, 12, INK)
        canvas.target(name, (cx - 24, top + 53, cx + 24, top + 101))


@screen("notification", shows_code=True)
def notification(canvas: Canvas, frame: Frame, lock: bool = False, app: str | None = None) -> None:
    """A new-message banner at the top of the screen (or on the lock screen)."""
    if lock:
        canvas.fill_screen((30, 50, 90))
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
