"""The URLs of an illustration's renditions, as <picture> elements and the API want them."""

from dataclasses import dataclass

from flask import url_for

from service.media import store


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
    """Return the Picture of each stored illustration named in ``digests`` (one query)."""
    wanted = [d for d in dict.fromkeys(digests) if d]
    found = {}
    for digest, ((width, height), renditions) in store.renditions_of(wanted).items():
        webp = {w: _url(d) for (w, fmt), d in renditions.items() if fmt == "webp"}
        png = {w: _url(d) for (w, fmt), d in renditions.items() if fmt == "png"}
        found[digest] = Picture(webp=webp, png=png, width=width, height=height)
    return found


def _url(digest: str) -> str:
    return url_for("media.image", digest=digest)
