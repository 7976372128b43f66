"""The URLs of an illustration's renditions, as <picture> elements and the API want them.

Each process keeps what it found for a minute: images are stored by digest and never
deleted, so a kept URL always serves, and the customer's page does not ask the database
for the same renditions on every tap. A re-encode (the pack rebuilt with another Pillow)
reaches every process within that minute; a digest with no renditions yet is not kept.
"""

import time
from dataclasses import dataclass

from flask import has_request_context
from flask import request
from flask import url_for

from service.media import store

KEPT_SECONDS = 60.0
KEPT_MOST = 4096
_kept: dict[tuple[str, str], tuple[float, "Picture"]] = {}


@dataclass(frozen=True)
class Picture:
    """The URLs of one illustration's renditions, for <picture> and for the API."""

    webp: dict[int, str]
    png: dict[int, str]
    width: int
    height: int

    def srcset(self, fmt: str) -> str:
        urls = self.webp if fmt == "webp" else self.png
        return ", ".join(f"{url} {width}w" for width, url in sorted(urls.items()))

    @property
    def small(self) -> str:
        """The smallest PNG: what a browser without srcset gets."""
        return self.png[min(self.png)]

    @property
    def large_webp(self) -> str:
        return self.webp[max(self.webp)]


def pictures(digests: list[str | None]) -> dict[str, Picture]:
    """Return the Picture of each stored illustration named in ``digests`` (one query at
    most, none when this process found them all in the last minute)."""
    wanted = [d for d in dict.fromkeys(digests) if d]
    root = request.script_root if has_request_context() else ""
    now = time.monotonic()
    found = {}
    for digest in wanted:
        kept = _kept.get((root, digest))
        if kept is not None and kept[0] > now:
            found[digest] = kept[1]
    missing = [d for d in wanted if d not in found]
    if len(_kept) + len(missing) > KEPT_MOST:
        _kept.clear()  # a few hundred illustrations in use: this only bounds a bad day
    for digest, ((width, height), renditions) in store.renditions_of(missing).items():
        webp = {w: _url(d) for (w, fmt), d in renditions.items() if fmt == "webp"}
        png = {w: _url(d) for (w, fmt), d in renditions.items() if fmt == "png"}
        found[digest] = Picture(webp=webp, png=png, width=width, height=height)
        _kept[(root, digest)] = (now + KEPT_SECONDS, found[digest])
    return found


def forget() -> None:
    """Drop what this process kept (a test's database replaced under it)."""
    _kept.clear()


def _url(digest: str) -> str:
    return url_for("media.image", digest=digest)
