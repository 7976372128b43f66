"""A pack file uploaded by an admin: judged by the content rules, then loaded like the seed.

A guide whose content changed gets a new version (live sessions keep theirs); one that did
not change gets none; the whole file is refused if any rule fails, and nothing is written.
"""

from pathlib import Path

from sqlalchemy import select

from service import audit
from service.bundle import IMAGES_DIR
from service.content import pack
from service.content import rules
from service.content import seed
from service.content.publishing import Refused
from service.content.rules import Problem
from service.db import db
from service.models import Device
from service.models import Image
from service.models import User

MAX_BYTES = 1024 * 1024


def import_device(data: bytes, filename: str, by: User, images_dir: Path = IMAGES_DIR):
    """Load one device file; return the seed's report, or raise ``Refused``."""
    name = Path(filename or "upload.toml").name
    if len(data) > MAX_BYTES:
        raise Refused([Problem(name, f"larger than {MAX_BYTES // 1024} KiB")])
    try:
        spec = pack.parse_device(data.decode("utf-8"), Path(name))
    except UnicodeDecodeError:
        raise Refused([Problem(name, "not UTF-8 text")]) from None
    except pack.PackError as exc:
        raise Refused([Problem(name, str(exc))]) from None
    problems = rules.device_problems(spec, images_dir) + _unstored(spec)
    if problems:
        raise Refused(problems)
    device = db.session.scalar(select(Device).where(Device.slug == spec.slug))
    before = _versions(device)
    report = seed.SeedReport()
    seed.apply_device(spec, device.position if device else 1000, images_dir, report)
    db.session.flush()
    device = db.session.scalar(select(Device).where(Device.slug == spec.slug))
    after = {"versions": _versions(device)}
    audit.record(by, "pack.import", spec.slug, {"versions": before}, after)
    db.session.commit()
    return report


def _unstored(spec) -> list[Problem]:
    """Return the pictures named by digest that this database does not hold."""
    named = {
        (f"{spec.slug}/{guide.slug}/{step.key}", step.image)
        for guide in spec.guides
        for step in guide.steps
        if step.image.startswith(pack.DIGEST_PREFIX)
    }
    if spec.image.startswith(pack.DIGEST_PREFIX):
        named.add((spec.slug, spec.image))
    digests = {image.removeprefix(pack.DIGEST_PREFIX) for _, image in named}
    stored = set(db.session.scalars(select(Image.digest).where(Image.digest.in_(digests))))
    return [
        Problem(where, f"picture {image[:19]}… is not stored here")
        for where, image in sorted(named)
        if image.removeprefix(pack.DIGEST_PREFIX) not in stored
    ]


def _versions(device: Device | None) -> dict[str, int]:
    if device is None:
        return {}
    return {g.slug: g.current_version.number for g in device.guides if g.current_version}
