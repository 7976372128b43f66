"""The drawing surface shared by frames, screens and marks: colours, fonts, text."""

from dataclasses import dataclass
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image
from PIL import ImageDraw
from PIL import ImageFont

WIDTH, HEIGHT = 720, 1000

INK = (17, 17, 17)
PAPER = (255, 255, 255)
BODY = (40, 40, 46)
SCREEN_BG = (246, 246, 248)
MUTED = (90, 90, 96)
RULE = (210, 210, 214)
RING = (214, 0, 0)
BLUE = (10, 80, 200)
GREEN = (40, 160, 70)
DARK = (48, 52, 60)
END_RED = (230, 40, 40)

CODE = "123456"
OLD_CODE = "804512"
SENDER = "カード会社"

Box = tuple[int, int, int, int]


@lru_cache(maxsize=64)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    # Basic layout: no system shaping library, so the same font gives the same pixels.
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


@dataclass
class Canvas:
    """Where a painter draws: the whole image, the phone's screen inside it, and a font."""

    draw: ImageDraw.ImageDraw
    font_path: Path
    screen: Box = (0, 0, WIDTH, HEIGHT)
    targets: dict[str, Box] = field(default_factory=dict)
    # Icon colours that differ by phone family (an app name -> RGB).
    colours: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    # The phone being drawn (a frames.Frame) and how it goes home: "home_button", "island",
    # "gesture", "keys" or "hardware"; set by the frame so shared pieces can follow the family.
    frame: Any = None
    nav: str = "home_button"
    # The picture itself, so that overlays can pick a colour that shows on what lies below.
    image: Image.Image | None = None
    # Set by a screen that shows a call going on, for frames that draw it in their own chrome.
    in_call: bool = False
    # The display's rounded corners, so a screen can fill it without squaring them.
    screen_radius: int = 0
    screen_corners: tuple[bool, bool, bool, bool] = (True, True, True, True)

    @property
    def family(self) -> str:
        """Which body is drawn: iphone, android, raku or basio."""
        return self.frame.family if self.frame is not None else "iphone"

    def is_dark_at(self, xy: tuple[int, int]) -> bool:
        """Whether the picture is dark at ``xy`` (so a mark drawn there should be light)."""
        if self.image is None:
            return False
        red, green, blue = self.image.getpixel(xy)[:3]
        return red * 299 + green * 587 + blue * 114 < 128_000

    def font(self, size: int) -> ImageFont.FreeTypeFont:
        return _font(str(self.font_path), size)

    def text(self, xy, text: str, size: int, fill=INK, anchor: str = "la") -> Box:
        """Draw ``text`` and return the box it covers."""
        font = self.font(size)
        self.draw.text(xy, text, font=font, fill=fill, anchor=anchor)
        return tuple(int(v) for v in self.draw.textbbox(xy, text, font=font, anchor=anchor))

    def fill_screen(self, colour) -> None:
        """Paint the whole screen one colour, keeping the display's rounded corners."""
        self.draw.rounded_rectangle(
            self.screen, radius=self.screen_radius, fill=colour, corners=self.screen_corners
        )

    def width_of(self, text: str, size: int) -> int:
        return int(self.draw.textlength(text, font=self.font(size)))

    def target(self, name: str, box: Box) -> Box:
        """Name ``box`` so a spec can highlight it."""
        self.targets[name] = tuple(int(v) for v in box)
        return box

    @property
    def left(self) -> int:
        return self.screen[0]

    @property
    def top(self) -> int:
        return self.screen[1]

    @property
    def right(self) -> int:
        return self.screen[2]

    @property
    def bottom(self) -> int:
        return self.screen[3]

    @property
    def centre_x(self) -> int:
        return (self.screen[0] + self.screen[2]) // 2
