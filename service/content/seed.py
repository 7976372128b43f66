"""Load the default content pack (see ``service.content.pack``) into the database.

Loading is idempotent: a guide gets a new version only when its content changed, so running
it twice changes nothing and live sessions keep the version they started with.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from service.bundle import IMAGES_DIR
from service.content import pack
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
from service.models import GuideVersion
from service.models import Step
from service.models import StepChoice


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
        device = _upsert_device(spec, position, report)
        device.image_digest = _import_image(images_dir, spec.image) if spec.image else None
        for guide_position, guide_spec in enumerate(spec.guides, start=1):
            _upsert_guide(device, guide_spec, guide_position, images_dir, report)
    db.session.commit()
    report.issuers_changed = issuers.seed()
    return report


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
        guide = Guide(device=device, slug=spec.slug)
        db.session.add(guide)
        report.guides_added += 1
    guide.title = spec.title
    guide.position = position

    rows = _step_rows(spec, images_dir)
    content_hash = hashlib.sha256(
        json.dumps([guide.title, rows], ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()
    current = guide.current_version
    if current is not None and current.content_hash == content_hash:
        return
    version = GuideVersion(
        guide=guide, number=(current.number + 1) if current else 1, content_hash=content_hash
    )
    db.session.add(version)
    for fields in rows:
        choices = fields.pop("choices")
        step = Step(guide_version=version, **fields)
        db.session.add(step)
        for choice_position, (label, next_step, *app) in enumerate(choices, start=1):
            db.session.add(
                StepChoice(
                    step=step,
                    position=choice_position,
                    label=label,
                    next_step=next_step,
                    app=app[0] if app else None,
                )
            )
    report.versions_added += 1


def _step_rows(spec: GuideSpec, images_dir: Path) -> list[dict]:
    """Return each step's columns, with branch keys turned into step numbers."""
    numbers = {step.key: number for number, step in enumerate(spec.steps, start=1)}
    rows = []
    for index, step in enumerate(spec.steps):
        successors = spec.successors(index)
        rows.append(
            {
                "number": index + 1,
                "key": step.key,
                "title": step.title,
                "text": step.text,
                "operator_script": step.script,
                "image_digest": _import_image(images_dir, step.image) if step.image else None,
                "image_alt": step.alt,
                "next_step": None if step.choices or not successors else numbers[successors[0]],
                # An answer's app joins the content (and its hash) only where there is one.
                "choices": [
                    (c.label, numbers[c.next], *([c.app] if c.app else [])) for c in step.choices
                ],
                "warning": step.warning,
                "needs_check": step.needs_check,
                "ending": step.end if not successors else None,
                "sources": step.sources,
            }
        )
    return rows


def _import_image(images_dir: Path, name: str) -> str:
    """Store an illustration's renditions; return the digest of its master (720 px PNG)."""
    spec_path = images_dir / f"{name}.toml"
    files = {
        (width, fmt): rendition_path(spec_path, width, fmt).read_bytes()
        for width, fmt in RENDITIONS
    }
    return store.store_renditions(files, MASTER).digest
