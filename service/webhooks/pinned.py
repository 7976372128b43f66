"""POST to a URL over a connection to one given address, the name kept for Host and TLS.

urllib3 (the transport under ``requests``) takes the address as the pool's host and the
name as ``server_hostname``: the TLS handshake sends it (SNI) and the certificate is checked
against it, while the ``Host`` header carries it too. No second lookup happens anywhere.
"""

from urllib.parse import urlsplit

import certifi
import urllib3

# What a failed attempt raises: no answer, a broken one, a certificate that does not match.
Failure = (urllib3.exceptions.HTTPError, OSError)


def post(url: str, address: str, body: bytes, headers: dict, timeout: float) -> int:
    """Send ``body`` to ``url`` through ``address``; return the answer's status (no redirect
    is followed), or raise one of ``Failure``."""
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    options = {
        "port": parts.port or (443 if secure else 80),
        "timeout": urllib3.Timeout(connect=timeout, read=timeout),
        "retries": False,
    }
    if secure:
        pool = urllib3.HTTPSConnectionPool(
            address,
            server_hostname=parts.hostname,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            **options,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, **options)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    with pool:
        response = pool.urlopen(
            "POST",
            target,
            body=body,
            headers={**headers, "Host": parts.netloc},
            redirect=False,
            assert_same_host=False,
        )
        return response.status
