"""An upload's fields as a multipart form sends them (the API's and the admin page's)."""

from service.errors import InvalidInput
from service.media.uploads import boxes
from service.media.uploads.records import Upload


def upload_from(files, form) -> Upload:
    """Read an upload's fields from a multipart form (the API's and the admin page's)."""
    file = files.get("file")
    if file is None or not file.filename:
        raise InvalidInput("file", "画像ファイルを選んでください（API では multipart の file）。")
    target = boxes.parse(form.get("target"), "target", "押す場所")
    if target is None:
        fields = [form.get(f"target_{part}") for part in "xywh"]
        target = boxes.from_fields(fields, "target", "押す場所")
    return Upload(
        data=file.read(),
        # The file's name is kept only as a label: its format is read from its bytes.
        name=(form.get("name") or "").strip() or (file.filename or ""),
        target=target,
        redactions=boxes.parse_many(form.get("redact"), "redact", "隠す範囲"),
        redact_mode=form.get("redact_mode") or "fill",
        mark=form.get("mark") or "ring",
    )
