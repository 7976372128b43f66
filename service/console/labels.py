"""The console's words for statuses and events, and what console.js gets from the server.

The script receives its event groups from ``service.sessions.events`` through here, so the
page and the script can never disagree about what ends a session or clears an alert.
"""

from service.models import Outcome
from service.models import SessionStatus
from service.sessions.events import ALARMS
from service.sessions.events import ARRIVALS
from service.sessions.events import CLEARS_HELP
from service.sessions.events import REDRAWS_PANEL
from service.sessions.events import SMS_OUTCOMES
from service.sessions.events import TERMINAL
from service.sessions.events import EventType

STATUS_LABELS = {
    SessionStatus.SENT: "SMS送信済み（未開封）",
    SessionStatus.DELIVERY_FAILED: "SMS送信失敗",
    SessionStatus.OPENED: "案内中",
    SessionStatus.COMPLETED: "完了",
    SessionStatus.NEEDS_OPERATOR: "要対応（案内の最後まで進んだが解決せず）",
    SessionStatus.EXPIRED: "期限切れ",
    SessionStatus.REVOKED: "無効",
}
# In place of SENT while the link's text has not gone out: the operator must not tell the
# customer to look for a text that the gateway has not taken yet. ``data-status`` then says
# "sms_waiting", which console.js treats as "sent" until the text's outcome arrives.
SMS_WAITING_LABEL = "SMS送信待ち（未開封）"
SMS_RETRYING_LABEL = "SMS送信待ち（{attempts} 回送れず、送り直します）"
# The status line after each event; a resent SMS's events change it only before opening.
STATUS_AFTER = {
    EventType.OPENED: SessionStatus.OPENED,
    EventType.STEP: SessionStatus.OPENED,
    EventType.MOVED: SessionStatus.OPENED,
    EventType.COMPLETED: SessionStatus.COMPLETED,
    EventType.NEEDS_OPERATOR: SessionStatus.NEEDS_OPERATOR,
    EventType.REVOKED: SessionStatus.REVOKED,
    EventType.EXPIRED: SessionStatus.EXPIRED,
    EventType.SMS_FAILED: SessionStatus.DELIVERY_FAILED,
    EventType.SMS_SENT: SessionStatus.SENT,
    EventType.SMS_DELIVERED: SessionStatus.SENT,
}
# "{step}" is replaced by the step number, here and in console.js.
EVENT_LABELS = {
    EventType.CREATED: "リンクを作成しました",
    EventType.SMS_SENT: "SMSを送りました",
    EventType.SMS_FAILED: "SMSを送れませんでした",
    EventType.SMS_DELIVERED: "SMSがお客様のスマホに届きました",
    EventType.OPENED: "お客様がリンクを開きました（手順 {step}）",
    EventType.OPENED_ELSEWHERE: "別のスマホかブラウザでリンクが開かれました（{client}）",
    EventType.STEP: "手順 {step} に進みました",
    EventType.HELP: "「わからない」が押されました（手順 {step}）",
    EventType.COMPLETED: "お客様が「できました」を押しました",
    EventType.NEEDS_OPERATOR: "お客様が最後の手順まで進みました（オペレーターの対応が必要）",
    EventType.REVOKED: "リンクを無効にしました",
    EventType.EXPIRED: "リンクの期限が切れました",
    EventType.MOVED: "お客様の画面を手順 {step} にしました",
    EventType.SWITCHED: "端末・手順を切り替えました",
    EventType.EXTENDED: "期限を延ばしました",
    EventType.RESENT: "SMSを送り直しました",
    EventType.SHORT_CODE: "読み上げ用の番号を作りました",
    EventType.FEEDBACK: "お客様の声：{rating}",
}
RATINGS = {"easy": "わかりやすかった", "hard": "むずかしかった"}
# How a session ended, for history and the panel.
OUTCOME_LABELS = {
    Outcome.COMPLETED: "完了（注文まで進んだ）",
    Outcome.NEEDS_OPERATOR: "要対応（案内では解決せず）",
    Outcome.ABANDONED: "中止（リンクを無効にした）",
    Outcome.EXPIRED: "期限切れ",
}
# A failure the provider reports after it took the text (details ``late``).
LATE_FAILURE_LABEL = "SMSがお客様のスマホに届きませんでした"
CHOICE_LABEL = "「{choice}」を選びました（手順 {step} へ）"
BACK_LABEL = "手順 {step} に戻りました"


def event_label(event_type: str, step: int | None, details: dict | None = None) -> str:
    """Return the console's words for an event."""
    details = details or {}
    label = EVENT_LABELS[EventType(event_type)]
    if event_type == EventType.OPENED_ELSEWHERE:
        label = label.replace("{client}", details.get("client", "不明"))
    if event_type == EventType.STEP and details.get("direction") == "choice":
        label = CHOICE_LABEL.replace("{choice}", details.get("choice", ""))
    elif event_type == EventType.STEP and details.get("direction") == "back":
        label = BACK_LABEL
    elif event_type == EventType.SMS_FAILED and details.get("late"):
        label = LATE_FAILURE_LABEL
    elif event_type == EventType.FEEDBACK:
        rating = RATINGS.get(details.get("rating", ""), "")
        label = label.replace("{rating}", rating + ("（手順 {step}）" if step else ""))
    return label.replace("{step}", str(step or "-"))


def _names(group) -> list[str]:
    return sorted(member.value for member in group)


def script_table() -> dict:
    """Return the labels and event groups console.js needs, as JSON-ready data."""
    return {
        "events": {
            **{type_.value: label for type_, label in EVENT_LABELS.items()},
            "choice": CHOICE_LABEL,
            "back": BACK_LABEL,
            "late_failure": LATE_FAILURE_LABEL,
        },
        "statuses": {status.value: label for status, label in STATUS_LABELS.items()},
        "status_after": {event.value: status.value for event, status in STATUS_AFTER.items()},
        "groups": {
            "terminal": _names(TERMINAL),
            "arrivals": _names(ARRIVALS),
            "clears_help": _names(CLEARS_HELP),
            "redraws_panel": _names(REDRAWS_PANEL),
            "sms_outcomes": _names(SMS_OUTCOMES),
            "alarms": _names(ALARMS),
        },
    }


def status_line(status: SessionStatus, failed_tries: int | None = None) -> tuple[str, str]:
    """Return the panel's status as (``data-status``, words); ``failed_tries`` is given
    while the link's text has not gone out yet (how many tries the gateway refused)."""
    if failed_tries is None:
        return status.value, STATUS_LABELS[status]
    if failed_tries:
        return "sms_waiting", SMS_RETRYING_LABEL.format(attempts=failed_tries)
    return "sms_waiting", SMS_WAITING_LABEL
