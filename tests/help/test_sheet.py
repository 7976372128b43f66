"""The printable sheet: one A4 page per guide, every main-route step's words, a working QR."""

import io
import re

import pypdf
import pytest
import zxingcpp
from fontTools.ttLib import TTFont

from service import catalog
from service.db import db
from service.help import sheet
from service.help import walk

A4 = (595, 842)  # points, rounded


def read(data: bytes) -> pypdf.PdfReader:
    assert data.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(data))


def flat(text: str) -> str:
    """Drop the line breaks, spaces and NULs pypdf puts between the characters it extracts
    (poppler's pdftotext reads the same text cleanly)."""
    return re.sub(r"[\s\x00]+", "", text)


def test_the_sheet_is_one_a4_page_with_every_step_and_a_qr_code_to_the_help_page(
    app_factory,
):
    app = app_factory(PUBLIC_URL="https://help.example.jp")
    with app.app_context():
        answer = app.test_client().get("/help/raku-raku-smartphone/sms-code.pdf")
        assert answer.status_code == 200
        assert answer.mimetype == "application/pdf"
        assert "raku-raku-smartphone-sms-code.pdf" in answer.headers["Content-Disposition"]
        pdf = read(answer.data)
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert tuple(round(float(v)) for v in page.mediabox[2:]) == A4
        text = flat(page.extract_text())
        guide = catalog.guide("raku-raku-smartphone", "sms-code")
        steps = walk.sheet_steps(guide.current_version)
        assert flat(guide.title) in text
        for step in steps:
            assert flat(step.title) in text, step.key
            assert flat(step.text) in text, step.key

        url = "https://help.example.jp/help/raku-raku-smartphone/sms-code"
        links = [a.get_object()["/A"]["/URI"] for a in page["/Annots"]]
        assert url in links
        pictures = [image.image for image in page.images]
        assert len(pictures) == len([s for s in steps if s.image_digest]) + 1
        decoded = {code.text for picture in pictures for code in zxingcpp.read_barcodes(picture)}
        assert decoded == {url}


def test_every_guide_of_the_pack_fits_one_page_with_its_words_inside_their_cells(app):
    for device in catalog.devices():
        for guide in device.guides:
            steps = walk.sheet_steps(guide.current_version)
            pdf, unfit = sheet.compose(guide, steps, "http://localhost:5000/help/x/y", "テスト通販")
            assert pdf.pages_count == 1, (device.slug, guide.slug)
            assert [s.key for s in unfit] == [], (device.slug, guide.slug)


def test_words_too_long_for_their_cell_are_reported(app):
    guide = catalog.guide("iphone", "sms-code")
    steps = walk.sheet_steps(guide.current_version)
    steps[0].text = "とても長い説明です。" * 80  # never committed: the test's own session
    _, unfit = sheet.compose(guide, steps, "http://localhost:5000/help/x/y", "テスト通販")
    assert unfit == [steps[0]]
    db.session.rollback()


def test_a_sheet_is_built_once_per_version_and_address(client, monkeypatch):
    first = client.get("/help/iphone/speaker.pdf").data
    monkeypatch.setattr(sheet, "build", lambda *args: pytest.fail("built again"))
    assert client.get("/help/iphone/speaker.pdf").data == first


def test_the_font_has_every_character_the_pack_and_the_sheet_use(app):
    cmap = TTFont(sheet.FONT).getBestCmap()
    words = {
        "からのご案内・全手順",
        "右のQRコードをスマホのカメラで読み取ると、",
        "画面で1つずつ見られます：",
        "答え：「」（この紙はのとき）",
        "この番号は誰にも教えないでください。",
        "テスト通販",
    }
    for device in catalog.devices():
        words.add(device.name)
        for guide in device.guides:
            words.add(guide.title)
            for step in guide.current_version.steps:
                words |= {step.title, step.text, *(choice.label for choice in step.choices)}
    missing = {c for text in words for c in text if not c.isspace() and ord(c) not in cmap}
    assert missing == set(), "run scripts/help-font to add them"


@pytest.mark.parametrize("url", ["/help/iphone/sms-code.pdf", "/help/iphone/speaker.pdf"])
def test_the_sheet_is_small_enough_to_mail(client, url):
    assert len(client.get(url).data) < 400_000
