"""What the browser tests do in Chromium again and again: sign in, send a link, finish a guide."""

from service.auth import accounts
from service.models import Role
from tests.conftest import PASSWORD


def sign_in(page, site, email: str = "op@example.com"):
    page.goto(f"{site.url}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state("load")  # console.js (deferred) listens from here on


def admin_page(browser, site):
    """Make an admin account, sign it in on a desktop-sized page, open the guide list."""
    with site.app.app_context():
        accounts.create_user("admin@example.com", PASSWORD, Role.ADMIN, "管理者 鈴木")
    page = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{site.url}/login")
    page.fill("#email", "admin@example.com")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.click("text=管理：案内")
    return page


def send_link(
    operator, device: str, guide: str = "sms-code", phone: str = "090-1234-5678", sent=True
):
    """Choose the phone's card, the task and the number, confirm, send; return the link
    (once the text went out, unless ``sent`` is False)."""
    operator.click(f'a[href="/console/new/{device}"]')
    operator.check(f'input[name="guide"][value="{guide}"]')
    operator.fill("#phone", phone)
    operator.click("text=確認する")
    operator.wait_for_selector("#formatted")
    operator.click("text=SMSでリンクを送る")
    operator.wait_for_selector("#status")
    if sent:
        # The server's worker sends the text just after; the panel hears of it live.
        operator.locator("#timeline").get_by_text("SMSを送りました").wait_for(timeout=10_000)
    return operator.inner_text("#link")


def walk_to_the_end(customer):
    while not customer.is_visible("text=できました"):
        answers = customer.locator('button[value^="choose:"]')
        # Each press is a form post: look at the next page only once it has come, or an
        # answer page may be read as the step before it (and 次へ waited for in vain).
        with customer.expect_navigation():
            if answers.count():
                answers.first.click()
            else:
                customer.click("text=次へ")
    customer.click("text=できました")


def move_customer(operator, customer, number: int, timeout: int) -> None:
    """Move the customer to step ``number`` from the panel; wait for the phone to show it."""
    options = operator.locator("#move-step option").all_inner_texts()
    choice = next(text for text in options if text.startswith(f"手順 {number}："))
    operator.select_option("#move-step", label=choice)
    operator.click("#move")
    customer.wait_for_function(
        "() => document.getElementById('step-title').textContent === "
        f"{choice.split('：', 1)[1]!r}",
        timeout=timeout,
    )
