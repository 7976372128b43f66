"""Draw step illustrations from declarative specs: a phone, one screen, one highlighted target.

A spec is a small TOML file in ``images/`` that a person can review in a diff::

    frame = "iphone-home-button"    # which phone body to draw
    screen = "call"                 # which screen to show on it
    target = "スピーカー"            # what to ring in red (a button label, an app name...)
    caption = "「スピーカー」を押す"   # the action, in a few words, above the phone

The same spec always gives the same bytes: fixed sizes, a fixed font file, Pillow's basic
text layout (no system shaping library), and PNG files written without timestamps.
"""

import io
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from PIL import Image
from PIL import ImageDraw
from PIL import ImageFont

WIDTH, HEIGHT = 720, 1000
FONT_PATHS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
)

INK = (17, 17, 17)
PAPER = (255, 255, 255)
BODY = (40, 40, 46)
SCREEN_BG = (246, 246, 248)
MUTED = (90, 90, 96)
RING = (214, 0, 0)
BLUE = (10, 80, 200)
GREEN = (52, 168, 83)
CODE = "123456"

Box = tuple[int, int, int, int]


class SpecError(ValueError):
    """A spec names a frame, screen or target that does not exist."""


@dataclass(frozen=True)
class Frame:
    """A phone body: how big its bezels are and what hardware it shows."""

    home_button: bool
    call_labels: tuple[str, ...]
    bezel_top: int = 110
    bezel_bottom: int = 130


IPHONE_CALL_LABELS = ("消音", "キーパッド", "スピーカー", "通話を追加", "FaceTime", "連絡先")
FRAMES = {
    "iphone-home-button": Frame(home_button=True, call_labels=IPHONE_CALL_LABELS),
    "iphone": Frame(
        home_button=False,
        call_labels=IPHONE_CALL_LABELS,
        bezel_top=40,
        bezel_bottom=40,
    ),
    "raku-raku": Frame(
        home_button=True,
        call_labels=("スピーカー", "消音", "ダイヤル", "保留", "録音", "通話終了後"),
    ),
    "android": Frame(
        home_button=False,
        call_labels=("キーパッド", "ミュート", "スピーカー", "通話を追加", "保留", "その他"),
        bezel_top=40,
        bezel_bottom=40,
    ),
}


@dataclass
class Spec:
    frame: str
    screen: str
    caption: str
    target: str | None = None
    apps: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> "Spec":
        """Read a spec file."""
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        try:
            return cls(**data)
        except TypeError as exc:
            raise SpecError(f"{path}: {exc}") from None


@dataclass
class Canvas:
    """What a screen painter gets: where to draw, and a font at any size."""

    draw: ImageDraw.ImageDraw
    screen: Box
    frame: Frame
    spec: Spec
    font_path: Path

    def font(self, size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(self.font_path), size, layout_engine=ImageFont.Layout.BASIC)

    def text(self, xy, text: str, size: int, fill=INK, anchor="la") -> Box:
        font = self.font(size)
        self.draw.text(xy, text, font=font, fill=fill, anchor=anchor)
        return tuple(int(v) for v in self.draw.textbbox(xy, text, font=font, anchor=anchor))


def find_font() -> Path:
    """Return the Japanese font the illustrations are drawn with."""
    for path in FONT_PATHS:
        if path.exists():
            return path
    raise FileNotFoundError(
        "No Japanese font found; install Debian's fonts-noto-cjk to build illustrations."
    )


def render(spec: Spec, font_path: Path | None = None) -> Image.Image:
    """Return the illustration of ``spec`` at full size."""
    if spec.frame not in FRAMES:
        raise SpecError(f"unknown frame {spec.frame!r}; one of {sorted(FRAMES)}")
    if spec.screen not in SCREENS:
        raise SpecError(f"unknown screen {spec.screen!r}; one of {sorted(SCREENS)}")
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    frame = FRAMES[spec.frame]
    canvas = Canvas(draw, (0, 0, 0, 0), frame, spec, font_path or find_font())

    canvas.text((WIDTH // 2, 60), spec.caption, 44, anchor="mm")
    targets = _draw_frame(canvas)
    targets.update(SCREENS[spec.screen](canvas))
    if spec.target is not None:
        if spec.target not in targets:
            raise SpecError(
                f"target {spec.target!r} is not on screen {spec.screen!r}; one of {sorted(targets)}"
            )
        _ring(draw, targets[spec.target])
    return image


def encode_png(image: Image.Image) -> bytes:
    """Return ``image`` as a small PNG: 64-colour palette, no metadata."""
    buffer = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        buffer, format="PNG", optimize=True
    )
    return buffer.getvalue()


def build(images_dir: Path, font_path: Path | None = None) -> list[Path]:
    """Render every ``*.toml`` spec under ``images_dir`` to a PNG beside it."""
    written = []
    for spec_path in sorted(images_dir.rglob("*.toml")):
        png = spec_path.with_suffix(".png")
        data = encode_png(render(Spec.load(spec_path), font_path))
        if not png.exists() or png.read_bytes() != data:
            png.write_bytes(data)
            written.append(png)
    return written


# --- the phone body ---------------------------------------------------------------------


def _draw_frame(canvas: Canvas) -> dict[str, Box]:
    frame, draw = canvas.frame, canvas.draw
    body = (150, 120, 570, HEIGHT - 20)
    draw.rounded_rectangle(body, radius=56, fill=BODY)
    screen = (
        body[0] + 18,
        body[1] + frame.bezel_top,
        body[2] - 18,
        body[3] - frame.bezel_bottom,
    )
    draw.rounded_rectangle(screen, radius=12 if frame.home_button else 40, fill=SCREEN_BG)
    canvas.screen = screen
    targets = {}
    if frame.home_button:
        cx, cy = (body[0] + body[2]) // 2, (screen[3] + body[3]) // 2
        button = (cx - 42, cy - 42, cx + 42, cy + 42)
        draw.ellipse(button, fill=(28, 28, 32), outline=(150, 150, 156), width=4)
        targets["ホームボタン"] = button
    else:
        cx = (screen[0] + screen[2]) // 2
        bar = (cx - 90, screen[3] - 26, cx + 90, screen[3] - 16)
        draw.rounded_rectangle(bar, radius=5, fill=INK)
        targets["画面の下"] = (cx - 110, screen[3] - 60, cx + 110, screen[3])
    _status_bar(canvas)
    return targets


def _status_bar(canvas: Canvas) -> None:
    left, top, right, _ = canvas.screen
    canvas.text((left + 24, top + 14), "10:24", 22)
    canvas.draw.rectangle((right - 64, top + 18, right - 24, top + 36), outline=INK, width=2)
    canvas.draw.rectangle((right - 60, top + 22, right - 36, top + 32), fill=INK)


def _ring(draw: ImageDraw.ImageDraw, box: Box) -> None:
    pad = 12
    draw.rounded_rectangle(
        (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad), radius=28, outline=RING, width=9
    )


# --- screens: each paints inside canvas.screen and returns what can be highlighted ------


def _call(canvas: Canvas) -> dict[str, Box]:
    left, top, right, bottom = canvas.screen
    draw = canvas.draw
    draw.rectangle((left, top + 50, right, bottom - 50), fill=(48, 52, 60))
    cx = (left + right) // 2
    canvas.text((cx, top + 120), "お店", 40, fill=PAPER, anchor="mm")
    canvas.text((cx, top + 170), "通話中 02:15", 24, fill=(220, 220, 220), anchor="mm")
    targets = {}
    size, gap = 96, 30
    grid_left = cx - (3 * size + 2 * gap) // 2
    for index, label in enumerate(canvas.frame.call_labels):
        row, col = divmod(index, 3)
        x = grid_left + col * (size + gap)
        y = top + 210 + row * (size + 56)
        draw.ellipse((x, y, x + size, y + size), fill=(90, 96, 108))
        label_box = canvas.text((x + size // 2, y + size + 24), label, 20, fill=PAPER, anchor="mm")
        targets[label] = (x, y, x + size, max(y + size, label_box[3]))
    end_y = min(bottom - 130, top + 560)
    draw.ellipse((cx - 45, end_y, cx + 45, end_y + 90), fill=(230, 40, 40))
    draw.line((cx - 22, end_y + 45, cx + 22, end_y + 45), fill=PAPER, width=10)
    targets["終了"] = (cx - 45, end_y, cx + 45, end_y + 90)
    return targets


DEFAULT_APPS = ["電話", "メッセージ", "カメラ", "写真", "Safari", "メール", "設定", "時計"]
APP_COLOURS = {
    "電話": GREEN,
    "メッセージ": GREEN,
    "+メッセージ": (0, 120, 215),
    "Safari": (0, 122, 255),
    "Chrome": (219, 68, 55),
    "メール": (0, 122, 255),
    "Gmail": (219, 68, 55),
    "インターネット": (0, 122, 255),
}


def _home(canvas: Canvas) -> dict[str, Box]:
    left, top, right, _ = canvas.screen
    apps = canvas.spec.apps or DEFAULT_APPS
    size, columns = 104, 3
    gap = ((right - left) - columns * size) // (columns + 1)
    targets = {}
    for index, name in enumerate(apps):
        row, col = divmod(index, columns)
        x = left + gap + col * (size + gap)
        y = top + 80 + row * (size + 70)
        colour = APP_COLOURS.get(name, (120, 120, 130))
        canvas.draw.rounded_rectangle((x, y, x + size, y + size), radius=24, fill=colour)
        _glyph(canvas.draw, name, (x, y, x + size, y + size))
        label = canvas.text((x + size // 2, y + size + 22), name, 22, anchor="mm")
        targets[name] = (min(x, label[0]), y, max(x + size, label[2]), label[3])
    return targets


def _glyph(draw: ImageDraw.ImageDraw, name: str, box: Box) -> None:
    """Draw a simple white symbol so icons read without their label."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    if "メッセージ" in name:
        draw.ellipse((cx - 32, cy - 24, cx + 32, cy + 20), fill=PAPER)
        draw.polygon([(cx - 18, cy + 12), (cx - 28, cy + 32), (cx - 2, cy + 16)], fill=PAPER)
    elif name in ("メール", "Gmail"):
        draw.rectangle((cx - 32, cy - 22, cx + 32, cy + 22), fill=PAPER)
        draw.line((cx - 32, cy - 22, cx, cy + 4, cx + 32, cy - 22), fill=(80, 80, 80), width=4)
    elif name in ("Safari", "Chrome", "インターネット"):
        draw.ellipse((cx - 32, cy - 32, cx + 32, cy + 32), outline=PAPER, width=6)
        draw.polygon([(cx + 18, cy - 18), (cx - 6, cy - 6), (cx + 6, cy + 6)], fill=(230, 40, 40))
        draw.polygon([(cx - 18, cy + 18), (cx - 6, cy - 6), (cx + 6, cy + 6)], fill=PAPER)
    elif name == "電話":
        draw.rounded_rectangle((cx - 10, cy - 30, cx + 10, cy + 30), radius=8, fill=PAPER)
    else:
        draw.ellipse((cx - 14, cy - 14, cx + 14, cy + 14), fill=PAPER)


def _messages(canvas: Canvas) -> dict[str, Box]:
    left, top, right, _ = canvas.screen
    canvas.text((left + 24, top + 60), "メッセージ", 34)
    rows = [
        ("カード会社", f"認証コード {CODE} をご入力…", True),
        ("090-0000-0000", "明日は何時に…", False),
        ("お店", "ご注文ありがとうございます", False),
    ]
    targets = {}
    for index, (sender, preview, unread) in enumerate(rows):
        y = top + 130 + index * 120
        if unread:
            canvas.draw.ellipse((left + 14, y + 30, left + 30, y + 46), fill=BLUE)
        canvas.text((left + 44, y + 14), sender, 28)
        canvas.text((left + 44, y + 58), preview, 22, fill=MUTED)
        canvas.draw.line((left + 44, y + 110, right, y + 110), fill=(210, 210, 214), width=2)
        targets[sender] = (left + 8, y, right - 8, y + 104)
    targets["新しいメッセージ"] = targets["カード会社"]
    return targets


def _message(canvas: Canvas) -> dict[str, Box]:
    left, top, right, _ = canvas.screen
    cx = (left + right) // 2
    canvas.text((cx, top + 70), "カード会社", 28, anchor="mm")
    bubble = (left + 20, top + 130, right - 40, top + 420)
    canvas.draw.rounded_rectangle(bubble, radius=28, fill=(229, 229, 234))
    x, y = bubble[0] + 24, bubble[1] + 24
    canvas.text((x, y), "【カード会社】", 24)
    canvas.text((x, y + 44), "本人認証のコードは", 24)
    code = canvas.text((x, y + 96), CODE, 52)
    canvas.text((x, y + 176), "です。他人に教えないで", 24)
    canvas.text((x, y + 216), "ください。", 24)
    return {"コード": code}


def _checkout(canvas: Canvas, with_keyboard: bool = False) -> dict[str, Box]:
    left, top, right, bottom = canvas.screen
    draw = canvas.draw
    draw.rounded_rectangle(
        (left + 16, top + 56, right - 16, top + 100), radius=12, fill=(225, 225, 230)
    )
    canvas.text((left + 36, top + 64), "shop.example", 20, fill=MUTED)
    canvas.text((left + 24, top + 130), "本人認証", 34)
    canvas.text((left + 24, top + 184), "届いた6桁のコードを", 24)
    canvas.text((left + 24, top + 218), "入力してください", 24)
    field_box = (left + 24, top + 270, right - 24, top + 340)
    draw.rounded_rectangle(field_box, radius=8, fill=PAPER, outline=INK, width=3)
    targets = {"入力欄": field_box}
    button = (left + 24, top + 370, right - 24, top + 440)
    draw.rounded_rectangle(button, radius=8, fill=BLUE)
    canvas.text(
        ((button[0] + button[2]) // 2, (button[1] + button[3]) // 2),
        "送信",
        28,
        fill=PAPER,
        anchor="mm",
    )
    targets["送信"] = button
    if with_keyboard:
        targets.update(_keyboard(canvas, top + 480, bottom))
    return targets


def _keyboard(canvas: Canvas, y0: int, y1: int) -> dict[str, Box]:
    left, _, right, _ = canvas.screen
    draw = canvas.draw
    draw.rectangle((left, y0, right, y1), fill=(208, 211, 218))
    suggestion = (left + 40, y0 + 10, right - 40, y0 + 70)
    draw.rounded_rectangle(suggestion, radius=8, fill=(236, 237, 240))
    cx = (left + right) // 2
    canvas.text((cx, y0 + 28), "メッセージから", 16, fill=MUTED, anchor="mm")
    canvas.text((cx, y0 + 54), CODE, 28, anchor="mm")
    key_w, key_h = (right - left - 80) // 3, 56
    for index, label in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9"]):
        row, col = divmod(index, 3)
        x = left + 20 + col * (key_w + 20)
        y = y0 + 90 + row * (key_h + 12)
        if y + key_h > y1 - 10:
            break
        draw.rounded_rectangle((x, y, x + key_w, y + key_h), radius=8, fill=PAPER)
        canvas.text((x + key_w // 2, y + key_h // 2), label, 28, anchor="mm")
    return {"候補": suggestion}


SCREENS: dict[str, Callable[[Canvas], dict[str, Box]]] = {
    "call": _call,
    "home": _home,
    "messages": _messages,
    "message": _message,
    "checkout": _checkout,
    "keyboard": lambda canvas: _checkout(canvas, with_keyboard=True),
}
