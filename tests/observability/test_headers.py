"""Security headers on every route, walked with real arguments as a caller who may reach it."""

import re

import pytest

from service.observability.headers import HSTS
from tests.auth.test_route_access import API
from tests.auth.test_route_access import API_ADMIN
from tests.auth.test_route_access import ARGUMENTS
from tests.auth.test_route_access import BODIES
from tests.auth.test_route_access import ROUTES
from tests.auth.test_route_access import Walk
from tests.auth.test_route_access import _rules
from tests.conftest import csrf_from

# Pictures, scripts and the public help pages hold no token and no number: caches may keep them.
CACHEABLE = {"static", "media.image"}
SIGNED_IN = {"staff", "owner", "admin"}


def answer(app, people, endpoint: str, method: str, **environ):
    """Request ``endpoint`` as a caller its entry lets in; return the response."""
    (rule,) = [r for r in app.url_map.iter_rules(endpoint) if method in r.methods][:1]
    walk = Walk(people)
    browser = app.test_client()
    access = ROUTES[endpoint]
    if access in SIGNED_IN:
        with browser.session_transaction() as cookie:
            cookie["_user_id"], cookie["_fresh"] = str(people["admin"]), True
    key = people["operator key"] if access == API_ADMIN else people["key"]
    headers = {"Authorization": f"Bearer {key}"} if access in (API, API_ADMIN) else {}
    values = {name: ARGUMENTS[name](walk) for name in rule.arguments}
    path = app.url_map.bind("localhost").build(endpoint, values, method=method)
    kwargs = {}
    if method not in ("GET", "HEAD"):
        body = BODIES[endpoint](walk) if endpoint in BODIES else {}
        if access in (API, API_ADMIN):
            kwargs = {"json": body} if body else {}
        else:
            kwargs = {"data": {"csrf_token": csrf_from(browser.get("/login").text), **body}}
    app.config.update(SSE_MAX_SECONDS=0.05, SSE_HEARTBEAT_SECONDS=0.05)
    response = browser.open(path, method=method, headers=headers, environ_base=environ, **kwargs)
    response.get_data()
    response.close()
    return response


@pytest.mark.parametrize(("endpoint", "method"), _rules())
def test_every_route_answers_with_the_security_headers(app, people, endpoint, method):
    headers = answer(app, people, endpoint, method).headers

    policy = headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    assert "unsafe-inline" not in policy and "object-src 'none'" in policy
    framed = endpoint == "customer.preview"  # the admin's phone-sized frame shows it
    ancestors = "'self'" if framed else "'none'"
    assert f"frame-ancestors {ancestors}" in policy
    assert headers["X-Frame-Options"] == ("SAMEORIGIN" if framed else "DENY")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in headers  # plain HTTP here
    cacheable = endpoint in CACHEABLE or endpoint.startswith("help.")
    assert (headers.get("Cache-Control") == "no-store") is not cacheable
    if endpoint.startswith("customer."):
        assert headers["Referrer-Policy"] == "no-referrer"


def test_hsts_only_when_the_request_came_over_https(app_factory):
    direct = app_factory().test_client()
    assert "Strict-Transport-Security" not in direct.get("/login").headers
    https = direct.get("/login", base_url="https://localhost")
    assert https.headers["Strict-Transport-Security"] == HSTS
    # A client saying https over plain HTTP is not believed without a trusted proxy...
    claimed = direct.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in claimed.headers
    # ...and is, through the one proxy PROXY_FIX_X_FOR trusts.
    proxied = app_factory(PROXY_FIX_X_FOR=1).test_client()
    answered = proxied.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert answered.headers["Strict-Transport-Security"] == HSTS


def test_no_template_has_inline_script_or_style(repo_root):
    templates = repo_root / "service" / "templates"
    for page in templates.rglob("*.html"):
        html = page.read_text()
        # A JSON data block (the panel's labels) is not run, so the policy does not apply.
        scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
        assert not scripts, page
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html), page
