"""Images stored by content: the SHA-256 of the bytes is the name, so every node agrees."""

import hashlib
import io

import PIL.Image
from sqlalchemy import select

from service.db import db
from service.errors import InvalidInput
from service.models import Image
from service.models import ImageRendition

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


def add_rendition(source: Image, width: int, fmt: str, rendition: Image) -> None:
    """Record ``rendition`` as the ``width``-pixel ``fmt`` copy of ``source`` (idempotent)."""
    key = (source.digest, width, fmt)
    existing = db.session.get(ImageRendition, key)
    if existing is None:
        db.session.add(
            ImageRendition(
                source_digest=source.digest, width=width, format=fmt, digest=rendition.digest
            )
        )
    else:
        existing.digest = rendition.digest


def store_renditions(files: dict[tuple[int, str], bytes], master: tuple[int, str]) -> Image:
    """Keep a picture's renditions; return the row of its ``master``, whose digest names it."""
    source = store(files[master])
    for (width, fmt), data in files.items():
        add_rendition(source, width, fmt, store(data))
    return source


def renditions_of(digests: list[str]) -> dict[str, tuple[tuple[int, int], dict]]:
    """Return, for each source digest that has renditions, its (width, height) and its
    renditions' digests keyed by (width, format), in one query."""
    found: dict[str, tuple[tuple[int, int], dict]] = {}
    if digests:
        rows = db.session.execute(
            select(ImageRendition, Image.width, Image.height)
            .join(Image, Image.digest == ImageRendition.source_digest)
            .where(ImageRendition.source_digest.in_(digests))
        )
        for rendition, width, height in rows:
            _, by_kind = found.setdefault(rendition.source_digest, ((width, height), {}))
            by_kind[(rendition.width, rendition.format)] = rendition.digest
    return found


def get(digest: str) -> Image | None:
    """Return the stored image named ``digest`` (its bytes load when first read)."""
    return db.session.get(Image, digest)
