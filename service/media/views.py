"""Serve stored images by digest: the name never changes meaning, so caches keep them forever."""

import re

from flask import Blueprint
from flask import Response
from flask import abort
from flask import request

from service.media import store

bp = Blueprint("media", __name__)

DIGEST = re.compile(r"[0-9a-f]{64}")
IMMUTABLE = "public, max-age=31536000, immutable"


@bp.get("/media/<digest>")
def image(digest: str):
    if not DIGEST.fullmatch(digest):
        abort(404)
    headers = {"Cache-Control": IMMUTABLE, "ETag": f'"{digest}"'}
    if request.if_none_match.contains(digest):
        return Response(status=304, headers=headers)
    found = store.get(digest)
    if found is None:
        abort(404)
    return Response(found.data, mimetype=found.content_type, headers=headers)
