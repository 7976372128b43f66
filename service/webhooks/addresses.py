"""Refuse webhook URLs that reach loopback, private, link-local or other non-public addresses.

Checked when an endpoint is registered and again at each send, where the name is resolved
once and the request goes to exactly the address checked (``webhooks.pinned``): a name that
resolves elsewhere by then, or between the check and the connection, reaches nothing inside.
Redirects are never followed, so a public address cannot hand a request on to an inside one.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from service.errors import InvalidInput

MAX_URL = 2000


class Refused(ValueError):
    """The URL may not receive webhooks; the message says why, in Japanese."""


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def resolve(url: str, allow_private: bool) -> str:
    """Return the one address to send ``url``'s request to, or raise ``Refused``.

    The host is looked up once, here: every address it has must be public (unless
    ``allow_private``), and the caller connects to the first one and no other, so a DNS
    answer that changes after this check (rebinding) cannot lead the request inside.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("http:// か https:// で始まる URL を指定してください。")
    if parts.username or parts.password:
        raise Refused("URL に利用者名やパスワードは入れられません。")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError, UnicodeError) as exc:
        raise Refused("その URL のホスト名を引けません。") from exc
    addresses = [ipaddress.ip_address(sockaddr[0].split("%", 1)[0]) for *_, sockaddr in found]
    if not allow_private and any(_refused(address) for address in addresses):
        raise Refused(
            "その URL は内部のアドレス（ループバック・プライベート・リンクローカルなど）を"
            "指しています。"
        )
    return str(addresses[0])


def check(url: str, allow_private: bool) -> None:
    """Raise ``Refused`` unless ``url`` is http(s) to a host whose every address is public."""
    resolve(url, allow_private)


def checked_url(url: object, allow_private: bool) -> str:
    """Return ``url`` if it may receive webhooks; else raise ``InvalidInput`` on ``url``."""
    if not isinstance(url, str) or not url.strip() or len(url) > MAX_URL:
        raise InvalidInput("url", f"url は {MAX_URL} 文字までの URL です。")
    url = url.strip()
    try:
        check(url, allow_private)
    except Refused as refusal:
        raise InvalidInput("url", str(refusal)) from None
    return url
