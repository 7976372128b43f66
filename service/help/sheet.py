"""The printable sheet of a guide: one A4 page, every step of its main route with its picture
and words, and a QR code to the live help page, in a Japanese font that travels with us.

fpdf2 writes it: pure Python (no system libraries in the image), it embeds and subsets an
OpenType font itself, and places images and link annotations by the millimetre.
"""

import io
import math
from collections import OrderedDict
from pathlib import Path

import qrcode
from flask import current_app
from fpdf import FPDF
from sqlalchemy import select

from service.db import db
from service.help.walk import sheet_steps
from service.media import store
from service.models import Guide
from service.models import Image
from service.models import Step

# Noto Sans CJK JP, cut down to what Japanese text needs (scripts/help-font; SIL OFL 1.1).
FONT = Path(__file__).resolve().parent / "fonts" / "NotoSansJP-Tebiki.otf"
FAMILY = "noto"
PAGE_W, PAGE_H, MARGIN, GAP = 210, 297, 10, 3
QR_SIZE = 32
TOP = MARGIN + QR_SIZE + 8  # the steps start below the heading and the QR code
INK, MUTED, RED, FRAME = (17, 17, 17), (60, 60, 60), (160, 0, 0), (120, 120, 120)
TITLE_PT, TEXT_PT, SMALLEST_PT = 11, 10, 7
MIN_PICTURE_W = 14
LINE = 1.3  # line height, in font sizes
MM_PER_PT = 25.4 / 72
# A version's sheet never changes (versions are frozen): keep the last few built, since
# embedding the font's subset takes most of a second.
KEPT = 32


def sheet_of(guide: Guide, url: str, shop_name: str) -> bytes:
    """Return the sheet of the guide's current version, built once per app and address."""
    version = guide.current_version
    kept = current_app.extensions.setdefault("help.sheets", OrderedDict())
    key = (version.id, version.content_hash, url, shop_name)
    if key not in kept:
        kept[key] = build(guide, sheet_steps(version), url, shop_name)
        while len(kept) > KEPT:
            kept.popitem(last=False)
    return kept[key]


def build(guide: Guide, steps: list[Step], url: str, shop_name: str) -> bytes:
    """Return the PDF of ``steps`` of ``guide``, its QR code and link pointing at ``url``."""
    pdf, _ = compose(guide, steps, url, shop_name)
    return bytes(pdf.output())


def compose(guide: Guide, steps: list[Step], url: str, shop_name: str) -> tuple[FPDF, list]:
    """Lay the sheet out; return it and the steps whose words did not fit their cell."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)  # one page, always: the cells are sized to fit
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_title(f"{guide.title}（{guide.device.name}）")
    pdf.set_lang("ja")
    pdf.set_creator(shop_name)
    pdf.add_font(FAMILY, fname=str(FONT))
    pdf.add_page()
    _heading(pdf, guide, len(steps), url, shop_name)
    pictures = _pictures(steps)
    columns = 2 if len(steps) <= 4 else 3
    rows = max(1, math.ceil(len(steps) / columns))
    cell_w = (PAGE_W - 2 * MARGIN - GAP * (columns - 1)) / columns
    cell_h = min((PAGE_H - MARGIN - TOP) / rows, 90) - GAP
    unfit = []
    for index, step in enumerate(steps):
        x = MARGIN + (index % columns) * (cell_w + GAP)
        y = TOP + (index // columns) * (cell_h + GAP)
        if not _cell(pdf, index + 1, step, pictures.get(step.image_digest), x, y, cell_w, cell_h):
            unfit.append(step)
    return pdf, unfit


def _heading(pdf: FPDF, guide: Guide, count: int, url: str, shop_name: str) -> None:
    text_w = PAGE_W - 2 * MARGIN - QR_SIZE - 4
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, size=9)
    pdf.set_xy(MARGIN, MARGIN)
    pdf.cell(text_w, 5, f"{shop_name}からのご案内")
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, size=16)
    pdf.set_xy(MARGIN, MARGIN + 6)
    pdf.multi_cell(text_w, 8, guide.title)
    pdf.set_font(FAMILY, size=10)
    pdf.set_x(MARGIN)
    pdf.multi_cell(text_w, 5.5, f"{guide.device.name}・全{count}手順")
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, size=8)
    pdf.set_x(MARGIN)
    pdf.multi_cell(
        text_w, 4, f"右のQRコードをスマホのカメラで読み取ると、画面で1つずつ見られます：{url}"
    )
    qr = qrcode.make(url, box_size=10, border=2).get_image()
    buffer = io.BytesIO()
    qr.save(buffer, format="PNG")
    pdf.image(buffer, x=PAGE_W - MARGIN - QR_SIZE, y=MARGIN, w=QR_SIZE, h=QR_SIZE, link=url)


def _pictures(steps: list[Step]) -> dict[str, bytes]:
    """Return the smallest PNG rendition of each step's picture, by source digest."""
    renditions = store.renditions_of([s.image_digest for s in steps if s.image_digest])
    smallest = {}
    for digest, (_, by_kind) in renditions.items():
        widths = [width for width, fmt in by_kind if fmt == "png"]
        if widths:
            smallest[digest] = by_kind[(min(widths), "png")]
    rows = db.session.execute(
        select(Image.digest, Image.data).where(Image.digest.in_(set(smallest.values())))
    )
    data = {digest: blob for digest, blob in rows}
    return {source: data[png] for source, png in smallest.items() if png in data}


def _words(step: Step) -> list[tuple[str, int, tuple]]:
    """Return the cell's paragraphs: (text, point size, colour)."""
    found = [(step.text, TEXT_PT, INK)]
    if step.choices:
        labels = "".join(f"「{choice.label}」" for choice in step.choices)
        found.append((f"答え：{labels}（この紙は「{step.choices[0].label}」のとき）", 8, MUTED))
    if step.warning:
        found.append(("この番号は誰にも教えないでください。", 9, RED))
    return found


def _height(pdf: FPDF, width: float, paragraphs: list[tuple[str, int, tuple]], scale: float):
    total = 0.0
    for text, size, _ in paragraphs:
        points = max(SMALLEST_PT, size * scale)
        pdf.set_font(FAMILY, size=points)
        lines = pdf.multi_cell(width, points * LINE * MM_PER_PT, text, dry_run=True, output="LINES")
        total += len(lines) * points * LINE * MM_PER_PT + 1
    return total


def _cell(pdf: FPDF, number: int, step: Step, picture, x, y, w, h) -> bool:
    """Draw one step (title on top, picture left, words right); return whether it fit."""
    pdf.set_draw_color(*FRAME)
    pdf.set_line_width(0.3)
    pdf.rect(x, y, w, h, round_corners=True, corner_radius=2)
    pad = 2
    title = [(f"{number}. {step.title}", TITLE_PT, INK)]
    inner_w = w - 2 * pad
    title_h = _height(pdf, inner_w, title, 1)
    body_h = h - 2 * pad - title_h
    picture_w = min(inner_w * 0.42, body_h * 0.72) if picture else 0
    words = _words(step)
    scale, fits = 1.0, True
    # Pictures give way first (down to a size still worth printing), then the type shrinks.
    while _height(pdf, inner_w - picture_w - pad * bool(picture), words, scale) > body_h:
        if picture and picture_w > MIN_PICTURE_W:
            picture_w -= 1.5
        elif scale * TEXT_PT > SMALLEST_PT:
            scale -= 0.05
        else:
            fits = False
            break
    _write(pdf, x + pad, y + pad, inner_w, title, 1)
    top = y + pad + title_h
    if picture:
        pdf.image(
            io.BytesIO(picture),
            x=x + pad,
            y=top,
            w=picture_w,
            keep_aspect_ratio=True,
            h=min(body_h, picture_w / 0.72),
        )
    words_x = x + pad + picture_w + pad * bool(picture)
    _write(pdf, words_x, top, inner_w - picture_w - pad * bool(picture), words, scale)
    return fits


def _write(pdf: FPDF, x: float, y: float, width: float, paragraphs, scale: float) -> None:
    pdf.set_xy(x, y)
    for text, size, colour in paragraphs:
        points = max(SMALLEST_PT, size * scale)
        pdf.set_font(FAMILY, size=points)
        pdf.set_text_color(*colour)
        pdf.set_x(x)
        pdf.multi_cell(width, points * LINE * MM_PER_PT, text)
        pdf.set_y(pdf.get_y() + 1)
