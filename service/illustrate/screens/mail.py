"""The mail app: a folder's list of mails, the folder list and one mail with the code."""

from service.illustrate.canvas import BLUE
from service.illustrate.canvas import CODE
from service.illustrate.canvas import MUTED
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import SENDER
from service.illustrate.canvas import Canvas
from service.illustrate.frames import Frame
from service.illustrate.screens.common import header
from service.illustrate.screens.common import rows
from service.illustrate.screens.common import status_bar
from service.illustrate.screens.registry import screen


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
