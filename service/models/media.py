"""Images stored by the SHA-256 of their bytes, and their renditions."""

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from service.db import db
from service.db import utcnow


class Image(db.Model):
    """An image's bytes, addressed by their SHA-256 so any node can serve any image."""

    __tablename__ = "images"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    # Deferred: pages need the size, only the image view needs the bytes.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImageRendition(db.Model):
    """A smaller or differently encoded copy of an image, itself stored by digest."""

    __tablename__ = "image_renditions"

    source_digest: Mapped[str] = mapped_column(ForeignKey("images.digest"), primary_key=True)
    width: Mapped[int] = mapped_column(primary_key=True)
    format: Mapped[str] = mapped_column(String(10), primary_key=True)
    digest: Mapped[str] = mapped_column(ForeignKey("images.digest"))
