"""Devices, guides, their versions and steps, as the rest of the app asks for them."""

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service.db import db
from service.errors import InvalidInput
from service.models import Device
from service.models import Guide
from service.models import GuideVersion


def devices() -> list[Device]:
    """Return every device with its guides and their current versions, in display order."""
    return list(
        db.session.scalars(
            select(Device)
            .order_by(Device.position, Device.name)
            .options(
                selectinload(Device.guides)
                .selectinload(Guide.versions)
                .selectinload(GuideVersion.steps)
            )
        )
    )


def guide(device_slug: str, guide_slug: str, missing: type = InvalidInput) -> Guide:
    """Return the guide ``guide_slug`` of device ``device_slug``.

    An unknown slug raises ``missing``: ``InvalidInput`` when the slugs came in a request
    body, ``NotFound`` when they are the path of the thing asked for.
    """
    device = db.session.scalar(select(Device).where(Device.slug == device_slug))
    if device is None:
        raise _missing(missing, "device", f"No device {device_slug!r}.")
    found = db.session.scalar(
        select(Guide).where(Guide.device_id == device.id, Guide.slug == guide_slug)
    )
    if found is None or found.current_version is None:
        raise _missing(missing, "guide", f"Device {device_slug!r} has no guide {guide_slug!r}.")
    return found


def _missing(error: type, field: str, message: str) -> Exception:
    return error(field, message) if error is InvalidInput else error(message)


def guide_by_id(guide_id: int) -> Guide:
    """Return the guide with ``guide_id`` or raise ``InvalidInput``."""
    found = db.session.get(Guide, guide_id)
    if found is None or found.current_version is None:
        raise InvalidInput("guide", "案内する手順を選んでください。")
    return found


# The device a guessed session switches to once the browser tells the phone's family.
FAMILY_DEFAULTS = {
    "iphone": "iphone",
    "android": "android-google-messages",
    "raku-raku": "raku-raku-smartphone",
    "basio": "basio-kantan-simple",
}
# Questions the operator can ask the customer, each about one device trait.
QUESTIONS = (
    ("home_button", "画面の下に、押せるボタン（ホームボタン）がありますか？"),
    ("apple", "スマホの裏に、りんごのマークがありますか？"),
    ("big_buttons", "ホーム画面に、大きな「電話」「メール」のボタンがありますか？"),
)


def device(slug: str) -> Device | None:
    """Return the device with ``slug``, or None."""
    return db.session.scalar(select(Device).where(Device.slug == slug))


def device_for_family(family: str) -> Device | None:
    """Return the device a phone of ``family`` most likely is."""
    slug = FAMILY_DEFAULTS.get(family)
    return device(slug) if slug else None


def normalise(text: str) -> str:
    """Fold what people type: width, case, katakana to hiragana, spaces and dashes dropped."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    hiragana = "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in folded)
    return re.sub(r"[\s\-‐－ー・_/]", "", hiragana)


def search(devices: list[Device], query: str, answers: dict[str, bool]) -> list[Device]:
    """Return the devices whose name or alias contains ``query`` and whose traits fit.

    ``answers`` maps a trait (see QUESTIONS) to the customer's yes (True) or no (False).
    """
    wanted = normalise(query)
    found = []
    for candidate in devices:
        names = [candidate.name, candidate.slug, *candidate.aliases]
        if wanted and not any(wanted in normalise(name) for name in names):
            continue
        if any((trait in candidate.traits) != yes for trait, yes in answers.items()):
            continue
        found.append(candidate)
    return found
