"""Files made for the upload tests, each crafted with Pillow (or by hand, byte by byte)."""

import io
import random
import struct
import zlib

import pillow_heif
from PIL import ExifTags
from PIL import Image
from PIL import ImageDraw

# Where the crafted screenshot's parts are (x, y, w, h in its own pixels): a light page,
# a black "phone number" bar to hide and a blue button to highlight.
SIZE = (390, 844)
SECRET = (20, 100, 350, 60)
BUTTON = (95, 600, 200, 80)
BLACK, BLUE, PAGE = (0, 0, 0), (10, 80, 200), (235, 235, 240)
TOKYO = {"lat": (35.0, 41.0, 22.2), "lon": (139.0, 41.0, 30.1)}


def picture(size=SIZE) -> Image.Image:
    """Return the crafted screenshot as an image."""
    image = Image.new("RGB", size, PAGE)
    draw = ImageDraw.Draw(image)
    for (x, y, w, h), colour in ((SECRET, BLACK), (BUTTON, BLUE)):
        draw.rectangle((x, y, x + w - 1, y + h - 1), fill=colour)
    return image


def screenshot(fmt: str = "PNG", size=SIZE, **options) -> bytes:
    """Return the crafted screenshot encoded as ``fmt``."""
    buffer = io.BytesIO()
    if fmt == "HEIF":
        pillow_heif.register_heif_opener()
    picture(size).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def jpeg_with_gps() -> bytes:
    """Return a JPEG whose EXIF names a camera and a place (GPS IFD: latitude, longitude)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestPhone"
    exif[ExifTags.Base.Model] = "Secret Model 9"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = TOKYO["lat"]
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = TOKYO["lon"]
    return screenshot("JPEG", exif=exif, quality=95)


def rotated_jpeg() -> bytes:
    """Return the screenshot stored on its side, with EXIF Orientation 6 to show it upright."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90° clockwise to display"
    sideways = picture().transpose(Image.Transpose.ROTATE_90)
    buffer = io.BytesIO()
    sideways.save(buffer, format="JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """Return a tiny PNG whose header declares ``width`` x ``height`` pixels (a bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    rows = zlib.compress(b"\0" * (1 + 3 * min(width, 64)))  # a start of the pixels, no more
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def noise_png(size: int) -> bytes:
    """Return a PNG of random pixels, at least ``size`` bytes (noise does not compress)."""
    side = int((size / 3) ** 0.5) + 16
    rng = random.Random(7)
    image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def rgb_at(data: bytes, xy: tuple[int, int]) -> tuple[int, int, int]:
    """Return the colour of a stored rendition at ``xy``."""
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").getpixel(xy)
