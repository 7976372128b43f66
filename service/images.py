"""Images stored by content: the SHA-256 of the bytes is the name, so every node agrees."""

import hashlib
import io

import PIL.Image

from service.db import db
from service.errors import InvalidInput
from service.models import Image

CONTENT_TYPES = {"PNG": "image/png", "WEBP": "image/webp", "JPEG": "image/jpeg"}


def store(data: bytes) -> Image:
    """Keep ``data`` (once) and return its row; the same bytes always give the same row."""
    digest = hashlib.sha256(data).hexdigest()
    existing = db.session.get(Image, digest)
    if existing is not None:
        return existing
    try:
        with PIL.Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            content_type = CONTENT_TYPES.get(picture.format or "")
    except PIL.UnidentifiedImageError:
        raise InvalidInput("image", "画像として読み取れません。") from None
    if content_type is None:
        raise InvalidInput("image", "PNG・WebP・JPEG の画像だけを使えます。")
    image = Image(digest=digest, content_type=content_type, width=width, height=height, data=data)
    db.session.add(image)
    return image


def get(digest: str) -> Image | None:
    """Return the stored image named ``digest``, bytes included."""
    return db.session.get(Image, digest)
