"""Self-service use: how often the public help pages and their PDFs are opened, per day."""

import enum
from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from service.db import db
from service.db import enum_column


class UseKind(enum.Enum):
    """What was opened: one step of a help page, or the printable sheet of a guide."""

    PAGE = "page"
    PDF = "pdf"


class HelpUse(db.Model):
    """One day's count of one help page step (or a guide's PDF); no person is recorded."""

    __tablename__ = "help_uses"

    # Slugs, not ids: the counts outlive a guide's versions and read without a join.
    day: Mapped[date] = mapped_column(primary_key=True)
    device_slug: Mapped[str] = mapped_column(String(60), primary_key=True)
    guide_slug: Mapped[str] = mapped_column(String(60), primary_key=True)
    kind: Mapped[UseKind] = mapped_column(enum_column(UseKind, "use_kind"), primary_key=True)
    # The step's stable key (its number moves between versions); "" for a PDF.
    step_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
