"""Request bodies as large as an upload, on the views that take one (every other view keeps
``MAX_CONTENT_LENGTH``)."""

from collections.abc import Callable

import flask
from flask import current_app
from flask import request
from werkzeug.exceptions import RequestEntityTooLarge


class Request(flask.Request):
    """A request whose body may be larger when its view takes an upload."""

    @property
    def max_content_length(self) -> int | None:
        """Return the largest body this request may send before it is refused with 413."""
        view = current_app.view_functions.get(self.endpoint) if self.url_rule else None
        if getattr(view, "takes_upload", False):
            # Twice the file limit, so a file a little over it reaches the pipeline, which
            # says what the limit is; the CSRF check reads the form first, so this comes
            # before any view code runs.
            return 2 * current_app.config["UPLOAD_MAX_BYTES"]
        return super().max_content_length

    def get_data(self, *args, **kwargs):
        """Return the body; refuse (413) a streamed one that reached the limit.

        A chunked body has no Content-Length to check first, and werkzeug's limited stream
        returns its first ``max_content_length`` bytes as if that were all of it.
        """
        data = super().get_data(*args, **kwargs)
        streamed = self.content_length is None and self.max_content_length is not None
        if streamed and getattr(self.stream, "is_exhausted", False):
            raise RequestEntityTooLarge()
        return data


def refuse_oversized() -> None:
    """Refuse (413) a body declared larger than its route takes, read by its view or not."""
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


def takes_upload(view: Callable) -> Callable:
    """Mark a view (outermost decorator) as taking a file as large as UPLOAD_MAX_BYTES."""
    view.takes_upload = True
    return view
