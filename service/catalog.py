"""Devices, guides, their versions and steps, as the rest of the app asks for them."""

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
