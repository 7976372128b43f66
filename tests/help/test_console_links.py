"""Where the operator sees a guide, they can hand the customer its help page, sheet or mail."""

import html as markup
import re
from urllib.parse import parse_qs
from urllib.parse import urlsplit

from tests.conftest import PASSWORD
from tests.conftest import csrf_from
from tests.console.test_console import send

PAGE = "https://shop.example.jp/help/raku-raku-smartphone/email-code"


def help_links(page) -> dict[str, str]:
    block = re.search(r'<p class="hint help-links" id="help-links">(.*?)</p>', page.text, re.S)
    assert block, "no help links on the page"
    found = re.findall(r'href="([^"]+)"[^>]*id="(help-[a-z]+)"', block.group(1))
    return {name: markup.unescape(href) for href, name in found}


def confirm(client, device: str, guide: str):
    """Fill the console's first form for ``device`` and return the confirmation page."""
    token = csrf_from(client.get(f"/console/new/{device}").text)
    form = {"guide": guide, "phone": "09012345678", "csrf_token": token}
    return client.post(f"/console/new/{device}", data=form)


def test_the_confirm_page_and_the_panel_link_the_help_page_its_pdf_and_a_mail(
    app_factory, make_user
):
    app = app_factory(PUBLIC_URL="https://shop.example.jp", SHOP_NAME="やさしい通販")
    with app.app_context():
        client = app.test_client()
        operator = make_user()
        token = csrf_from(client.get("/login").text)
        signed_in = {"email": operator.email, "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=signed_in).status_code == 302
        confirmation = confirm(client, "raku-raku-smartphone", "email-code")
        panel = client.get(send(client, guide="email-code").headers["Location"])
        for shown in (confirmation, panel):
            found = help_links(shown)
            assert found["help-page"] == PAGE
            assert found["help-pdf"] == PAGE + ".pdf"
            mail = urlsplit(found["help-mail"])
            assert mail.scheme == "mailto"
            fields = parse_qs(mail.query)
            assert PAGE in fields["body"][0]
            assert "やさしい通販" in fields["subject"][0]
            assert "メールで届いた認証コード" in fields["subject"][0]
        # Each opens: the page and the sheet are public, and staff opening them count nothing.
        assert client.get(urlsplit(found["help-page"]).path).status_code == 200
        assert client.get(urlsplit(found["help-pdf"]).path).mimetype == "application/pdf"


def test_a_session_whose_phone_is_not_known_offers_no_help_links(client, login, operator):
    login(operator)
    confirmation = confirm(client, "unknown", "sms-code")
    assert confirmation.status_code == 200
    assert "送信の確認" in confirmation.text
    assert 'id="help-links"' not in confirmation.text
