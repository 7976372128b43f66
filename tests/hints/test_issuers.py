"""The card-issuer hint: the table with its sources, what it tells the operator before
sending, and the seed that never undoes an admin's edit."""

import re

import pytest
from sqlalchemy import func
from sqlalchemy import select

from service.content import hint_rules
from service.content import pack
from service.db import db
from service.db import utcnow
from service.hints import issuers
from service.models import CardIssuer
from service.models import GuidanceSession
from tests.conftest import csrf_from


def confirm(client, device, guide, **hints):
    page = client.get(f"/console/new/{device}")
    return client.post(
        f"/console/new/{device}",
        data={"guide": guide, "phone": "09012345678", "csrf_token": csrf_from(page.text), **hints},
    )


def test_every_issuer_in_the_table_has_a_source_or_says_what_to_check(app):
    rows = issuers.listed()
    assert {row.slug for row in rows} >= {"smbc", "rakuten", "jcb", "aeon", "dcard"}
    for row in rows:
        assert row.sources or row.needs_check, row.slug
        assert all(s.startswith("http") for s in row.sources), row.slug


def test_the_finder_form_offers_the_issuers_and_the_domain_field(client, operator, login):
    login(operator)
    page = client.get("/console/new/iphone").text

    assert '<option value="smbc"' in page and "三井住友カード" in page
    assert '<option value="unknown"' in page
    assert 'name="mail_domain"' in page and '<option value="docomo.ne.jp">' in page


def test_an_issuer_that_emails_its_code_points_away_from_the_sms_guide(client, operator, login):
    login(operator)
    answer = confirm(client, "iphone", "sms-code", issuer="smbc")

    assert answer.status_code == 200
    assert "三井住友カード" in answer.text and "メール" in answer.text
    better = re.search(r'id="better-guide">([^<]*)', answer.text)
    assert better and "メールで届いた認証コード" in better.group(1)


def test_the_guide_that_fits_gets_no_warning(client, operator, login):
    login(operator)
    answer = confirm(client, "iphone", "sms-code", issuer="rakuten")

    assert "楽天カード" in answer.text and 'id="better-guide"' not in answer.text


def test_an_issuer_whose_code_is_in_an_app_says_the_guide_cannot_help(client, operator, login):
    login(operator)
    answer = confirm(client, "iphone", "sms-code", issuer="aeon")

    assert 'id="no-guide"' in answer.text


def test_carrier_mail_that_lands_in_messages_on_iphone_suggests_the_sms_guide(
    client, operator, login
):
    login(operator)
    answer = confirm(client, "iphone", "email-code", mail_domain="au.com")

    assert "「メッセージ」" in answer.text
    better = re.search(r'id="better-guide">([^<]*)', answer.text)
    assert better and "SMSで届いた認証コード" in better.group(1)


def test_the_hints_travel_to_the_session_and_its_panel(client, operator, login):
    login(operator)
    page = confirm(client, "iphone", "email-code", issuer="jcb", mail_domain="Taro@Docomo.ne.jp")
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    assert form["mail_domain"] == "docomo.ne.jp"  # the name before the @ is already gone
    sent = client.post("/console/sessions", data=form)
    session = db.session.scalars(select(GuidanceSession)).one()
    panel = client.get(sent.headers["Location"]).text

    assert (session.issuer_slug, session.mail_domain) == ("jcb", "docomo.ne.jp")
    assert "JCBカード" in panel and "＠docomo.ne.jp" in panel
    assert "「メール」（青い封筒の絵）" in panel  # docomo mail on an iPhone


def test_unknown_issuer_gives_the_operator_what_to_ask(client, operator, login):
    login(operator)
    answer = confirm(client, "iphone", "sms-code", issuer="unknown")

    assert "わからない" in answer.text and "読み上げないでください" in answer.text


@pytest.mark.parametrize(
    "hints, message",
    [
        ({"issuer": "no-such-card"}, "カード会社は一覧から選んでください"),
        ({"mail_domain": "ドコモ"}, "docomo.ne.jp"),
    ],
)
def test_bad_hints_keep_the_form_and_send_nothing(client, operator, login, hints, message):
    login(operator)
    answer = confirm(client, "iphone", "email-code", **hints)

    assert answer.status_code == 422
    assert message in answer.text
    assert 'value="090-1234-5678"' in answer.text or 'value="09012345678"' in answer.text
    assert db.session.scalar(select(func.count()).select_from(GuidanceSession)) == 0


def test_the_seed_leaves_an_admins_edit_alone(app, make_user):
    admin = make_user()
    row = issuers.by_slug("rakuten")
    fields = issuers.IssuerFields(
        name="楽天カード（テスト）",
        aliases=[],
        channel="email",
        guide_slug="email-code",
        script="",
        sources=["https://example.com/rakuten"],
        needs_check=None,
    )
    issuers.save(row, fields, admin, utcnow())
    issuers.seed()
    db.session.expire_all()

    kept = issuers.by_slug("rakuten")
    assert (kept.name, kept.channel.value) == ("楽天カード（テスト）", "email")
    assert kept.edited_by_id == admin.id


def test_an_edit_without_a_source_is_refused_and_changes_nothing(app, make_user):
    row = issuers.by_slug("rakuten")
    fields = issuers.IssuerFields("楽天", [], "sms", "sms-code", "", [], None)
    with pytest.raises(Exception, match="出典"):
        issuers.save(row, fields, make_user(), utcnow())
    db.session.rollback()
    assert db.session.get(CardIssuer, row.id).name == "楽天カード"


def write_hints(tmp_path, issuer_row: str, domain_row: str):
    (tmp_path / "issuers.toml").write_text("[[issuers]]\n" + issuer_row, encoding="utf-8")
    (tmp_path / "mail_domains.toml").write_text("[[domains]]\n" + domain_row, encoding="utf-8")
    return tmp_path


def test_the_content_check_judges_the_hint_tables(tmp_path):
    hints = write_hints(
        tmp_path,
        'slug = "x"\nname = "X"\nchannel = "fax"\nguide = "speaker"\n',
        'domain = "x.jp"\nname = "X"\napps = { iphone = "docomo", flip = "mail" }\n',
    )
    problems = [f"{where}: {message}" for where, message in hint_rules.check(pack.load(), hints)]

    assert any("channel must be" in p for p in problems)
    assert any("guide must be" in p for p in problems)
    assert any("issuers.toml x: no sources" in p for p in problems)
    assert any("no iphone device's email guide has an answer for 'docomo'" in p for p in problems)
    assert any("unknown family 'flip'" in p for p in problems)
    assert any("mail_domains.toml x.jp: no sources" in p for p in problems)
