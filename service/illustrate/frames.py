"""Phone bodies: a home button or not, and what each family calls its buttons."""

from dataclasses import dataclass

from service.illustrate.canvas import BODY
from service.illustrate.canvas import HEIGHT
from service.illustrate.canvas import INK
from service.illustrate.canvas import SCREEN_BG
from service.illustrate.canvas import Canvas

IPHONE_CALL = ("消音", "キーパッド", "スピーカー", "通話を追加", "FaceTime", "連絡先")
ANDROID_CALL = ("キーパッド", "ミュート", "スピーカー", "通話を追加", "保留", "その他")


@dataclass(frozen=True)
class Frame:
    """A phone body and the words its system uses."""

    home_button: bool
    call_labels: tuple[str, ...]
    browser: str
    messages_app: str
    # Android shows back / home / recent-apps keys on screen or as gestures.
    nav_keys: bool = False
    # Google メッセージ's bubble is blue; Apple's and the carriers' apps are green or blue.
    messages_colour: tuple[int, int, int] | None = None


FRAMES = {
    "iphone-home-button": Frame(True, IPHONE_CALL, "Safari", "メッセージ"),
    "iphone": Frame(False, IPHONE_CALL, "Safari", "メッセージ"),
    "raku-raku": Frame(
        True,
        ("スピーカー", "消音", "ダイヤル", "保留", "録音", "その他"),
        "インターネット",
        "メッセージ",
        nav_keys=True,
    ),
    "basio": Frame(
        True,
        ("スピーカー", "ミュート", "ダイヤル", "保留", "録音", "その他"),
        "インターネット",
        "+メッセージ",
        nav_keys=True,
    ),
    "android": Frame(
        False, ANDROID_CALL, "Chrome", "メッセージ", nav_keys=True, messages_colour=(26, 115, 232)
    ),
    "android-plus": Frame(False, ANDROID_CALL, "Chrome", "+メッセージ", nav_keys=True),
}


def draw_frame(canvas: Canvas, frame: Frame) -> None:
    """Draw the body and leave ``canvas.screen`` set to the display inside it."""
    draw = canvas.draw
    body = (150, 120, 570, HEIGHT - 20)
    draw.rounded_rectangle(body, radius=56, fill=BODY)
    bezel_top, bezel_bottom = (110, 130) if frame.home_button else (40, 40)
    screen = (body[0] + 18, body[1] + bezel_top, body[2] - 18, body[3] - bezel_bottom)
    draw.rounded_rectangle(screen, radius=12 if frame.home_button else 40, fill=SCREEN_BG)
    canvas.screen = screen
    if frame.home_button:
        cx, cy = (body[0] + body[2]) // 2, (screen[3] + body[3]) // 2
        button = (cx - 42, cy - 42, cx + 42, cy + 42)
        draw.ellipse(button, fill=(28, 28, 32), outline=(150, 150, 156), width=4)
        canvas.target("ホームボタン", button)
    else:
        cx = canvas.centre_x
        bar = (cx - 90, screen[3] - 26, cx + 90, screen[3] - 16)
        draw.rounded_rectangle(bar, radius=5, fill=INK)
        canvas.target("画面の下", (cx - 110, screen[3] - 60, cx + 110, screen[3]))
