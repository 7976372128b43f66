"""The public help pages through the test client: the finder, the troubles, a guide's walk."""

import html as markup
import re

import pytest
from sqlalchemy import func
from sqlalchemy import select

from service import catalog
from service.db import db
from service.help import usage
from service.models import HelpUse
from service.models import SessionEvent
from service.sessions.progress import main_route


def links(page) -> dict[str, str]:
    """Return each link of the page's main part as {words: href}."""
    found = re.findall(r'<a class="button[^"]*" href="([^"]+)">(.*?)</a>', page.text, re.S)
    return {re.sub(r"<[^>]+>", "", words).strip(): markup.unescape(href) for href, words in found}


def test_the_index_asks_about_the_sms_app_first_then_the_phone_itself(client):
    page = client.get("/help")
    assert page.status_code == 200
    assert "SMS（ショートメール）を見るアプリの絵は、どれですか？" in page.text
    answers = links(page)
    assert "わからない" in answers
    iphone_app = next(href for words, href in answers.items() if "緑の四角" in words)

    page = client.get(iphone_app)
    assert "押せる丸いボタン" in page.text  # iPhone with or without a home button?
    page = client.get(links(page)["はい"])

    assert "あなたのスマホは、これです" in page.text
    assert links(page).get("iPhone（ホームボタンあり：SE 第2・第3世代など）") == (
        "/help/iphone-home-button"
    )


def test_not_knowing_every_answer_still_lists_the_phones_that_fit(client):
    page = client.get("/help?sms=unknown&home_button=unknown&apple=unknown&big_buttons=unknown")
    names = [d.name for d in catalog.devices()]
    assert all(name in page.text for name in names)
    assert "このどれかです。絵と名前で選んでください（6）" in page.text
    assert "はじめから答え直す" in page.text


def test_answers_that_fit_no_phone_say_so_and_offer_a_fresh_start(client):
    page = client.get("/help?apple=yes&big_buttons=yes")
    assert page.status_code == 200
    assert "あてはまるスマホが見つかりませんでした" in page.text
    assert links(page)["はじめから答え直す"] == "/help"


def test_nonsense_answers_are_ignored(client):
    page = client.get("/help?sms=<script>&apple=maybe&x=1")
    assert page.status_code == 200
    assert "<script>" not in page.text
    assert "SMS（ショートメール）を見るアプリの絵は" in page.text  # nothing was taken as asked


def test_the_phone_page_maps_each_trouble_to_its_guide(client):
    page = client.get("/help/iphone")
    troubles = links(page)
    version = catalog.guide("iphone", "no-code").current_version
    resend = version.step_by_key("resend").number
    assert troubles["コードが届かない" + "SMSやメールが来ません"] == "/help/iphone/no-code?step=1"
    assert troubles["時間切れになった" + "「期限切れ」と出た・新しいコードがほしい"] == (
        f"/help/iphone/no-code?step={resend}"
    )
    where = troubles["コードがどこにあるかわからない" + "届いたはずの数字を探します"]
    assert where == "/help/iphone?trouble=where"

    choices = links(client.get(where))
    assert choices["SMSで届いた認証コードを見つけて入力する"] == "/help/iphone/sms-code?step=1"
    assert choices["メールで届いた認証コードを見つけて入力する"] == (
        "/help/iphone/email-code?step=1"
    )


def test_a_guide_is_walked_to_its_end_with_next_and_back_links(client):
    version = catalog.guide("android-google-messages", "sms-code").current_version
    route = main_route(version)
    page = client.get("/help/android-google-messages/sms-code")
    seen = []
    while True:
        assert page.status_code == 200
        step = version.step(route[len(seen)])
        assert f"手順 {len(seen) + 1} / {len(route)}" in page.text
        assert markup.escape(step.text) in page.text
        assert 'name="code"' not in page.text and "<input" not in page.text  # never asks
        seen.append(step.number)
        ways = links(page)
        if len(seen) > 1:
            assert ways["前の手順に戻る"].endswith(f"?step={seen[-2]}")
        else:
            assert "前の手順に戻る" not in ways
        if step.is_end:
            assert "これで終わりです" in page.text
            break
        way_on = step.choices[0].label if step.choices else "次へ進む"
        page = client.get(ways[way_on])
    assert seen == route


def test_a_choice_follows_its_own_branch_and_back_returns_to_the_question(client):
    version = catalog.guide("iphone", "no-code").current_version
    question = version.step_by_key("screen-shown")
    other = question.choices[1]  # 「ない」
    page = client.get(f"/help/iphone/no-code?step={question.number}")
    ways = links(page)
    assert ways[other.label] == f"/help/iphone/no-code?step={other.next_step}"

    branch = client.get(ways[other.label])
    assert markup.escape(version.step(other.next_step).text) in branch.text
    assert links(branch)["前の手順に戻る"] == f"/help/iphone/no-code?step={question.number}"


@pytest.mark.parametrize(
    "path",
    [
        "/help/no-such-phone",
        "/help/no-such-phone/sms-code",
        "/help/iphone/no-such-guide",
        "/help/iphone/sms-code?step=0",
        "/help/iphone/sms-code?step=999",
        "/help/iphone/sms-code?step=%EF%BC%92",  # a full-width 2
        "/help/iphone/sms-code?step=-1",
        "/help/no-such-phone/sms-code.pdf",
        "/help/iphone/no-such-guide.pdf",
    ],
)
def test_unknown_phones_guides_and_steps_are_a_plain_japanese_404_counting_nothing(client, path):
    page = client.get(path)
    assert page.status_code == 404
    assert page.mimetype == "text/html"
    assert "ご案内が見つかりません" in page.text
    assert "Traceback" not in page.text and "端末" not in page.text
    assert links(page)["スマホを選んで、ご案内を探す"] == "/help"
    assert usage.counts() == []


def test_each_view_of_a_step_adds_one_to_todays_count_and_nothing_to_the_event_log(client, now):
    version = catalog.guide("iphone", "sms-code").current_version
    first, second = version.step(1), version.step(version.step(1).next_step)
    client.get("/help/iphone/sms-code")
    client.get("/help/iphone/sms-code?step=1")
    client.get(f"/help/iphone/sms-code?step={second.number}")
    client.get("/help/iphone/sms-code.pdf")
    client.get("/help/iphone/speaker")

    found = {(c.guide_slug, c.kind.value, c.step_key): c.count for c in usage.counts()}
    assert found == {
        ("sms-code", "page", first.key): 2,
        ("sms-code", "page", second.key): 1,
        ("sms-code", "pdf", ""): 1,
        ("speaker", "page", catalog.guide("iphone", "speaker").current_version.step(1).key): 1,
    }
    assert {c.day for c in usage.counts()} == {usage.day_of(now)}
    assert db.session.scalar(select(func.count()).select_from(SessionEvent)) == 0


@pytest.mark.parametrize("agent", ["facebookexternalhit/1.1;line-poker/1.0", "Slackbot 1.0"])
def test_link_previews_and_head_requests_count_nothing(client, agent):
    assert client.get("/help/iphone/sms-code", headers={"User-Agent": agent}).status_code == 200
    assert client.head("/help/iphone/sms-code").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(HelpUse)) == 0


def test_staff_looking_at_a_help_page_is_not_self_service_use(client, login, operator):
    login(operator)
    assert client.get("/help/iphone/sms-code").status_code == 200
    assert client.get("/help/iphone/sms-code.pdf").status_code == 200
    assert usage.counts() == []
