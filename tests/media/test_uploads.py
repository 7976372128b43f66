"""The upload pipeline with real crafted files: each refusal, and what a good file becomes."""

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func
from sqlalchemy import select

from service.db import db
from service.errors import InvalidInput
from service.errors import TooLarge
from service.media import store
from service.media import uploads
from service.media.uploads import boxes
from service.media.uploads import pipeline
from service.models import Image as StoredImage
from service.models import ImageRendition
from service.models import ImageUpload
from service.models import Role
from tests.media import crafted

LIMITS = pipeline.Limits(max_bytes=2_000_000, max_pixels=10_000_000)
# The crafted screenshot is 390 px wide; its master is 720: every place scales by this.
SCALE = 720 / crafted.SIZE[0]


def master_of(made: pipeline.Made) -> Image.Image:
    return Image.open(io.BytesIO(made.renditions[(720, "png")])).convert("RGB")


def at(xy) -> tuple[int, int]:
    """Return where a point of the crafted screenshot lands on the master."""
    return round(xy[0] * SCALE), round(xy[1] * SCALE)


def refusal(data: bytes, limits=LIMITS, **options) -> InvalidInput | TooLarge:
    with pytest.raises((InvalidInput, TooLarge)) as refused:
        pipeline.process(data, limits, **options)
    return refused.value


# --- refusals ------------------------------------------------------------------------------


def test_a_png_declaring_30000_by_30000_pixels_is_refused_before_it_is_decoded():
    bomb = crafted.png_declaring(30000, 30000)
    assert len(bomb) < 1000  # tiny on the wire: the danger is in what it would decode to
    error = refusal(bomb)
    assert isinstance(error, InvalidInput) and error.status == 422
    assert "画素数が多すぎます" in error.message


def test_a_picture_over_our_own_pixel_limit_is_refused_with_its_size():
    # Below Pillow's own bomb limit, above ours: our check on the header is what stops it.
    error = refusal(crafted.png_declaring(4000, 3000))
    assert error.status == 422 and "4000×3000" in error.message
    assert "10,000,000 画素まで" in error.message


def test_a_text_file_named_png_is_refused_for_its_bytes_not_its_name():
    error = refusal(b"This is not a picture, whatever its name says.\n" * 20)
    assert error.status == 422 and error.field == "file"
    assert "PNG・JPEG・WebP・HEIC" in error.message


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_a_real_picture_in_another_format_is_refused(fmt):
    assert refusal(crafted.screenshot(fmt)).status == 422


def test_a_file_over_the_limit_is_refused_with_413_naming_the_limit():
    error = refusal(crafted.noise_png(300_000), pipeline.Limits(200_000, 10_000_000))
    assert isinstance(error, TooLarge) and error.status == 413
    assert "0.2 MB までの画像" in error.message


def test_a_truncated_png_is_refused_as_broken():
    whole = crafted.screenshot()
    error = refusal(whole[: len(whole) // 2])
    assert error.status == 422 and "壊れていて" in error.message


def test_an_empty_file_is_refused():
    assert "空です" in refusal(b"").message


@pytest.mark.parametrize(
    ("target", "redact"),
    [((300, 800, 200, 100), ()), ((0, 0, 0, 10), ()), (None, ((0, 840, 10, 10),))],
)
def test_a_box_outside_the_picture_is_refused_with_the_pictures_size(target, redact):
    error = refusal(crafted.screenshot(), target=target, redactions=redact)
    assert error.status == 422 and error.field == ("target" if target else "redact")
    assert "幅 390・高さ 844" in error.message


def test_an_unknown_mark_or_way_of_hiding_is_refused():
    assert refusal(crafted.screenshot(), mark="sparkles").field == "mark"
    assert refusal(crafted.screenshot(), redact_mode="smudge").field == "redact_mode"


@pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "1,2,3,4,5", "-1,2,3,4", "1,2,3,²"])
def test_a_box_that_is_not_four_whole_numbers_is_refused(text):
    with pytest.raises(InvalidInput) as refused:
        boxes.parse(text, "target", "押す場所")
    assert "x,y,幅,高さ" in refused.value.message


def test_boxes_are_read_with_full_width_digits_and_commas_one_per_line():
    assert boxes.parse("１２０，３４０、200 , 80", "target", "押す場所") == (120, 340, 200, 80)
    assert boxes.parse_many("1,2,3,4\r\n\n5,6,7,8;9,9,9,9", "redact", "隠す範囲") == (
        (1, 2, 3, 4),
        (5, 6, 7, 8),
        (9, 9, 9, 9),
    )
    with pytest.raises(InvalidInput):
        boxes.parse_many("\n".join(["1,1,1,1"] * 21), "redact", "隠す範囲")


# --- what a good file becomes ---------------------------------------------------------------


def test_a_jpeg_with_gps_comes_out_with_no_exif_at_all():
    original = Image.open(io.BytesIO(crafted.jpeg_with_gps()))
    assert original.getexif().get_ifd(0x8825)  # the crafted file really carries GPS
    made = pipeline.process(crafted.jpeg_with_gps(), LIMITS)
    for (width, fmt), data in made.renditions.items():
        with Image.open(io.BytesIO(data)) as out:
            assert not out.getexif(), (width, fmt)
            assert not {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp"} & set(out.info)
        assert b"TestPhone" not in data and b"Secret Model" not in data


def test_an_exif_rotated_jpeg_comes_out_upright():
    sideways = Image.open(io.BytesIO(crafted.rotated_jpeg()))
    assert sideways.size == (844, 390)  # stored on its side
    made = pipeline.process(crafted.rotated_jpeg(), LIMITS)
    assert made.source_size == crafted.SIZE
    image = master_of(made)
    assert image.size == (720, round(844 * SCALE))
    # Upright: the black bar near the top, the blue button in the lower half.
    assert max(image.getpixel(at((195, 130)))) < 40
    red, green, blue = image.getpixel(at((195, 640)))
    assert blue > 150 and red < 60


def test_the_target_gets_the_same_red_ring_as_drawn_pictures():
    made = pipeline.process(crafted.screenshot(), LIMITS, target=crafted.BUTTON)
    image = master_of(made)
    x, y, w, h = (round(v * SCALE) for v in crafted.BUTTON)
    # marks.ring: a 9 px red frame from 12 px outside the box inwards.
    red, green, blue = image.getpixel((x + w // 2, y - 8))
    assert red > 180 and green < 60 and blue < 60
    plain = master_of(pipeline.process(crafted.screenshot(), LIMITS))
    assert plain.getpixel((x + w // 2, y - 8)) == pytest.approx((235, 235, 240), abs=4)


@pytest.mark.parametrize("mode", ["fill", "blur"])
def test_a_redacted_box_no_longer_shows_what_was_there(mode):
    # A barcode-like stripe pattern: readable detail that both ways of hiding must destroy.
    source = crafted.picture()
    x, y, w, h = crafted.SECRET
    for column in range(x, x + w, 8):
        source.paste((255, 255, 255), (column, y, column + 4, y + h))
    buffer = io.BytesIO()
    source.save(buffer, format="PNG")
    made = pipeline.process(
        buffer.getvalue(), LIMITS, redactions=(crafted.SECRET,), redact_mode=mode
    )
    inside = master_of(made).crop(
        (
            round(x * SCALE) + 8,
            round(y * SCALE) + 8,
            round((x + w) * SCALE) - 8,
            round((y + h) * SCALE) - 8,
        )
    )
    values = [sum(pixel) / 3 for pixel in inside.get_flattened_data()]
    assert max(values) - min(values) < 60  # the stripes are gone
    outside = master_of(made).getpixel(at((195, 20)))
    assert outside == pytest.approx((235, 235, 240), abs=4)


def test_every_format_gives_the_illustrations_renditions():
    for fmt in ("PNG", "JPEG", "WEBP", "HEIF"):
        made = pipeline.process(crafted.screenshot(fmt), LIMITS)
        assert set(made.renditions) == {(720, "png"), (720, "webp"), (360, "png"), (360, "webp")}
        for (width, kind), data in made.renditions.items():
            with Image.open(io.BytesIO(data)) as out:
                assert out.format == kind.upper() and out.width == width, fmt


def test_a_16_bit_grey_png_keeps_its_grey():
    buffer = io.BytesIO()
    Image.new("I;16", (100, 100), 32768).save(buffer, format="PNG")
    grey = master_of(pipeline.process(buffer.getvalue(), LIMITS)).getpixel((360, 360))
    assert grey == pytest.approx((128, 128, 128), abs=3)


def test_a_transparent_png_is_flattened_on_white():
    image = Image.new("RGBA", (100, 200), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    made = pipeline.process(buffer.getvalue(), LIMITS)
    assert master_of(made).getpixel((360, 700)) == (255, 255, 255)


# --- stored and listed ------------------------------------------------------------------------


def test_an_upload_is_stored_by_digest_with_its_renditions_and_noted(app, make_user, now):
    admin = make_user(Role.ADMIN)
    upload = uploads.Upload(crafted.screenshot(), "メッセージ一覧", target=crafted.BUTTON)
    record = uploads.accept(upload, now, user=admin)
    stored = store.get(record.digest)
    assert stored.content_type == "image/png" and stored.width == 720
    kinds = db.session.scalars(
        select(ImageRendition.format).where(ImageRendition.source_digest == record.digest)
    ).all()
    assert sorted(kinds) == ["png", "png", "webp", "webp"]
    assert record.target == crafted.BUTTON and record.uploaded_by_id == admin.id
    assert record.source_width == 390 and record.name == "メッセージ一覧"
    with app.test_request_context():
        (choice,) = uploads.choices()
    assert choice.digest == record.digest and choice.name == "メッセージ一覧"
    assert choice.thumbnail.startswith("/media/")


def test_the_same_upload_twice_is_one_picture_noted_once(app, now):
    first = uploads.accept(uploads.Upload(crafted.screenshot(), "一回目"), now)
    images = db.session.scalar(select(func.count()).select_from(StoredImage))
    again = uploads.accept(uploads.Upload(crafted.screenshot(), "二回目"), now + timedelta(1))
    assert again.digest == first.digest and again.name == "一回目"
    assert db.session.scalar(select(func.count()).select_from(StoredImage)) == images
    assert db.session.scalar(select(func.count()).select_from(ImageUpload)) == 1


def test_a_refused_upload_stores_nothing(app, now):
    before = db.session.scalar(select(func.count()).select_from(StoredImage))
    with pytest.raises(InvalidInput):
        uploads.accept(uploads.Upload(crafted.screenshot(), target=(999, 0, 5, 5)), now)
    assert db.session.scalar(select(func.count()).select_from(StoredImage)) == before
    with app.test_request_context():
        assert uploads.listed() == []
