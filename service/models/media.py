"""Images stored by the SHA-256 of their bytes, and their renditions."""

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from service.db import db
from service.db import utcnow
from service.models.staff import ApiKey
from service.models.staff import User


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


class ImageUpload(db.Model):
    """An admin's screenshot, as stored: its picture (by digest), a name, who, when, where the
    highlight is (in the screenshot's own upright pixels)."""

    __tablename__ = "image_uploads"

    digest: Mapped[str] = mapped_column(ForeignKey("images.digest"), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    source_width: Mapped[int]
    source_height: Mapped[int]
    target_x: Mapped[int | None] = mapped_column(Integer)
    target_y: Mapped[int | None] = mapped_column(Integer)
    target_w: Mapped[int | None] = mapped_column(Integer)
    target_h: Mapped[int | None] = mapped_column(Integer)
    mark: Mapped[str] = mapped_column(String(16), default="ring", server_default="ring")
    uploaded_by: Mapped[User | None] = relationship()
    api_key: Mapped[ApiKey | None] = relationship()
    # How many boxes were hidden before it was stored (their places are not kept).
    redactions: Mapped[int] = mapped_column(default=0, server_default="0")

    @property
    def target(self) -> tuple[int, int, int, int] | None:
        """The highlighted box as (x, y, w, h), or None when nothing is highlighted."""
        if self.target_x is None:
            return None
        return (self.target_x, self.target_y, self.target_w, self.target_h)
