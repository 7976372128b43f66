"""The pictures' URLs: read once a minute per process, never kept for a digest without any."""

import io

import PIL.Image

from service import catalog
from service.media import pictures as pictures_module
from service.media import store
from service.media.pictures import pictures
from tests.helpers import counted


def test_a_step_picture_is_read_once_then_kept_for_a_minute(app, monkeypatch):
    digest = catalog.guide("iphone-home-button", "sms-code").current_version.steps[0].image_digest
    clock = [1000.0]
    monkeypatch.setattr(pictures_module.time, "monotonic", lambda: clock[0])

    with app.test_request_context(), counted() as statements:
        first = pictures([digest])[digest]
        again = pictures([digest])[digest]
    assert len(statements) == 1 and again == first
    assert first.small.startswith("/media/") and 360 in first.webp

    clock[0] += pictures_module.KEPT_SECONDS + 1
    with app.test_request_context(), counted() as statements:
        assert pictures([digest])[digest] == first
    assert len(statements) == 1  # the minute is up: read again


def test_a_digest_without_renditions_is_asked_again_and_found_once_they_exist(app):
    png = io.BytesIO()
    PIL.Image.new("RGB", (36, 64), "white").save(png, "PNG")
    with app.test_request_context():
        source = store.store(png.getvalue())
        assert pictures([source.digest]) == {}

        store.add_rendition(source, 360, "png", source)
        assert pictures([source.digest])[source.digest].png == {360: f"/media/{source.digest}"}
