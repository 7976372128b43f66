"""The analytics page in Chromium: an admin reads the charts and tables, picks a guide, and goes
from the step that loses most customers to that step on the guide page."""

import pytest

from service.auth import accounts
from service.models import Role
from tests.analytics import history
from tests.analytics.history import DEVICE
from tests.analytics.history import GUIDE
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_an_admin_finds_where_customers_get_stuck(browser, site, make_session, make_user):
    history.build(make_session, make_user)
    with site.app.app_context():
        accounts.create_user("admin@example.com", PASSWORD, Role.ADMIN, "管理者 鈴木")
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{site.url}/login")
        page.fill("#email", "admin@example.com")
        page.fill("#password", PASSWORD)
        page.click("button.primary")
        page.click("text=分析")

        chart = page.locator("svg#chart-outcomes")
        assert chart.is_visible() and chart.bounding_box()["width"] > 300
        assert page.locator("#chart-outcomes-title").text_content() == "案内の結果"
        completed = page.locator("#outcomes-table tr", has_text="完了（注文まで進んだ）")
        assert completed.locator("td.number").inner_text() == "1"
        # The table stands beside the chart, not under it.
        table = page.locator("#outcomes-table").bounding_box()
        assert table["x"] > chart.bounding_box()["x"] + 300

        page.select_option("#filter-device", DEVICE)
        page.select_option("#filter-guide", GUIDE)
        page.click("text=表示する")
        hear = page.locator("#step-row-hear td")
        assert [hear.nth(n).inner_text() for n in (2, 3, 5)] == ["4", "3", "2"]
        assert page.locator("svg#chart-steps rect").count() > 4

        leak = page.locator("#at-a-glance li a").first
        assert "手順 2" in leak.inner_text()
        leak.click()
        page.wait_for_url(f"**/admin/guides/{DEVICE}/{GUIDE}#step-hear")
        assert page.locator("#step-hear").is_visible()
    finally:
        context.close()
