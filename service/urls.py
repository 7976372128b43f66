"""Telling a path on this site from an address elsewhere, for redirects that follow input."""

from urllib.parse import urlsplit


def local_path(target: str | None) -> str | None:
    """Return ``target`` if it is a path on this site ("/console/..."), else None.

    "//evil.example" and "/\\evil.example" are other sites to a browser: refused.
    """
    if not target:
        return None
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    return target if not parts.scheme and not parts.netloc else None
