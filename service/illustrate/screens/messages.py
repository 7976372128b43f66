"""The messaging app: the conversation list, its filters, one message, its copy menu and the
new-message banner.
"""

from service.illustrate.canvas import CODE
from service.illustrate.canvas import MUTED
from service.illustrate.canvas import OLD_CODE
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import RULE
from service.illustrate.canvas import SENDER
from service.illustrate.canvas import Canvas
from service.illustrate.frames import Frame
from service.illustrate.screens.common import bubble
from service.illustrate.screens.common import header
from service.illustrate.screens.common import icon
from service.illustrate.screens.common import popup
from service.illustrate.screens.common import rows
from service.illustrate.screens.common import status_bar
from service.illustrate.screens.phone import home
from service.illustrate.screens.registry import screen


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
