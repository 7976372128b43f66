"""Stylesheets and scripts carry their digest in the URL and are kept for a year by it."""

import hashlib
import re

import pytest
from flask import request

from service import static_files
from tests.browser import send_link
from tests.browser import sign_in
from tests.conftest import IPHONE_SE

STYLESHEET = re.compile(r'href="(/static/customer\.css\?v=([0-9a-f]+))"')


def test_the_customer_page_links_its_stylesheet_by_digest_kept_a_year(app, make_session, customer):
    _, path = make_session()
    page = customer.get(path).get_data(as_text=True)
    url, digest = STYLESHEET.search(page).groups()
    with open(f"{app.static_folder}/customer.css", "rb") as file:
        assert hashlib.sha256(file.read()).hexdigest().startswith(digest)

    answer = customer.get(url)
    assert answer.status_code == 200 and answer.mimetype == "text/css"
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("query", ["", "?v=0123456789ab", "?v="])
def test_a_url_without_the_files_digest_is_revalidated_not_kept(client, query):
    answer = client.get(f"/static/customer.css{query}")
    assert answer.status_code == 200
    assert "immutable" not in answer.headers["Cache-Control"]
    again = client.get(
        f"/static/customer.css{query}", headers={"If-None-Match": answer.headers["ETag"]}
    )
    assert again.status_code == 304


def test_a_changed_file_gets_another_url_and_its_old_url_is_no_longer_kept(app, client, tmp_path):
    app.static_folder = str(tmp_path)
    (tmp_path / "page.css").write_text("body { color: black }")
    with app.test_request_context():
        before = app.url_for("static", filename="page.css")
        (tmp_path / "page.css").write_text("body { color: navy; }")
        after = app.url_for("static", filename="page.css")
    assert before != after and after.startswith("/static/page.css?v=")

    assert client.get(after).headers["Cache-Control"].endswith("immutable")
    old = client.get(before)
    assert old.get_data(as_text=True) == "body { color: navy; }"
    assert "immutable" not in old.headers["Cache-Control"]


def test_a_missing_file_has_no_version_and_stays_404(app, client):
    with app.test_request_context():
        assert app.url_for("static", filename="nowhere.css") == "/static/nowhere.css"
    assert client.get("/static/nowhere.css?v=0123456789ab").status_code == 404
    assert static_files.version(app.static_folder, "../config.py") is None


@pytest.mark.browser
def test_the_next_step_shows_without_asking_for_the_stylesheet_again(browser, site):
    served = []  # what reached the server (the browser reports its cache hits as requests)
    site.app.before_request(lambda: served.append(request.path))
    operator = browser.new_context(locale="ja-JP").new_page()
    customer = browser.new_context(**IPHONE_SE, java_script_enabled=False).new_page()
    try:
        sign_in(operator, site)
        customer.goto(send_link(operator, "iphone-home-button"))
        assert "/static/customer.css" in served
        del served[:]
        customer.click("text=次へ")
        assert customer.inner_text(".counter").startswith("手順 2 /")
        # The page itself came again; its stylesheet came from the phone's cache.
        assert any(path.startswith("/g/") for path in served)
        assert not any(path.startswith("/static/") for path in served)
    finally:
        operator.context.close()
        customer.context.close()
