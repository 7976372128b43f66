"""Finding the customer's phone: by the name they say, or by their answers to a few questions."""

import re
import unicodedata

from service.models import Device

# What the customer sees when they look for their SMS: the finder asks, rather than trusting
# the brand or the carrier (au and docomo moved to Google メッセージ: content-review F8).
SMS_APPS = {
    "iphone-messages": "緑の四角に白い吹き出しの「メッセージ」",
    "google-messages": "青い吹き出しの「メッセージ」",
    "plus-message": "「+メッセージ」",
    "mail": "封筒の絵の「メール」（らくらくスマートフォンなど）",
}
# Questions the operator can ask the customer, each about one device trait.
QUESTIONS = (
    ("home_button", "画面の下に、押せるボタン（ホームボタン）がありますか？"),
    ("apple", "スマホの裏に、りんごのマークがありますか？"),
    ("big_buttons", "ホーム画面に、大きな「電話」「メール」のボタンがありますか？"),
)


def normalise(text: str) -> str:
    """Fold what people type: width, case, katakana to hiragana, spaces and dashes dropped."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    hiragana = "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in folded)
    return re.sub(r"[\s\-‐－ー・_/]", "", hiragana)


# A name this short inside what was typed says nothing ("a" in "galaxy a23").
MIN_NAME_IN_QUERY = 3


def _same_phone(wanted: str, name: str) -> bool:
    """Whether what was typed names this phone: part of a name ("らくらく"), or a full model
    name that starts with or contains one ("galaxya23" holds "galaxy")."""
    return wanted in name or (len(name) >= MIN_NAME_IN_QUERY and name in wanted)


def search(
    devices: list[Device], query: str, answers: dict[str, bool], sms_app: str = ""
) -> list[Device]:
    """Return the devices whose name or alias contains ``query`` and whose traits fit.

    ``answers`` maps a trait (see QUESTIONS) to the customer's yes (True) or no (False);
    ``sms_app`` is the SMS app the customer says they see (see SMS_APPS), if they know.
    """
    wanted = normalise(query)
    found = []
    for candidate in devices:
        names = [candidate.name, candidate.slug, *candidate.aliases]
        if wanted and not any(_same_phone(wanted, normalise(name)) for name in names):
            continue
        if any((trait in candidate.traits) != yes for trait, yes in answers.items()):
            continue
        if sms_app and sms_app not in candidate.sms_apps:
            continue
        found.append(candidate)
    return found
