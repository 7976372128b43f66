"""The admin's SMS wording page: edit the text that carries the link, see what it costs."""

from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user

from service.auth.roles import admin_required
from service.sessions import links
from service.sms import template


@admin_required
def edit():
    """Show the wording with its cost, or save a new one (checked first)."""
    body = template.current()
    problems = []
    if request.method == "POST":
        body = request.form.get("body", "").replace("\r\n", "\n")[: template.LIMIT * 2]
        problems = template.problems(body)
        if not problems:
            template.save(body, current_user)
            flash("SMS の文面を保存しました。これから送る SMS はこの文面です。", "ok")
            return redirect(url_for(".sms"), 303)
    settings = links.settings()
    sample_link = settings.public_url + links.LINK_PATH + "x" * template.SAMPLE_TOKEN_LENGTH
    sample = template.render(body, settings.shop_name, current_user.display_name, sample_link)
    page = render_template(
        "admin/sms.html",
        body=body,
        problems=problems,
        sample=sample,
        cost=template.count(sample),
        shop=settings.shop_name,
        sample_link=sample_link,
        default=template.DEFAULT,
    )
    return page, 422 if problems else 200
