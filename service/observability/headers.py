"""Security headers on every answer: a strict Content-Security-Policy, nosniff, HSTS over
HTTPS, no framing (but the admin's preview of the customer's page), no-store where a link
token or a phone number may be.

Written here rather than with flask-talisman: Talisman overwrites Referrer-Policy on every
answer (the customer's pages need ``no-referrer`` to keep the token out of Referer), trusts
a raw X-Forwarded-Proto for HSTS and its HTTPS redirect whatever PROXY_FIX_X_FOR says,
rewrites the session cookie settings, and takes per-page options only as attributes on the
view functions of other surfaces. The policy is one string and one hook.
"""

from flask import Flask
from flask import request

# No inline script or style anywhere: everything comes from /static; pictures from /media
# (and the QR codes are inline SVG markup, which img-src does not govern), and blob: for the
# admin's preview of the screenshot being uploaded (only a script of ours can make one).
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
    "connect-src 'self'; font-src 'self'; media-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-src 'self'; frame-ancestors {ancestors}"
)
# The admin's guide page shows the customer's page in a phone-sized frame.
FRAMED_BY_US = frozenset({"customer.preview"})
# Answers without a token or a phone number in them, safe for a cache to keep: pictures and
# scripts (immutable or revalidated) and the public help pages.
CACHEABLE_ENDPOINTS = frozenset({"static", "media.image"})
CACHEABLE_BLUEPRINTS = frozenset({"help"})
HSTS = "max-age=31536000"
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=()"


def init_app(app: Flask) -> None:
    """Add the headers to every answer the app gives."""
    app.after_request(secure)


def secure(response):
    """Set the security headers on ``response`` for the page it answers."""
    headers = response.headers
    framed = request.endpoint in FRAMED_BY_US
    headers["Content-Security-Policy"] = POLICY.format(ancestors="'self'" if framed else "'none'")
    headers["X-Frame-Options"] = "SAMEORIGIN" if framed else "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Permissions-Policy"] = PERMISSIONS
    # The customer's pages say no-referrer themselves; the console's forms need their own
    # address as Referer to come back to (errors._back).
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if request.is_secure:
        # ProxyFix (PROXY_FIX_X_FOR) makes a proxy's HTTPS count here, a client's claim not.
        headers["Strict-Transport-Security"] = HSTS
    if not _cacheable():
        headers["Cache-Control"] = "no-store"
    return response


def _cacheable() -> bool:
    return request.endpoint in CACHEABLE_ENDPOINTS or request.blueprint in CACHEABLE_BLUEPRINTS
