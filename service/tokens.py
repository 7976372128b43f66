"""Secrets handed to people (link tokens, API keys) and the hashes we keep of them."""

import base64
import hashlib
import hmac
import secrets

LINK_TOKEN_BYTES = 16  # 128 bits: unguessable, and short enough for one SMS segment


def new_salt() -> str:
    """Return the random salt a session's link token is derived from."""
    return secrets.token_hex(16)


def link_token(secret_key: str, salt: str) -> str:
    """Return the link token for ``salt``: 128 bits of HMAC under the app's secret key.

    The database keeps the salt and the token's hash, never the token: someone holding a copy
    of the database cannot open a link, while the app can show or resend it any time.
    """
    mac = hmac.new(secret_key.encode(), b"tebiki-link:" + salt.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:LINK_TOKEN_BYTES]).rstrip(b"=").decode()


def new_api_key() -> str:
    """Return a fresh API key; the prefix tells a leaked key apart in logs and scanners."""
    return "tbk_" + secrets.token_urlsafe(32)


def new_id() -> str:
    """Return an opaque public identifier for a session."""
    return secrets.token_hex(8)


def digest(secret: str) -> str:
    """Return the SHA-256 hex digest we store instead of a secret.

    A fast hash is right here: the secrets are random and long, so there is nothing to
    brute-force, and every customer page load looks one up.
    """
    return hashlib.sha256(secret.encode()).hexdigest()


# Common, easy words an operator can read out and any customer recognises on screen.
PASSPHRASES = (
    "さくら",
    "みかん",
    "うみ",
    "やま",
    "ひまわり",
    "つばめ",
    "いちご",
    "かもめ",
    "すみれ",
    "もみじ",
    "たんぽぽ",
    "こばん",
    "ふじさん",
    "すずめ",
    "りんご",
    "くじら",
    "たけのこ",
    "ほたる",
    "あさがお",
    "だいこん",
    "かえで",
    "ひばり",
    "うさぎ",
    "まつぼっくり",
    "こすもす",
    "つくし",
)


def new_passphrase() -> str:
    """Return a word both screens show, so the operator can confirm who opened the link."""
    return secrets.choice(PASSPHRASES)


def short_code() -> str:
    """Return a 6-digit number for the operator to read aloud."""
    return f"{secrets.randbelow(1_000_000):06d}"


def keyed_digest(secret_key: str, value: str) -> str:
    """Return an HMAC of a short secret: its few digits could be hashed by brute force."""
    return hmac.new(
        secret_key.encode(), b"tebiki-short-code:" + value.encode(), hashlib.sha256
    ).hexdigest()
