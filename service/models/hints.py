"""What the operator can tell Tebiki before sending: the card issuer and how it sends codes."""

import enum
from datetime import datetime

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from service.db import db
from service.db import enum_column
from service.models.staff import User


class Channel(enum.StrEnum):
    """How a card issuer sends its 3-D Secure one-time code."""

    SMS = "sms"
    EMAIL = "email"
    # The card holder chose one of the two when registering (JCB): ask which.
    SMS_OR_EMAIL = "sms_or_email"
    # An authenticator app shows the code (AEON): no guide of ours fits.
    APP = "app"
    # An app or SMS, depending on the card (dカード: by the card number's first digits).
    SMS_OR_APP = "sms_or_app"


CHANNEL_NAMES = {
    Channel.SMS: "SMS",
    Channel.EMAIL: "メール",
    Channel.SMS_OR_EMAIL: "SMS かメール（お客様が登録した方）",
    Channel.APP: "カード会社のアプリ",
    Channel.SMS_OR_APP: "SMS かカード会社のアプリ（カードによる）",
}


class CardIssuer(db.Model):
    """A card issuer: how it sends codes and which guide to send first, with sources.

    Seeded from the pack's ``hints/issuers.toml``; an admin may edit a row, after which the
    seed leaves it alone (``edited_at`` is set).
    """

    __tablename__ = "card_issuers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    # What operators type to find it: 「みついすみとも」, "SMBC", 「Vpass」...
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "channel"))
    # The guide (by slug, on every device) to send first; "" when none of ours fits.
    guide_slug: Mapped[str] = mapped_column(String(60), default="", server_default="")
    # What the operator says or asks: operator-only, never shown to the customer.
    script: Mapped[str] = mapped_column(Text, default="", server_default="")
    sources: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    needs_check: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    edited_at: Mapped[datetime | None]
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    edited_by: Mapped[User | None] = relationship()
