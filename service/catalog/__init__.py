"""Devices, guides, their versions and steps, as the rest of the app asks for them.

``finder`` is how an operator finds the customer's phone among them.
"""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service.db import db
from service.errors import InvalidInput
from service.errors import quote
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
        raise _missing(missing, "device", f"端末「{quote(device_slug)}」はありません。")
    found = db.session.scalar(
        select(Guide).where(Guide.device_id == device.id, Guide.slug == guide_slug)
    )
    if found is None or found.current_version is None:
        message = f"端末「{quote(device_slug)}」に手順「{quote(guide_slug)}」はありません。"
        raise _missing(missing, "guide", message)
    return found


def _missing(error: type, field: str, message: str) -> Exception:
    return error(field, message) if error is InvalidInput else error(message)


# The device a guessed session switches to once the browser tells the phone's family.
FAMILY_DEFAULTS = {
    "iphone": "iphone",
    "android": "android-google-messages",
    "raku-raku": "raku-raku-smartphone",
    "basio": "basio-kantan-simple",
}


# What the operator (or CRM) says when the customer cannot tell which phone they have.
UNKNOWN_DEVICE = "unknown"


def stand_in_device(missing: type = InvalidInput) -> Device:
    """Return the device an unknown phone's session starts on: any device's guides name the
    tasks, and the session moves to the right phone once the browser tells its family."""
    found = devices()
    if not found:
        raise _missing(missing, "device", "端末がまだ一つもありません。")
    return found[0]


def device(slug: str) -> Device | None:
    """Return the device with ``slug``, or None."""
    return db.session.scalar(select(Device).where(Device.slug == slug))


def device_for_family(family: str) -> Device | None:
    """Return the device a phone of ``family`` most likely is."""
    slug = FAMILY_DEFAULTS.get(family)
    return device(slug) if slug else None
