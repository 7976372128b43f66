"""A device's published guides back to a TOML file of the pack: reviewable, and seedable.

Shipped illustrations are written by their spec name (as the pack names them); a picture an
admin uploaded has no spec, so it is written as ``sha256:<digest>`` and must already be
stored where the file is imported.
"""

import tomli_w

from service.content import illustrations
from service.content import versions
from service.content.pack import DIGEST_PREFIX
from service.models import Device

HEADER = (
    "# Exported from Tebiki: the published version of each guide of this device.\n"
    "# Review it like any pack file; importing it runs the same content rules.\n"
)


def picture_name(digest: str | None) -> str:
    """Return how the pack names a stored picture: its spec, or its digest."""
    if not digest:
        return ""
    return illustrations.name_of(digest) or f"{DIGEST_PREFIX}{digest}"


def device_document(device: Device) -> dict:
    """Return the device and its guides' current versions as one pack file's table."""
    guides = []
    for guide in device.guides:
        if guide.current_version is None:
            continue
        body = versions.body_of(guide.current_version)
        for step in body["steps"]:
            step["image"] = picture_name(step["image"])
            if not step["image"]:
                del step["image"]
        guides.append(body)
    document = {
        "slug": device.slug,
        "name": device.name,
        "family": device.family,
        "traits": list(device.traits),
        "sms_apps": list(device.sms_apps),
        "aliases": list(device.aliases),
        "position": device.position,
        "guides": guides,
    }
    if device.image_digest:
        document["image"] = picture_name(device.image_digest)
    return document


def device_toml(device: Device) -> str:
    """Return the device as the text of a pack file."""
    return HEADER + tomli_w.dumps(device_document(device), multiline_strings=True)
