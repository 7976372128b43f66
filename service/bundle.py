"""Where the files that ship beside the code are: next to the package in a checkout, inside it
once installed from a wheel (``pip install .`` copies ``migrations/`` and ``images/`` into
``service/bundled/``, see pyproject.toml)."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).parent


def locate(name: str) -> Path:
    """Return the folder ``name`` (``migrations`` or ``images``) wherever this install keeps it."""
    installed = PACKAGE_DIR / "bundled" / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


MIGRATIONS_DIR = locate("migrations")
IMAGES_DIR = locate("images")
