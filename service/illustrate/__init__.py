"""Draw step illustrations from declarative specs: a phone, one screen, one highlighted target.

A spec is a small TOML file in ``images/`` that a person can review in a diff::

    frame = "iphone-home-button"    # which phone body (see frames.FRAMES)
    screen = "call"                 # which screen on it (see screens.SCREENS)
    target = "スピーカー"            # the one place to touch, named by the screen
    mark = "ring"                   # ring, arrow, tap, swipe_up, swipe_down or avoid
    caption = "「スピーカー」を押す"   # the action in a few words, above the phone
    # nav = "gesture"               # optional: how the phone goes home (see frames.NAVS)
    # any other key is a parameter of the screen, e.g. apps = ["電話", "メッセージ"]

Each spec is rendered to four files beside it: ``<name>.720.png``, ``<name>.720.webp``,
``<name>.360.png`` and ``<name>.360.webp``. The same spec always gives the same bytes: fixed
sizes, one font file, Pillow's basic text layout, a fixed palette reduction and encoders
without timestamps.
"""

import inspect
import io
import tomllib
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from PIL import Image
from PIL import ImageDraw

from service.illustrate.canvas import HEIGHT
from service.illustrate.canvas import PAPER
from service.illustrate.canvas import WIDTH
from service.illustrate.canvas import Canvas
from service.illustrate.frames import FRAMES
from service.illustrate.frames import draw_frame
from service.illustrate.frames import draw_overlay
from service.illustrate.marks import MARKS
from service.illustrate.screens import SCREENS
from service.illustrate.screens import SHOWS_CODE

FONT_PATHS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
)
RENDITIONS = ((720, "png"), (720, "webp"), (360, "png"), (360, "webp"))
# The rendition whose digest names the picture (a step's image_digest).
MASTER = (720, "png")
CONTENT_TYPES = {"png": "image/png", "webp": "image/webp"}
PALETTE_COLOURS = 64
CAPTION_SIZE = 44


class SpecError(ValueError):
    """A spec names a frame, screen, target or parameter that does not exist."""


@dataclass
class Spec:
    frame: str
    screen: str
    caption: str
    target: str | None = None
    mark: str = "ring"
    params: dict = field(default_factory=dict)
    nav: str | None = None

    @classmethod
    def load(cls, path: Path) -> "Spec":
        """Read a spec file."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SpecError(f"{path}: {exc}") from None
        known = {
            name: data.pop(name)
            for name in ("frame", "screen", "caption", "target", "mark", "nav")
            if name in data
        }
        missing = {"frame", "screen", "caption"} - set(known)
        if missing:
            raise SpecError(f"{path}: missing {', '.join(sorted(missing))}")
        return cls(**known, params=data)

    @property
    def shows_code(self) -> bool:
        """Whether the one-time code is visible in this picture."""
        return self.screen in SHOWS_CODE and SHOWS_CODE[self.screen](self.params)


def find_font() -> Path:
    """Return the Japanese font the illustrations are drawn with."""
    for path in FONT_PATHS:
        if path.exists():
            return path
    raise FileNotFoundError(
        "No Japanese font found; install Debian's fonts-noto-cjk to build illustrations."
    )


def render(spec: Spec, font_path: Path | None = None) -> Image.Image:
    """Return the illustration of ``spec`` at full size (720 x 1000)."""
    return paint(spec, font_path).image


def paint(spec: Spec, font_path: Path | None = None) -> Canvas:
    """Draw ``spec``; return the canvas, with the picture and the places it named."""
    if spec.frame not in FRAMES:
        raise SpecError(f"unknown frame {spec.frame!r}; one of {sorted(FRAMES)}")
    if spec.screen not in SCREENS:
        raise SpecError(f"unknown screen {spec.screen!r}; one of {sorted(SCREENS)}")
    if spec.mark not in MARKS:
        raise SpecError(f"unknown mark {spec.mark!r}; one of {sorted(MARKS)}")
    painter = SCREENS[spec.screen]
    accepted = set(inspect.signature(painter).parameters) - {"canvas", "frame"}
    unknown = set(spec.params) - accepted
    if unknown:
        raise SpecError(
            f"screen {spec.screen!r} takes no {', '.join(sorted(unknown))}; "
            f"it takes {', '.join(sorted(accepted)) or 'no parameters'}"
        )

    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    canvas = Canvas(ImageDraw.Draw(image), font_path or find_font(), image=image)
    frame = FRAMES[spec.frame]
    try:
        canvas.nav = frame.nav_for(spec.nav, spec.target)
    except ValueError as exc:
        raise SpecError(f"frame {spec.frame!r}: {exc}") from None
    if frame.messages_colour:
        canvas.colours[frame.messages_app] = frame.messages_colour
    if canvas.width_of(spec.caption, CAPTION_SIZE) > WIDTH - 40:
        raise SpecError(f"caption {spec.caption!r} is too long for one line")
    canvas.text((WIDTH // 2, 60), spec.caption, CAPTION_SIZE, anchor="mm")
    draw_frame(canvas, frame)
    painter(canvas, frame, **spec.params)
    draw_overlay(canvas, frame)
    if spec.target is not None:
        if spec.target not in canvas.targets:
            raise SpecError(
                f"target {spec.target!r} is not on screen {spec.screen!r}; "
                f"one of {sorted(canvas.targets)}"
            )
        MARKS[spec.mark](canvas.draw, canvas.targets[spec.target])
    return canvas


def encode(image: Image.Image, width: int, fmt: str, colours: int = PALETTE_COLOURS) -> bytes:
    """Return one rendition: scaled to ``width``, reduced to a small palette, no metadata."""
    if image.width != width:
        image = image.resize((width, image.height * width // image.width), Image.Resampling.LANCZOS)
    reduced = image.quantize(
        colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    buffer = io.BytesIO()
    if fmt == "png":
        reduced.save(buffer, format="PNG", optimize=True)
    else:
        # Lossless keeps text edges crisp; the reduced palette keeps it small.
        reduced.convert("RGB").save(buffer, format="WEBP", lossless=True, quality=100, method=4)
    return buffer.getvalue()


def rendition_path(spec_path: Path, width: int, fmt: str) -> Path:
    """Return where the ``width``-pixel ``fmt`` rendition of a spec is kept."""
    return spec_path.with_name(f"{spec_path.stem}.{width}.{fmt}")


def renditions(spec: Spec, font_path: Path | None = None) -> dict[tuple[int, str], bytes]:
    """Return every rendition of ``spec``, keyed by (width, format)."""
    return encode_all(render(spec, font_path))


def encode_all(image: Image.Image, colours: int = PALETTE_COLOURS) -> dict[tuple[int, str], bytes]:
    """Return every rendition of a full-width picture (drawn, or an uploaded screenshot)."""
    return {(width, fmt): encode(image, width, fmt, colours) for width, fmt in RENDITIONS}


def build(images_dir: Path, font_path: Path | None = None) -> list[Path]:
    """Render every spec under ``images_dir``; write what changed, delete what no spec makes."""
    written, wanted = [], set()
    for spec_path in sorted(images_dir.rglob("*.toml")):
        for (width, fmt), data in renditions(Spec.load(spec_path), font_path).items():
            path = rendition_path(spec_path, width, fmt)
            wanted.add(path)
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
                written.append(path)
    for path in sorted(images_dir.rglob("*")):
        if path.suffix in (".png", ".webp") and path not in wanted:
            path.unlink()
            written.append(path)
    return written
