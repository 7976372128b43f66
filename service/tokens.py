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


# Common, easy words an operator can read out and any customer recognises on screen: enough
# that the sessions live at one time never need to share one (see new_passphrase).
_WORDS = """
さくら みかん うみ やま ひまわり つばめ いちご かもめ すみれ もみじ
たんぽぽ こばん ふじさん すずめ りんご くじら たけのこ ほたる あさがお
だいこん かえで ひばり うさぎ まつぼっくり こすもす つくし ぶどう もも
なし かき すいか めろん れもん ばなな くり ゆず うめ びわ きく ばら
ゆり つばき あじさい ききょう なのはな れんげ すいせん ぼたん いぬ
ねこ きつね たぬき りす くま しか さる ぱんだ こあら ひつじ やぎ
うし うま にわとり あひる ぺんぎん らっこ いるか めだか こい きんぎょ
かに えび たこ ほたて あさり はと うぐいす めじろ きじ つる さぎ
ふくろう かぶとむし とんぼ ちょう こおろぎ せみ てんとうむし にんじん
きゅうり なす かぼちゃ とまと ねぎ ごぼう れんこん はくさい きゃべつ
じゃがいも さつまいも おにぎり おもち せんべい まんじゅう ようかん
おだんご そら くも にじ かぜ ゆき あめ ほし つき たいよう かわ いけ
もり はやし のはら はたけ たんぼ おか しま みさき ふね くるま
でんしゃ ひこうき じてんしゃ かさ かばん ぼうし てぶくろ つくえ いす
まど とけい かがみ たいこ ふえ こま けんだま おりがみ はる なつ あき
ふゆ あさひ ゆうひ やまびこ こだま みずうみ たき いずみ ささ まつ
たけ すぎ ひのき けやき いちょう さくらんぼ
"""
PASSPHRASES = tuple(_WORDS.split())


def new_passphrase(taken: set[str] = frozenset()) -> str:
    """Return a word both screens show, so the operator can confirm who opened the link.

    Never one in ``taken`` (the words of the sessions live now); when every word is taken,
    two words joined by 「・」.
    """
    free = [word for word in PASSPHRASES if word not in taken]
    if free:
        return secrets.choice(free)
    while True:
        pair = f"{secrets.choice(PASSPHRASES)}・{secrets.choice(PASSPHRASES)}"
        if pair not in taken:
            return pair


def short_code() -> str:
    """Return a 6-digit number for the operator to read aloud."""
    return f"{secrets.randbelow(1_000_000):06d}"


def keyed_digest(secret_key: str, value: str) -> str:
    """Return an HMAC of a short secret: its few digits could be hashed by brute force."""
    return hmac.new(
        secret_key.encode(), b"tebiki-short-code:" + value.encode(), hashlib.sha256
    ).hexdigest()
