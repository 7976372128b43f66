"""Japanese mobile numbers: accept what operators type, keep E.164, show 090-1234-5678."""

import phonenumbers
from phonenumbers import NumberParseException
from phonenumbers import PhoneNumberFormat

from service.errors import InvalidInput

MOBILE_PREFIXES = ("70", "80", "90")
# "+81 (0)90-1234-5678 " fits with room to spare; anything longer is not a phone number.
MAX_TYPED = 40


def normalize_mobile(raw: str) -> str:
    """Return the E.164 form of a Japanese 070/080/090 number, or raise ``InvalidInput``."""
    text = (raw or "").strip()
    if not text:
        raise InvalidInput("phone", "携帯電話番号を入力してください。")
    if len(text) > MAX_TYPED:
        raise InvalidInput("phone", "番号が長すぎます。090-1234-5678 のように入力してください。")
    try:
        number = phonenumbers.parse(text, "JP")
    except NumberParseException:
        raise InvalidInput(
            "phone", "電話番号として読み取れません。090-1234-5678 のように入力してください。"
        ) from None
    national = str(number.national_number)
    if (
        number.country_code != 81
        or not national.startswith(MOBILE_PREFIXES)
        or not phonenumbers.is_valid_number(number)
    ):
        raise InvalidInput(
            "phone",
            "SMSを送れるのは 070・080・090 で始まる日本の携帯電話番号だけです。",
        )
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def format_national(e164: str) -> str:
    """Return a number as a Japanese reader writes it: 090-1234-5678."""
    return phonenumbers.format_number(phonenumbers.parse(e164, "JP"), PhoneNumberFormat.NATIONAL)
