"""The console's words for statuses and events, shared by the pages and console.js."""

from service.models import EventType
from service.models import SessionStatus

STATUS_LABELS = {
    SessionStatus.SENT: "SMS送信済み（未開封）",
    SessionStatus.DELIVERY_FAILED: "SMS送信失敗",
    SessionStatus.OPENED: "案内中",
    SessionStatus.COMPLETED: "完了",
    SessionStatus.EXPIRED: "期限切れ",
    SessionStatus.REVOKED: "無効",
}
# "{step}" is replaced by the step number, here and in console.js.
EVENT_LABELS = {
    EventType.CREATED: "リンクを作成しました",
    EventType.SMS_SENT: "SMSを送りました",
    EventType.SMS_FAILED: "SMSを送れませんでした",
    EventType.OPENED: "お客様がリンクを開きました（手順 {step}）",
    EventType.STEP: "手順 {step} に進みました",
    EventType.HELP: "「わからない」が押されました（手順 {step}）",
    EventType.COMPLETED: "お客様が「できました」を押しました",
    EventType.REVOKED: "リンクを無効にしました",
    EventType.EXPIRED: "リンクの期限が切れました",
    EventType.MOVED: "お客様の画面を手順 {step} にしました",
    EventType.SWITCHED: "端末・手順を切り替えました",
    EventType.EXTENDED: "期限を延ばしました",
    EventType.RESENT: "SMSを送り直しました",
    EventType.SHORT_CODE: "読み上げ用の番号を作りました",
}
CHOICE_LABEL = "「{choice}」を選びました（手順 {step} へ）"
BACK_LABEL = "手順 {step} に戻りました"


def event_label(event_type: str, step: int | None, details: dict | None = None) -> str:
    """Return the console's words for an event."""
    details = details or {}
    label = EVENT_LABELS[EventType(event_type)]
    if event_type == EventType.STEP and details.get("direction") == "choice":
        label = CHOICE_LABEL.replace("{choice}", details.get("choice", ""))
    elif event_type == EventType.STEP and details.get("direction") == "back":
        label = BACK_LABEL
    return label.replace("{step}", str(step or "-"))


def label_table() -> dict:
    """Return the labels console.js needs, as JSON-ready data."""
    return {
        "events": {
            **{type_.value: label for type_, label in EVENT_LABELS.items()},
            "choice": CHOICE_LABEL,
            "back": BACK_LABEL,
        },
        "statuses": {status.value: label for status, label in STATUS_LABELS.items()},
    }
