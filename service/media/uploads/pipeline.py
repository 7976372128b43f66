"""The upload pipeline as pure functions: bytes in, an upright, clean picture and its renditions
out. Nothing here touches the database (``records`` stores what comes out).

``read`` trusts nothing the sender says: the format comes from the magic bytes (Pillow's own
sniffing, limited to the formats we take), the size is checked before anything is decoded,
the declared pixels before the pixels are, and what is decoded is copied into a fresh image
so no metadata (EXIF, GPS, ICC, text chunks) can ride along into what we store.
"""

import io
import warnings
from dataclasses import dataclass

import pillow_heif
from PIL import Image
from PIL import ImageCms
from PIL import ImageDraw
from PIL import ImageFilter
from PIL import ImageOps
from PIL import UnidentifiedImageError

from service.errors import InvalidInput
from service.errors import TooLarge
from service.illustrate import encode_all
from service.illustrate.canvas import WIDTH
from service.illustrate.marks import MARKS
from service.media.uploads.boxes import Box
from service.media.uploads.boxes import check_inside

pillow_heif.register_heif_opener()

# What Pillow may try to read a file as: only these formats' decoders ever see the bytes.
FORMATS = ("PNG", "JPEG", "WEBP", "HEIF")
# Screenshots hold gradients and photos that the drawings' 64 colours would band.
COLOURS = 256
FILL = (40, 40, 46)
REDACT_MODES = {"fill": "塗りつぶす", "blur": "ぼかす"}
NOT_AN_IMAGE = (
    "画像として読み取れません。PNG・JPEG・WebP・HEIC の画像を送ってください"
    "（ファイル名ではなく中身で判断しています）。"
)
BROKEN = "画像が壊れていて読み取れません。もう一度スクリーンショットを撮って送ってください。"
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Limits:
    """How large an upload may be: bytes of the file, pixels once decoded."""

    max_bytes: int
    max_pixels: int


@dataclass(frozen=True)
class Made:
    """What the pipeline made: the source's upright size and every rendition's bytes."""

    source_size: tuple[int, int]
    renditions: dict[tuple[int, str], bytes]


def process(
    data: bytes,
    limits: Limits,
    target: Box | None = None,
    redactions: tuple[Box, ...] = (),
    redact_mode: str = "fill",
    mark: str = "ring",
) -> Made:
    """Run the whole pipeline on an uploaded file; refuse it with a message saying why."""
    if mark not in MARKS:
        raise InvalidInput("mark", f"印は {'・'.join(MARKS)} のどれかにしてください。")
    if redact_mode not in REDACT_MODES:
        raise InvalidInput("redact_mode", "隠し方は fill（塗りつぶす）か blur（ぼかす）です。")
    picture = read(data, limits)
    if target is not None:
        check_inside(target, picture.size, "target", "押す場所")
    for box in redactions:
        check_inside(box, picture.size, "redact", "隠す範囲")
    redacted = redact(picture, redactions, redact_mode)
    return Made(picture.size, encode_all(master(redacted, target, mark), COLOURS))


def read(data: bytes, limits: Limits) -> Image.Image:
    """Return the picture in ``data`` upright, in sRGB, without metadata, or refuse it."""
    if len(data) > limits.max_bytes:
        raise TooLarge(
            f"ファイルが大きすぎます（{_megabytes(len(data))}）。"
            f"{_megabytes(limits.max_bytes)} までの画像を送ってください。"
        )
    if not data:
        raise InvalidInput("file", "ファイルが空です。画像を選んでください。")
    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice it: treat that as the bomb it is.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(io.BytesIO(data), formats=FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _bomb(limits) from None
        except UnidentifiedImageError:
            raise InvalidInput("file", NOT_AN_IMAGE) from None
        width, height = picture.size
        # Checked on the header, before a single pixel is decoded.
        if width * height > limits.max_pixels:
            raise _bomb(limits, (width, height))
        try:
            picture.load()
            upright = ImageOps.exif_transpose(picture)
            return _clean(upright)
        except Exception:  # any decoder failure on untrusted bytes means a broken file
            raise InvalidInput("file", BROKEN) from None


def redact(picture: Image.Image, boxes: tuple[Box, ...], mode: str) -> Image.Image:
    """Return ``picture`` with each box filled, or blurred past reading."""
    result = picture.copy()
    draw = ImageDraw.Draw(result)
    for x, y, w, h in boxes:
        if mode == "fill":
            draw.rectangle((x, y, x + w - 1, y + h - 1), fill=FILL)
            continue
        # Coarse blocks first: a Gaussian blur alone can leave large text guessable.
        region = result.crop((x, y, x + w, y + h))
        block = max(12, min(w, h) // 2)
        small = region.resize((max(1, w // block), max(1, h // block)), Image.Resampling.BOX)
        coarse = small.resize((w, h), Image.Resampling.NEAREST)
        result.paste(coarse.filter(ImageFilter.GaussianBlur(block / 2)), (x, y))
    return result


def master(picture: Image.Image, target: Box | None, mark: str) -> Image.Image:
    """Return the full-width picture (720 px, as drawn ones), the highlight drawn on it."""
    scale = WIDTH / picture.width
    height = max(1, round(picture.height * scale))
    scaled = picture.resize((WIDTH, height), Image.Resampling.LANCZOS)
    if target is not None:
        x, y, w, h = target
        box = (round(x * scale), round(y * scale), round((x + w) * scale), round((y + h) * scale))
        MARKS[mark](ImageDraw.Draw(scaled), box)
    return scaled


def _clean(picture: Image.Image) -> Image.Image:
    """Return the pixels alone: in sRGB, flattened on white, in a new image with no metadata."""
    if picture.mode.startswith("I"):
        # 16-bit greys: scaled to 8 bits (a plain conversion clips them to white).
        picture = picture.convert("I").point(lambda value: value / 256).convert("L")
    icc = picture.info.get("icc_profile")
    if icc:
        picture = _to_srgb(picture, icc)
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        rgba = picture.convert("RGBA")
        picture = Image.new("RGB", rgba.size, (255, 255, 255))
        picture.paste(rgba, mask=rgba.getchannel("A"))
    clean = Image.new("RGB", picture.size)
    clean.paste(picture.convert("RGB"))
    return clean


def _to_srgb(picture: Image.Image, icc: bytes) -> Image.Image:
    # A phone's screenshot is often Display P3: convert, or its colours dull once the profile
    # is dropped. A profile that does not parse or fit the mode is ignored.
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        alpha = picture.mode in ("RGBA", "LA")
        return ImageCms.profileToProfile(
            picture, source, _SRGB, outputMode="RGBA" if alpha else "RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return picture


def _bomb(limits: Limits, size: tuple[int, int] | None = None) -> InvalidInput:
    declared = f"（{size[0]}×{size[1]}）" if size else ""
    return InvalidInput(
        "file",
        f"画像の画素数が多すぎます{declared}。{limits.max_pixels:,} 画素までの"
        "スクリーンショットを送ってください。",
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
