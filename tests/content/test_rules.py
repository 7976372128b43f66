"""The content check: the shipped pack passes; each rule catches what it is for."""

import shutil
from pathlib import Path

import pytest

from service.bundle import IMAGES_DIR
from service.content import rules as content_check
from service.content.rules import CORE_GUIDES

# Files only: no database, so CI runs these once, not once per database.
pytestmark = pytest.mark.once_per_run

STEP = """
[[guides.steps]]
key = "{key}"
title = "手順"
text = "{text}"
script = "ご案内します。"
image = "{image}"
alt = "画面の説明"
{extra}
"""


def device_file(guides: dict[str, list[dict]], core: bool = True) -> str:
    """Return a device TOML; missing core guides get one harmless step each."""
    lines = [
        'slug = "test-phone"',
        'name = "テスト端末"',
        'family = "android"',
        'aliases = ["てすと"]',
        'sms_apps = ["google-messages"]',
    ]
    if core:
        for slug in CORE_GUIDES:
            guides.setdefault(slug, [{"key": "only", "extra": 'end = "completed"'}])
    for slug, steps in guides.items():
        lines += ["", "[[guides]]", f'slug = "{slug}"', 'title = "テスト"']
        for step in steps:
            lines.append(
                STEP.format(
                    key=step["key"],
                    text=step.get("text", "ボタンを押してください。"),
                    image=step.get("image", "android-google-messages/call-speaker"),
                    extra=step.get("extra", ""),
                )
            )
    return "\n".join(lines)


def problems_for(tmp_path: Path, text: str, images: Path = IMAGES_DIR) -> list[str]:
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    (content / "99-test.toml").write_text(text, encoding="utf-8")
    return [str(p) for p in content_check.check(content, images)]


def test_the_shipped_pack_passes():
    assert content_check.check() == []


def test_a_valid_test_device_passes(tmp_path):
    assert problems_for(tmp_path, device_file({})) == []


def test_missing_core_guide(tmp_path):
    text = device_file({"speaker": [{"key": "a", "extra": 'end = "completed"'}]}, core=False)
    found = problems_for(tmp_path, text)
    assert "test-phone: missing core guide 'sms-code'" in found


def test_text_over_its_limit(tmp_path):
    found = problems_for(tmp_path, device_file({"speaker": [{"key": "a", "text": "あ" * 61}]}))
    assert any("text has 61 characters; at most 60" in p for p in found)


def test_step_without_illustration_or_with_a_missing_spec(tmp_path):
    found = problems_for(
        tmp_path,
        device_file(
            {"speaker": [{"key": "a", "image": ""}, {"key": "b", "image": "nowhere/nothing"}]}
        ),
    )
    assert "test-phone/speaker/a: has no illustration" in found
    assert any("nowhere/nothing.toml not found" in p for p in found)


def test_unreachable_branch_and_unknown_target(tmp_path):
    steps = [
        {"key": "a", "extra": 'next = "c"'},
        {"key": "island"},
        {"key": "c", "extra": 'next = "nowhere"'},
    ]
    found = problems_for(tmp_path, device_file({"speaker": steps}))
    assert "test-phone/speaker/island: cannot be reached from the first step" in found
    assert "test-phone/speaker/c: leads to unknown step 'nowhere'" in found


def test_a_path_that_never_ends(tmp_path):
    steps = [
        {
            "key": "a",
            "extra": 'choices = [{ label = "はい", next = "b" }, '
            '{ label = "いいえ", next = "end" }]',
        },
        {"key": "b", "extra": 'next = "a"'},
        {"key": "loop", "extra": 'next = "loop"'},
        {"key": "end", "extra": 'end = "completed"'},
    ]
    steps_forever = [{"key": "x", "extra": 'next = "y"'}, {"key": "y", "extra": 'next = "x"'}]
    found = problems_for(tmp_path, device_file({"speaker": steps, "sms-code": steps_forever}))
    assert "test-phone/sms-code/x: every path from here goes round for ever" in found
    assert not any(p.startswith("test-phone/speaker/a:") for p in found)  # it has a way out


def test_a_single_choice_is_not_a_choice(tmp_path):
    steps = [{"key": "a", "extra": 'choices = [{ label = "はい", next = "b" }]'}, {"key": "b"}]
    found = problems_for(tmp_path, device_file({"speaker": steps}))
    assert "test-phone/speaker/a: a choice needs at least two options" in found


def test_code_shown_without_the_warning(tmp_path):
    steps = [
        {
            "key": "code",
            "image": "android-google-messages/message-code",
            "extra": 'end = "completed"',
        }
    ]
    found = problems_for(tmp_path, device_file({"speaker": steps}))
    assert any("shows the code, so the step must set warning = true" in p for p in found)
    steps[0]["extra"] = 'end = "completed"\nwarning = true'
    assert problems_for(tmp_path, device_file({"speaker": steps})) == []


@pytest.mark.parametrize(
    "script",
    [
        "届いた番号を教えてください。",
        "コードを読み上げていただけますか。",
        "数字をおっしゃってください。",
    ],
)
def test_asking_for_the_code_is_refused(tmp_path, script):
    text = device_file({"speaker": [{"key": "a"}]}).replace("ご案内します。", script, 1)
    found = problems_for(tmp_path, text)
    assert any("asks for the code" in p for p in found)


def test_illustration_over_its_size_budget(tmp_path):
    images = tmp_path / "images"
    shutil.copytree(IMAGES_DIR / "android-google-messages", images / "android-google-messages")
    big = images / "android-google-messages" / "call-speaker.720.webp"
    big.write_bytes(b"0" * (content_check.WEBP_720_BUDGET + 1))
    found = problems_for(tmp_path, device_file({}), images)
    assert any("budget" in p for p in found)


def test_malformed_pack_file_is_one_clear_problem(tmp_path):
    found = problems_for(tmp_path, device_file({}) + "\nsurprise = true\n")
    assert len(found) == 1 and "unknown keys ['surprise']" in found[0]


def test_cli_reports_problems_and_fails(runner, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "99-test.toml").write_text(
        device_file({"speaker": [{"key": "a", "text": "あ" * 61}]}), encoding="utf-8"
    )
    result = runner.invoke(args=["content", "check", "--content-dir", str(content)])
    assert result.exit_code == 1
    assert "at most 60" in result.output
    ok = runner.invoke(args=["content", "check"])
    assert ok.exit_code == 0 and "content pack OK" in ok.output


def test_every_ending_says_what_it_means(tmp_path):
    found = problems_for(tmp_path, device_file({"speaker": [{"key": "a"}, {"key": "b"}]}))
    expected = "test-phone/speaker/b: the last step of a path must say"
    assert any(p.startswith(expected) for p in found)


def test_an_ending_that_needs_the_operator_never_says_it_worked(tmp_path):
    steps = [{"key": "a", "text": "できました。", "extra": 'end = "needs_operator"'}]
    found = problems_for(tmp_path, device_file({"speaker": steps}))
    assert "test-phone/speaker/a: an ending that needs the operator says it worked" in found


def test_an_ending_must_be_one_the_service_knows(tmp_path):
    steps = [{"key": "a", "extra": "end = true"}]
    found = problems_for(tmp_path, device_file({"speaker": steps}))
    assert any("end must be one of ['completed', 'needs_operator']" in p for p in found)


def test_a_step_naming_a_button_needs_a_source(tmp_path):
    steps = [{"key": "a", "text": "「スピーカー」を押してください。", "extra": 'end = "completed"'}]
    found = problems_for(tmp_path, device_file({"speaker": steps}))
    assert any("names 「スピーカー」 with no source" in p for p in found)


@pytest.mark.parametrize(
    "extra",
    [
        'sources = ["https://support.apple.com/ja-jp/guide/iphone/"]',
        'sources = ["seen on iPhone SE (第3世代), iOS 26.1"]',
        'needs_check = "ボタンの名前を実機で確かめる"',
    ],
)
def test_a_source_or_a_needs_check_answers_it(tmp_path, extra):
    text = "「スピーカー」を押してください。"
    steps = [{"key": "a", "text": text, "extra": f'end = "completed"\n{extra}'}]
    found = problems_for(tmp_path, device_file({"speaker": steps}))
    assert not any("with no source" in p for p in found)


def test_a_source_must_be_a_page_or_a_phone_seen(tmp_path):
    steps = [{"key": "a", "extra": 'end = "completed"\nsources = ["my friend said so"]'}]
    found = problems_for(tmp_path, device_file({"speaker": steps}))
    assert any("is neither a URL nor" in p for p in found)


def test_a_device_says_which_sms_apps_its_owners_see(tmp_path):
    text = device_file({}).replace('["google-messages"]', '["carrier-pigeon"]')
    found = problems_for(tmp_path, text)
    assert any("sms_apps must name at least one of" in p for p in found)
