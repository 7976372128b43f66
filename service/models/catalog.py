"""The content customers are guided through: devices, guides, frozen versions, steps."""

from datetime import datetime

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import false
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from service.db import db
from service.db import enum_column
from service.db import utcnow
from service.models.media import Image
from service.models.outcomes import Ending


class Device(db.Model):
    """A phone model (or family) with its own illustrated guides."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    # "iphone", "android", "raku-raku", "basio": what the browser's user agent can confirm.
    family: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # The names customers say: 「らくらくホン」, 「アイフォン」, 「ギャラクシー」...
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # What the operator can ask about: "home_button", "apple", "big_buttons".
    traits: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # The SMS apps its owners may see: what the finder asks the customer about.
    sms_apps: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    image_digest: Mapped[str | None] = mapped_column(ForeignKey("images.digest"))

    guides: Mapped[list["Guide"]] = relationship(back_populates="device", order_by="Guide.position")


class Guide(db.Model):
    """One task on one device; its content lives in numbered versions."""

    __tablename__ = "guides"
    __table_args__ = (UniqueConstraint("device_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), index=True)
    slug: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)

    device: Mapped[Device] = relationship(back_populates="guides")
    versions: Mapped[list["GuideVersion"]] = relationship(
        back_populates="guide", order_by="GuideVersion.number"
    )

    @property
    def current_version(self) -> "GuideVersion | None":
        """Return the newest version, the one new sessions start on."""
        return self.versions[-1] if self.versions else None


class GuideVersion(db.Model):
    """A frozen set of steps; a live session keeps the version it started with."""

    __tablename__ = "guide_versions"
    __table_args__ = (UniqueConstraint("guide_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("guides.id"), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    guide: Mapped[Guide] = relationship(back_populates="versions")
    steps: Mapped[list["Step"]] = relationship(
        back_populates="guide_version", order_by="Step.number"
    )

    @property
    def total_steps(self) -> int:
        """Return how many steps the version has (on every branch)."""
        return len(self.steps)

    def step(self, number: int) -> "Step":
        """Return the step numbered ``number`` (numbers start at 1, in pack order)."""
        return self.steps[number - 1]

    def step_by_key(self, key: str) -> "Step | None":
        """Return the step whose stable key is ``key``, or None."""
        return next((step for step in self.steps if step.key == key), None)


class Step(db.Model):
    """One screen of a guide version: what the customer sees and the operator says."""

    __tablename__ = "steps"
    __table_args__ = (UniqueConstraint("guide_version_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_version_id: Mapped[int] = mapped_column(ForeignKey("guide_versions.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    operator_script: Mapped[str] = mapped_column(Text)
    image_digest: Mapped[str | None] = mapped_column(ForeignKey("images.digest"))
    image_alt: Mapped[str] = mapped_column(String(200), default="")
    # Stable name within the guide, used by branches in the pack.
    key: Mapped[str] = mapped_column(String(60), default="", server_default="")
    # The step 次へ leads to; None on an end step (できました) or a choice step.
    next_step: Mapped[int | None]
    # Shows 「この番号は誰にも教えないでください（オペレーターにも）」 with the step.
    warning: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Set when a fact is unconfirmed on a real handset; says what to verify.
    needs_check: Mapped[str | None] = mapped_column(Text)
    # On an end step: whether reaching it means the order went through, or the operator
    # must take over. None on every other step.
    ending: Mapped[Ending | None] = mapped_column(enum_column(Ending, "ending"))
    # Where the step's facts come from: public pages (URLs) or "seen on <model>, <OS>".
    sources: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")

    guide_version: Mapped[GuideVersion] = relationship(back_populates="steps")
    image: Mapped[Image | None] = relationship()
    choices: Mapped[list["StepChoice"]] = relationship(
        back_populates="step", order_by="StepChoice.position"
    )

    @property
    def is_end(self) -> bool:
        """Whether this step ends the guide (no 次へ and no choices)."""
        return self.next_step is None and not self.choices


class StepChoice(db.Model):
    """One answer a customer can pick on a step, and the step it leads to."""

    __tablename__ = "step_choices"
    __table_args__ = (UniqueConstraint("step_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("steps.id"), index=True)
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(60))
    next_step: Mapped[int]
    # On a "which mail app?" step: the app this answer stands for ("gmail", "docomo"...), so a
    # session whose customer's mail domain is received by that app skips the question.
    app: Mapped[str | None] = mapped_column(String(20))

    step: Mapped[Step] = relationship(back_populates="choices")
