"""The shop in the browser: the card issuer's code page, the keyboard under it and the
thank-you page.
"""

from service.illustrate.canvas import BLUE
from service.illustrate.canvas import CODE
from service.illustrate.canvas import GREEN
from service.illustrate.canvas import INK
from service.illustrate.canvas import MUTED
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import Canvas
from service.illustrate.frames import Frame
from service.illustrate.screens.common import popup
from service.illustrate.screens.common import status_bar
from service.illustrate.screens.registry import screen


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
        # iPhone says ペースト (a dark menu); many Android keyboards say 貼り付け (a white one).
        light = canvas.family != "iphone"
        popup(canvas, field[0], field[1] - 80, [paste_label, "すべてを選択"], light=light)
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
