"""Load the default content pack: devices, guides and steps from TOML, pictures from images/.

Loading is idempotent: a guide gets a new version only when its content changed, so running
it twice changes nothing and live sessions keep the version they started with.
"""

import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from service import images
from service.db import db
from service.models import Device
from service.models import Guide
from service.models import GuideVersion
from service.models import Step

CONTENT_DIR = Path(__file__).parent / "content"
IMAGES_DIR = Path(__file__).parent.parent / "images"


@dataclass
class SeedReport:
    devices_added: int = 0
    guides_added: int = 0
    versions_added: int = 0

    def __str__(self) -> str:
        return (
            f"{self.devices_added} devices added, {self.guides_added} guides added, "
            f"{self.versions_added} guide versions added"
        )


def seed(content_dir: Path = CONTENT_DIR, images_dir: Path = IMAGES_DIR) -> SeedReport:
    """Bring the database's devices and guides up to the pack in ``content_dir``."""
    report = SeedReport()
    for path in sorted(content_dir.glob("*.toml")):
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        device = _upsert_device(spec, report)
        for position, guide_spec in enumerate(spec.get("guides", []), start=1):
            _upsert_guide(device, guide_spec, position, images_dir, report)
    db.session.commit()
    return report


def _upsert_device(spec: dict, report: SeedReport) -> Device:
    device = db.session.scalar(select(Device).where(Device.slug == spec["slug"]))
    if device is None:
        device = Device(slug=spec["slug"])
        db.session.add(device)
        report.devices_added += 1
    device.name = spec["name"]
    device.position = spec.get("position", 0)
    return device


def _upsert_guide(
    device: Device, spec: dict, position: int, images_dir: Path, report: SeedReport
) -> None:
    guide = None
    if device.id is not None:
        guide = db.session.scalar(
            select(Guide).where(Guide.device_id == device.id, Guide.slug == spec["slug"])
        )
    if guide is None:
        guide = Guide(device=device, slug=spec["slug"])
        db.session.add(guide)
        report.guides_added += 1
    guide.title = spec["title"]
    guide.position = position

    steps = [_step_fields(step, images_dir) for step in spec["steps"]]
    content_hash = hashlib.sha256(
        json.dumps([guide.title, steps], ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()
    current = guide.current_version
    if current is not None and current.content_hash == content_hash:
        return
    version = GuideVersion(
        guide=guide,
        number=(current.number + 1) if current else 1,
        content_hash=content_hash,
    )
    db.session.add(version)
    for number, fields in enumerate(steps, start=1):
        db.session.add(Step(guide_version=version, number=number, **fields))
    report.versions_added += 1


def _step_fields(spec: dict, images_dir: Path) -> dict:
    digest = None
    if spec.get("image"):
        digest = images.store((images_dir / spec["image"]).read_bytes()).digest
    return {
        "title": spec["title"],
        "text": spec["text"].strip(),
        "operator_script": spec["script"].strip(),
        "image_digest": digest,
        "image_alt": spec.get("alt", ""),
    }
