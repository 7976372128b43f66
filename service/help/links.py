"""The addresses of a guide's help page and sheet as a phone reaches them (PUBLIC_URL)."""

from urllib.parse import quote

from flask import current_app
from flask import url_for


def page_url(device_slug: str, guide_slug: str) -> str:
    """Return the absolute address of the guide's help page."""
    path = url_for("help.guide", device_slug=device_slug, guide_slug=guide_slug)
    return current_app.config["PUBLIC_URL"] + path


def sheet_url(device_slug: str, guide_slug: str) -> str:
    """Return the absolute address of the guide's printable sheet."""
    path = url_for("help.printable", device_slug=device_slug, guide_slug=guide_slug)
    return current_app.config["PUBLIC_URL"] + path


def mailto(guide, shop_name: str) -> str:
    """Return a mailto: link whose body holds the help page's address, for the customer."""
    url = page_url(guide.device.slug, guide.slug)
    subject = f"【{shop_name}】{guide.title}の手順"
    body = (
        f"{shop_name}です。お電話でご案内した手順を、スマホで1つずつ見られます。\n"
        f"下のアドレスを押してください。\n\n{url}\n\n"
        "認証コードの数字は、オペレーターを含めて誰にも教えないでください。"
    )
    return f"mailto:?subject={quote(subject)}&body={quote(body)}"
