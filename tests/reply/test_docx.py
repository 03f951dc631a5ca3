"""The DOCX letter: GB/T 9704 layout, fonts with East Asian names and Linux fallbacks, page
numbers, citations as comments and a 注 list; rendering through LibreOffice when installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from policyintel.reply.docx_writer import BODY_FONT, FONT_FALLBACKS, TITLE_FONT, write_docx

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def letter(fold_draft, tmp_path_factory):
    _, _, draft = fold_draft("达州")
    path = tmp_path_factory.mktemp("docx") / "reply.docx"
    write_docx(draft, path)
    return draft, path


def _east_asia(run) -> str | None:
    return run._element.rPr.rFonts.get(f"{W}eastAsia")


def test_page_is_a4_with_official_margins(letter):
    import docx

    section = docx.Document(str(letter[1])).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin,
                                  section.left_margin, section.right_margin)] == [37, 35, 28, 26]


def test_title_and_body_fonts(letter):
    import docx

    draft, path = letter
    doc = docx.Document(str(path))
    title = next(p for p in doc.paragraphs if p.text.startswith(draft.header["title"]))
    assert _east_asia(title.runs[0]) == TITLE_FONT and title.runs[0].font.size.pt == 22
    assert title.alignment == 1  # centred
    body = next(p for p in doc.paragraphs if p.text.startswith("下一步，将按照"))
    assert _east_asia(body.runs[0]) == BODY_FONT and body.runs[0].font.size.pt == 16
    assert body.paragraph_format.first_line_indent.pt == 32
    heading = next(p for p in doc.paragraphs if p.text == "一、工作开展情况")
    assert _east_asia(heading.runs[0]) == "黑体"


def test_page_number_field_in_footer(letter):
    import docx

    footer = docx.Document(str(letter[1])).sections[0].footer.paragraphs[0]
    xml = footer._p.xml
    assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
    assert footer.text.startswith("— ") and footer.text.endswith(" —")


def test_font_table_names_linux_fallbacks(letter):
    xml = zipfile.ZipFile(letter[1]).read("word/fontTable.xml").decode("utf-8")
    for name, fallbacks in FONT_FALLBACKS.items():
        assert f'w:name="{name}"' in xml and f'w:val="{fallbacks[0]}"' in xml


def test_citations_as_comments_and_notes(letter):
    import docx

    draft, path = letter
    doc = docx.Document(str(path))
    comments = list(doc.comments)
    index_cites = [c for c in draft.citations if c.kind == "index"]
    assert comments and index_cites
    text = "\n".join(c.text for c in comments)
    plan = "达州市人民政府办公室关于印发达州市制造业技能人才培育三年攻坚行动方案（2025—2027年）的通知"
    assert plan in text and "第" in text and "字" in text
    all_text = "\n".join(p.text for p in doc.paragraphs)
    assert "注：引用来源" in all_text
    for c in draft.citations:
        assert f"[{c.n}] " in all_text
    # The letter's own text is there in full.
    assert draft.header["title"] in all_text and "现将办理情况答复如下。" in all_text


def test_renders_through_libreoffice(letter, tmp_path):
    """DOCX → PDF (LibreOffice) → PNG, with the Chinese text in the PDF; the PNG is kept for a
    person to look at (in $POLICYINTEL_RENDER_DIR if set, else tests/artifacts/)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (Debian: apt-get install libreoffice-writer)")
    _, path = letter
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(path)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "reply.pdf"
    assert pdf.exists()
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        first = doc.pages[0].extract_text() or ""
        assert "工作开展情况" in first.replace(" ", "") or "函" in first
        out_dir = os.environ.get("POLICYINTEL_RENDER_DIR") or str(ARTIFACTS)
        os.makedirs(out_dir, exist_ok=True)
        png = os.path.join(out_dir, "draft-reply-page1.png")
        doc.pages[0].to_image(resolution=80).save(png)
    assert os.path.getsize(png) > 10_000
