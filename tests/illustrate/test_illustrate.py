"""Illustrations: specs render deterministically and the committed files are what they render."""

import io
from pathlib import Path

import pytest
from PIL import Image

from service import illustrate
from service.bundle import IMAGES_DIR
from service.illustrate import RENDITIONS
from service.illustrate import Spec
from service.illustrate import SpecError
from service.illustrate import rendition_path

# Pictures only: no database, so CI runs these once, not once per database.
pytestmark = pytest.mark.once_per_run


def font() -> Path:
    try:
        return illustrate.find_font()
    except FileNotFoundError:
        from tests.conftest import missing

        missing("no Japanese font to render illustrations with")


def test_every_committed_rendition_is_exactly_what_its_spec_renders():
    specs = sorted(IMAGES_DIR.rglob("*.toml"))
    assert len(specs) >= 100
    different = []
    for spec_path in specs:
        for (width, fmt), data in illustrate.renditions(Spec.load(spec_path), font()).items():
            if rendition_path(spec_path, width, fmt).read_bytes() != data:
                different.append(rendition_path(spec_path, width, fmt).name)
    assert different == [], "run: flask --app service illustrations build"


def test_renditions_have_the_sizes_and_formats_pages_ask_for():
    spec = Spec(frame="raku-raku", screen="home_large", caption="テスト", target="メッセージ")
    for (width, fmt), data in illustrate.renditions(spec, font()).items():
        picture = Image.open(io.BytesIO(data))
        assert picture.format == fmt.upper()
        assert picture.size == (width, width * 1000 // 720)
        assert "exif" not in picture.info and "icc_profile" not in picture.info
    assert {(w, f) for w, f in RENDITIONS} == {
        (720, "png"),
        (720, "webp"),
        (360, "png"),
        (360, "webp"),
    }


def test_same_spec_same_bytes_and_a_different_target_changes_them():
    spec = Spec(frame="android", screen="home", caption="テスト", target="メッセージ")
    first = illustrate.renditions(spec, font())
    assert first == illustrate.renditions(spec, font())
    spec.target = "電話"
    assert first[(720, "webp")] != illustrate.renditions(spec, font())[(720, "webp")]


def test_code_screens_are_known_to_show_the_code():
    assert Spec(frame="iphone", screen="message", caption="x").shows_code
    assert Spec(
        frame="iphone", screen="checkout", caption="x", params={"keyboard": True}
    ).shows_code
    assert not Spec(frame="iphone", screen="checkout", caption="x").shows_code
    assert not Spec(frame="iphone", screen="messages", caption="x").shows_code


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"frame": "nokia", "screen": "home"}, "unknown frame"),
        ({"frame": "iphone", "screen": "fax"}, "unknown screen"),
        ({"frame": "iphone", "screen": "home", "target": "ゲーム"}, "not on screen"),
        ({"frame": "iphone", "screen": "home", "mark": "sparkle"}, "unknown mark"),
        ({"frame": "iphone", "screen": "home", "params": {"colour": "red"}}, "takes no colour"),
        ({"frame": "iphone", "screen": "home", "caption": "とても長い説明" * 6}, "too long"),
    ],
)
def test_bad_specs_say_what_is_wrong(fields, message):
    with pytest.raises(SpecError, match=message):
        illustrate.render(Spec(**{"caption": "x", **fields}), font())


def test_spec_files_are_checked_when_read(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('screen = "home"\ncaption = "x"\n')
    with pytest.raises(SpecError, match="missing frame"):
        Spec.load(broken)
    broken.write_text("frame = \n")
    with pytest.raises(SpecError):
        Spec.load(broken)


def test_build_writes_what_changed_and_removes_orphans(tmp_path):
    (tmp_path / "a.toml").write_text('frame = "iphone"\nscreen = "call"\ncaption = "x"\n')
    (tmp_path / "old.720.png").write_bytes(b"left over from a deleted spec")
    written = illustrate.build(tmp_path, font())
    assert {p.name for p in written} == {
        "a.720.png",
        "a.720.webp",
        "a.360.png",
        "a.360.webp",
        "old.720.png",
    }
    assert not (tmp_path / "old.720.png").exists()
    assert illustrate.build(tmp_path, font()) == []


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_each_family_has_its_own_body():
    pictures = {
        frame: illustrate.renditions(Spec(frame=frame, screen="checkout", caption="x"), font())
        for frame in illustrate.FRAMES
    }
    assert len({p[(720, "png")] for p in pictures.values()}) == len(illustrate.FRAMES)


@pytest.mark.parametrize(
    "frame, target",
    [
        ("iphone-home-button", "ホームボタン"),
        ("iphone", "画面の下"),
        ("android", "アプリ履歴"),
        ("android", "画面の下"),
        ("raku-raku", "ホームボタン"),
        ("raku-raku", "戻るキー"),
        ("basio", "ホームボタン"),
        ("basio", "電源ボタン"),
    ],
)
def test_each_body_names_its_own_way_home(frame, target):
    canvas = illustrate.paint(Spec(frame=frame, screen="home", caption="x", target=target), font())
    assert target in canvas.targets


def test_nav_is_chosen_by_the_spec_or_its_target():
    keys = illustrate.paint(Spec(frame="android", screen="home", caption="x"), font())
    assert "アプリ履歴" in keys.targets and "画面の下" not in keys.targets
    gesture = Spec(frame="android", screen="home", caption="x", nav="gesture")
    assert "画面の下" in illustrate.paint(gesture, font()).targets
    with pytest.raises(SpecError, match="nav"):
        illustrate.render(Spec(frame="iphone", screen="home", caption="x", nav="keys"), font())


def test_iphone_call_screen_is_ios_17_and_its_red_button_covers_no_label():
    canvas = illustrate.paint(Spec(frame="iphone-home-button", screen="call", caption="x"), font())
    for label in ("スピーカー", "FaceTime", "消音", "その他", "終了", "キーパッド"):
        assert label in canvas.targets
    assert "連絡先" not in canvas.targets
    end = canvas.targets["終了"]
    others = [box for name, box in canvas.targets.items() if name in ("その他", "キーパッド")]
    assert not any(overlaps(end, box) for box in others)
    old = Spec(frame="iphone", screen="call", caption="x", params={"ios16": True})
    assert "連絡先" in illustrate.paint(old, font()).targets


@pytest.mark.parametrize(
    "frame, params, target",
    [
        ("iphone", {"filter_menu": True}, "フィルタメニュー"),
        ("iphone", {"filter_button": True}, "フィルタ"),
        ("iphone", {"menu_open": True}, "迷惑メッセージ"),
        ("android", {"menu_open": True}, "スパム / ブロック中"),
        ("android-plus", {}, "連絡先未登録"),
        ("android-plus", {"tab": "連絡先登録済み"}, "不明な差出人"),
    ],
)
def test_message_lists_are_drawn_as_each_app_draws_them(frame, params, target):
    spec = Spec(frame=frame, screen="messages", caption="x", target=target, params=params)
    assert target in illustrate.paint(spec, font()).targets
