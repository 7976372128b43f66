"""Illustrations: specs render deterministically and the committed files are what they render."""

import io
from pathlib import Path

import pytest
from PIL import Image

from service import illustrate
from service.illustrate import Spec
from service.illustrate import SpecError
from service.seed import IMAGES_DIR


def font_or_skip() -> Path:
    try:
        return illustrate.find_font()
    except FileNotFoundError:
        from tests.conftest import missing

        missing("no Japanese font to render illustrations with")


def test_every_committed_illustration_is_what_its_spec_renders():
    font = font_or_skip()
    specs = sorted(IMAGES_DIR.rglob("*.toml"))
    assert len(specs) >= 15
    for spec_path in specs:
        rendered = illustrate.encode_png(illustrate.render(Spec.load(spec_path), font))
        assert rendered == spec_path.with_suffix(".png").read_bytes(), spec_path


def test_same_spec_same_bytes_and_a_different_target_changes_them():
    font = font_or_skip()
    spec = Spec(frame="android", screen="home", caption="テスト", target="メッセージ")
    first = illustrate.encode_png(illustrate.render(spec, font))
    assert first == illustrate.encode_png(illustrate.render(spec, font))
    spec.target = "電話"
    assert first != illustrate.encode_png(illustrate.render(spec, font))
    picture = Image.open(io.BytesIO(first))
    assert picture.size == (illustrate.WIDTH, illustrate.HEIGHT)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"frame": "nokia", "screen": "home"}, "unknown frame"),
        ({"frame": "iphone", "screen": "fax"}, "unknown screen"),
        ({"frame": "iphone", "screen": "home", "target": "ゲーム"}, "not on screen"),
    ],
)
def test_bad_specs_say_what_is_wrong(fields, message):
    font = font_or_skip()
    with pytest.raises(SpecError, match=message):
        illustrate.render(Spec(caption="x", **fields), font)


def test_build_rewrites_only_what_changed(tmp_path):
    font = font_or_skip()
    (tmp_path / "a.toml").write_text('frame = "iphone"\nscreen = "call"\ncaption = "x"\n')
    assert illustrate.build(tmp_path, font) == [tmp_path / "a.png"]
    assert illustrate.build(tmp_path, font) == []
