"""Load the default content pack (see ``service.content.pack``) into the database.

Loading is idempotent: a guide gets a new version only when its content changed, so running
it twice changes nothing and live sessions keep the version they started with.
"""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from service.bundle import IMAGES_DIR
from service.content import pack
from service.content import versions
from service.content.pack import DeviceSpec
from service.content.pack import GuideSpec
from service.db import db
from service.hints import issuers
from service.illustrate import MASTER
from service.illustrate import RENDITIONS
from service.illustrate import rendition_path
from service.media import store
from service.models import Device
from service.models import Guide


@dataclass
class SeedReport:
    devices_added: int = 0
    guides_added: int = 0
    versions_added: int = 0
    issuers_changed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.devices_added} devices added, {self.guides_added} guides added, "
            f"{self.versions_added} guide versions added, "
            f"{self.issuers_changed} card issuers added or updated"
        )


def seed(content_dir: Path = pack.CONTENT_DIR, images_dir: Path = IMAGES_DIR) -> SeedReport:
    """Bring the database's devices and guides up to the pack in ``content_dir``."""
    report = SeedReport()
    for position, spec in enumerate(pack.load(content_dir), start=1):
        apply_device(spec, position, images_dir, report)
    db.session.commit()
    report.issuers_changed = issuers.seed()
    return report


def apply_device(spec: DeviceSpec, position: int, images_dir: Path, report: SeedReport) -> None:
    """Bring one device and its guides up to ``spec`` (a new version where content changed)."""
    device = _upsert_device(spec, position, report)
    device.image_digest = _import_image(images_dir, spec.image) if spec.image else None
    for guide_position, guide_spec in enumerate(spec.guides, start=1):
        _upsert_guide(device, guide_spec, guide_position, images_dir, report)


def _upsert_device(spec: DeviceSpec, position: int, report: SeedReport) -> Device:
    device = db.session.scalar(select(Device).where(Device.slug == spec.slug))
    if device is None:
        device = Device(slug=spec.slug)
        db.session.add(device)
        report.devices_added += 1
    device.name = spec.name
    device.family = spec.family
    device.aliases = spec.aliases
    device.traits = spec.traits
    device.sms_apps = spec.sms_apps
    device.position = spec.position or position
    return device


def _upsert_guide(
    device: Device, spec: GuideSpec, position: int, images_dir: Path, report: SeedReport
) -> None:
    guide = None
    if device.id is not None:
        guide = db.session.scalar(
            select(Guide).where(Guide.device_id == device.id, Guide.slug == spec.slug)
        )
    if guide is None:
        guide = Guide(device=device, slug=spec.slug, title=spec.title)
        db.session.add(guide)
        report.guides_added += 1
    guide.position = position
    rows = versions.step_rows(spec, lambda name: _import_image(images_dir, name))
    if versions.add_version(guide, spec.title, rows) is not None:
        report.versions_added += 1


def _import_image(images_dir: Path, name: str) -> str:
    """Store an illustration's renditions; return the digest of its master (720 px PNG).

    A picture named by digest (an export's uploaded screenshot) is already stored."""
    if name.startswith(pack.DIGEST_PREFIX):
        return name.removeprefix(pack.DIGEST_PREFIX)
    spec_path = images_dir / f"{name}.toml"
    files = {
        (width, fmt): rendition_path(spec_path, width, fmt).read_bytes()
        for width, fmt in RENDITIONS
    }
    return store.store_renditions(files, MASTER).digest
