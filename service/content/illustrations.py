"""The shipped illustrations by digest: which spec a stored picture was drawn from.

Drafts and exports carry pictures as digests; the content rules and the TOML pack speak of
specs by name. The bundle's files never change while the app runs, so the index is built once.
"""

import functools
import hashlib
from pathlib import Path

from service.bundle import IMAGES_DIR
from service.illustrate import Spec
from service.illustrate import rendition_path

MASTER = (720, "png")


@functools.cache
def _index(images_dir: Path) -> dict[str, str]:
    names = {}
    for spec_path in sorted(images_dir.rglob("*.toml")):
        master = rendition_path(spec_path, *MASTER)
        if master.exists():
            digest = hashlib.sha256(master.read_bytes()).hexdigest()
            names[digest] = spec_path.relative_to(images_dir).with_suffix("").as_posix()
    return names


def name_of(digest: str, images_dir: Path = IMAGES_DIR) -> str | None:
    """Return the spec name (``iphone/open-messages``) a stored master was drawn from."""
    return _index(images_dir).get(digest)


def shows_code(digest: str, images_dir: Path = IMAGES_DIR) -> bool:
    """Whether the picture with ``digest`` is a shipped illustration that shows the code."""
    name = name_of(digest, images_dir)
    return name is not None and Spec.load(images_dir / f"{name}.toml").shows_code
