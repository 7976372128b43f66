"""Admins' screenshots: the pipeline (``pipeline``, ``boxes``) and the kept uploads (``records``).

A step's picker lists them with ``choices()``; the API and the admin page send them to
``accept``.
"""

from service.media.uploads.records import Choice
from service.media.uploads.records import Upload
from service.media.uploads.records import accept
from service.media.uploads.records import choices
from service.media.uploads.records import listed

__all__ = ["Choice", "Upload", "accept", "choices", "listed"]
