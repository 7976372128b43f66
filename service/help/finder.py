"""Finding one's own phone without an operator: the console finder's questions, one at a time.

The questions and the matching are the console's (``catalog.finder``); only the words are
the customer's own, and each answer is a link, so it works without JavaScript.
"""

from dataclasses import dataclass

from service.catalog import finder
from service.models import Device

SMS = "sms"
UNKNOWN = "unknown"  # 「わからない」: the question was asked, and tells nothing
# The console's questions about the phone, put to the customer directly.
QUESTIONS = {
    "home_button": "画面のすぐ下に、押せる丸いボタンがありますか？",
    "apple": "スマホの裏に、りんごのマークがありますか？",
    "big_buttons": "ホーム画面に、大きな「電話」「メール」のボタンがありますか？",
}
SMS_QUESTION = "SMS（ショートメール）を見るアプリの絵は、どれですか？"


@dataclass(frozen=True)
class Answers:
    """What the customer has answered so far, read from the page's query string."""

    sms_app: str
    traits: dict[str, bool]
    asked: frozenset[str]

    def query(self, **more: str) -> dict[str, str]:
        """Return the query string of these answers, with ``more`` added."""
        found = {SMS: self.sms_app or UNKNOWN} if SMS in self.asked else {}
        for trait in QUESTIONS:
            if trait in self.asked:
                yes = self.traits.get(trait)
                found[trait] = UNKNOWN if yes is None else ("yes" if yes else "no")
        return {**found, **more}


def read(args) -> Answers:
    """Return the answers in ``args`` (a request's query string); anything else is ignored."""
    sms_app = args.get(SMS, "")
    asked = {SMS} if sms_app in (*finder.SMS_APPS, UNKNOWN) else set()
    traits = {}
    for trait in QUESTIONS:
        value = args.get(trait)
        if value in ("yes", "no", UNKNOWN):
            asked.add(trait)
            if value != UNKNOWN:
                traits[trait] = value == "yes"
    return Answers(sms_app if sms_app in finder.SMS_APPS else "", traits, frozenset(asked))


def candidates(devices: list[Device], answers: Answers) -> list[Device]:
    """Return the phones that fit every answer, as the console's finder would."""
    return finder.search(devices, "", answers.traits, answers.sms_app)


def sms_choices(devices: list[Device]) -> list[tuple[str, str]]:
    """Return (app, words) for each SMS app one of ``devices`` may show, in the finder's order."""
    seen = {app for device in devices for app in device.sms_apps}
    return [(app, words) for app, words in finder.SMS_APPS.items() if app in seen]


def next_question(devices: list[Device], answers: Answers) -> str | None:
    """Return the next question worth asking ("sms" or a trait), or None when it is found.

    A question every remaining phone answers the same way tells nothing and is skipped.
    """
    if len(devices) <= 1:
        return None
    apps = {frozenset(device.sms_apps) for device in devices}
    if SMS not in answers.asked and len(apps) > 1:
        return SMS
    for trait in QUESTIONS:
        if trait in answers.asked:
            continue
        having = sum(trait in device.traits for device in devices)
        if 0 < having < len(devices):
            return trait
    return None
