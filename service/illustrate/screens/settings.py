"""The settings app: a page of switches."""

from service.illustrate.canvas import GREEN
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import RULE
from service.illustrate.canvas import Canvas
from service.illustrate.frames import Frame
from service.illustrate.screens.common import header
from service.illustrate.screens.common import status_bar
from service.illustrate.screens.registry import screen


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
