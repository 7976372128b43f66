"""Uploaded screenshots kept: run the pipeline, store the renditions by digest, note the upload
so admins (and the step editor's picker) can find it again."""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service.db import db
from service.illustrate import MASTER
from service.media import store
from service.media.pictures import Picture
from service.media.pictures import pictures
from service.media.uploads import pipeline
from service.media.uploads.boxes import Box
from service.models import ApiKey
from service.models import ImageUpload
from service.models import User

NAME_LIMIT = 120
DEFAULT_NAME = "スクリーンショット"


@dataclass(frozen=True)
class Upload:
    """What an admin sent: the file's bytes and what to do with them."""

    data: bytes
    name: str = ""
    target: Box | None = None
    redactions: tuple[Box, ...] = ()
    redact_mode: str = "fill"
    mark: str = "ring"


@dataclass(frozen=True)
class Choice:
    """An uploaded picture as a picker lists it: the digest a step names, a name, a thumbnail."""

    digest: str
    name: str
    thumbnail: str


def limits() -> pipeline.Limits:
    """Return this app's upload limits (UPLOAD_MAX_BYTES, UPLOAD_MAX_PIXELS)."""
    config = current_app.config
    return pipeline.Limits(config["UPLOAD_MAX_BYTES"], config["UPLOAD_MAX_PIXELS"])


def accept(
    upload: Upload, now: datetime, user: User | None = None, api_key: ApiKey | None = None
) -> ImageUpload:
    """Process ``upload`` and keep it; the same result twice is one picture, noted once."""
    made = pipeline.process(
        upload.data, limits(), upload.target, upload.redactions, upload.redact_mode, upload.mark
    )
    try:
        source = store.store_renditions(made.renditions, MASTER)
        record = db.session.get(ImageUpload, source.digest)
        if record is None:
            target = upload.target or (None, None, None, None)
            record = ImageUpload(
                digest=source.digest,
                name=upload.name.strip()[:NAME_LIMIT] or DEFAULT_NAME,
                uploaded_by_id=user.id if user else None,
                api_key_id=api_key.id if api_key else None,
                created_at=now,
                source_width=made.source_size[0],
                source_height=made.source_size[1],
                target_x=target[0],
                target_y=target[1],
                target_w=target[2],
                target_h=target[3],
                mark=upload.mark,
                redactions=len(upload.redactions),
            )
            db.session.add(record)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return record


def listed() -> list[tuple[ImageUpload, Picture | None]]:
    """Return every upload, newest first, with its picture's rendition URLs."""
    records = list(
        db.session.scalars(
            select(ImageUpload)
            .options(selectinload(ImageUpload.uploaded_by), selectinload(ImageUpload.api_key))
            .order_by(ImageUpload.created_at.desc())
        )
    )
    found = pictures([r.digest for r in records])
    return [(record, found.get(record.digest)) for record in records]


def choices() -> list[Choice]:
    """List the uploaded pictures for a step's picker: digest, name, small PNG's URL."""
    return [
        Choice(record.digest, record.name, picture.small)
        for record, picture in listed()
        if picture is not None
    ]
