"""Stylesheets and scripts by version: each URL carries its file's digest, so a phone keeps the
file for a year instead of asking again on every page.

A customer walks a guide one page per step. Without a version in the URL every page asks for
the stylesheet (and the console's pages for their script) again, a 304 each: one more round
trip per step on a slow phone line. With ``?v=<digest>`` the answer can be kept as
immutable, since a changed file has another digest, so another URL. A request whose
``v`` is not the file's digest (a page from before a release) gets the file revalidated
as before, never a year's promise.
"""

import hashlib
import os
from functools import lru_cache

from flask import Flask
from flask import current_app
from flask import request
from werkzeug.security import safe_join

IMMUTABLE = "public, max-age=31536000, immutable"
DIGEST_LENGTH = 12  # hex digits: 48 bits tell one release of a file from another


def init_app(app: Flask) -> None:
    """Version every ``url_for('static', ...)`` and let versioned answers be kept."""
    app.url_defaults(_add_version)
    app.after_request(_keep_versioned)


def version(folder: str, filename: str) -> str | None:
    """Return the digest that names this release of ``filename`` (None: no such file)."""
    path = safe_join(folder, filename)
    if path is None:  # outside the folder: not ours to name
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    # Keyed by size and modification time too: a file edited while the process runs (in
    # development) gets its new digest at once.
    return _digest(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=256)
def _digest(path: str, size: int, mtime_ns: int) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:DIGEST_LENGTH]


def _add_version(endpoint: str, values: dict) -> None:
    if endpoint != "static" or "v" in values or "filename" not in values:
        return
    digest = version(current_app.static_folder, values["filename"])
    if digest is not None:
        values["v"] = digest


def _keep_versioned(response):
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    asked = request.args.get("v")
    filename = (request.view_args or {}).get("filename", "")
    if asked and asked == version(current_app.static_folder, filename):
        response.headers["Cache-Control"] = IMMUTABLE
    return response
