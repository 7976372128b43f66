"""A device's own fields as admins edit them: names, aliases, family, the finder's answers
and the card picture. They are not versioned (a session holds a guide version, not a
device), so each save is checked here and kept in the audit log."""

from dataclasses import asdict
from dataclasses import dataclass

from service import audit
from service.catalog.finder import SMS_APPS
from service.content.pack import FAMILIES
from service.content.pack import TRAITS
from service.db import db
from service.models import Device
from service.models import Image
from service.models import User


@dataclass
class DeviceFields:
    name: str
    family: str
    aliases: list[str]
    traits: list[str]
    sms_apps: list[str]
    image_digest: str | None

    def check(self) -> dict[str, str]:
        """Return what is wrong, by field; empty when the fields may be saved."""
        problems = {}
        if not self.name or len(self.name) > 120:
            problems["name"] = "名前を 120 文字までで入れてください。"
        if self.family not in FAMILIES:
            problems["family"] = "種類を一覧から選んでください。"
        if not self.aliases:
            problems["aliases"] = "お客様が言う呼び方を 1 つ以上入れてください。"
        if set(self.traits) - TRAITS:
            problems["traits"] = "見分ける質問は一覧から選んでください。"
        if not self.sms_apps or set(self.sms_apps) - set(SMS_APPS):
            problems["sms_apps"] = "SMS のアプリを 1 つ以上、一覧から選んでください。"
        if self.image_digest and db.session.get(Image, self.image_digest) is None:
            problems["image_digest"] = "その絵は保存されていません。"
        return problems


def fields_of(device: Device) -> DeviceFields:
    """Return a device's editable fields as they are now."""
    return DeviceFields(
        name=device.name,
        family=device.family,
        aliases=list(device.aliases),
        traits=list(device.traits),
        sms_apps=list(device.sms_apps),
        image_digest=device.image_digest,
    )


def save(device: Device, fields: DeviceFields, by: User) -> None:
    """Write checked fields and their audit entry in one transaction."""
    before = asdict(fields_of(device))
    for name, value in asdict(fields).items():
        setattr(device, name, value)
    if before != asdict(fields):
        audit.record(by, "device.edit", device.slug, before, asdict(fields))
    db.session.commit()
