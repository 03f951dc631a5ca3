"""Bad input: every refusal is a LoadError whose one line names the file and the reason; a batch
command reports it on stderr, processes the other files and exits non-zero."""

from __future__ import annotations

import random
import zipfile

import pytest
from policyintel.errors import LoadError, UnsupportedFormat
from policyintel.ingest import load, read

GOOD = ("各县（市、区）人民政府，市级有关部门：\n"
        "现将《关于加快推进制造业高质量发展的若干措施》印发给你们，请认真贯彻落实。\n")


def refused(path, **options) -> LoadError:
    with pytest.raises(LoadError) as info:
        load(path, **options)
    error = info.value
    message = str(error)
    assert message.startswith(str(path) + ": ")
    assert "\n" not in message
    return error


def garbage(n: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert refused(path).reason == "empty file"


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\u3000\n\n", encoding="utf-8")
    assert "no text" in refused(path).reason


@pytest.mark.parametrize("seed", [1, 2, 3], ids=["seed1", "seed2", "seed3"])
def test_binary_garbage(tmp_path, seed):
    path = tmp_path / "noise.txt"
    path.write_bytes(garbage(20000, seed))
    assert "binary, not text" in refused(path).reason


def test_mostly_control_characters(tmp_path):
    path = tmp_path / "control.txt"
    path.write_bytes(("通知" + "\x01\x02\x03\x04\x05\x06" * 50 + "\n").encode("utf-8"))
    assert "binary, not text" in refused(path).reason


def test_missing_file_and_directory(tmp_path):
    assert refused(tmp_path / "nope.pdf").reason == "no such file"
    assert refused(tmp_path).reason == "is a directory"


def test_oversize_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(GOOD * 200, encoding="utf-8")
    error = refused(path, max_bytes=10_000)
    assert "over the" in error.reason and "limit" in error.reason


def _pdf(path, make, font):
    return make.write_pdf(path, [GOOD.splitlines()[1]], font)


def test_truncated_pdf(tmp_path, make, pdf_font):
    whole = _pdf(tmp_path / "whole.pdf", make, pdf_font).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    assert "truncated" in refused(path).reason


def test_pdf_header_only(tmp_path):
    path = tmp_path / "stub.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    assert "truncated" in refused(path).reason


def test_damaged_pdf_with_eof_marker(tmp_path):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\n" + garbage(3000) + b"\n%%EOF\n")
    assert "damaged" in refused(path).reason


def test_encrypted_pdf(tmp_path, pdf_font):
    from reportlab.pdfgen import canvas

    path = tmp_path / "secret.pdf"
    c = canvas.Canvas(str(path), encrypt="s3cret")
    c.setFont(pdf_font, 12)
    c.drawString(72, 700, "内部资料，注意保密。")
    c.showPage()
    c.save()
    assert refused(path).reason == "encrypted, no password"


def test_scanned_pdf(tmp_path):
    from PIL import Image, ImageDraw
    from reportlab.pdfgen import canvas

    image = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(image)
    for y in range(100, 700, 30):
        draw.rectangle((60, y, 540, y + 12), fill=0)  # lines of "text" as pixels
    image_path = tmp_path / "page.png"
    image.save(image_path)
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    for _ in range(2):
        c.drawImage(str(image_path), 0, 0, width=595, height=842)
        c.showPage()
    c.save()
    assert refused(path).reason == "scanned PDF with no text layer; OCR is not supported"


def test_pdf_fonts_without_unicode_map(tmp_path, make, pdf_font):
    good = _pdf(tmp_path / "ok.pdf", make, pdf_font).read_bytes()
    # Same length, so the cross-reference offsets stay valid: the font loses its ToUnicode map.
    path = tmp_path / "nomap.pdf"
    path.write_bytes(good.replace(b"/ToUnicode", b"/ToUnicodX"))
    error = refused(path)
    assert error.page == 1
    assert "no Unicode text" in error.reason
    assert str(error).startswith(f"{path}: page 1: ")


def test_html_without_article(tmp_path):
    links = "".join(f'<li><a href="/art/{i}.html">关于开展第{i}批项目申报工作的通知</a>'
                    f"<span>2024-05-{i:02d}</span></li>" for i in range(1, 21))
    page = (f"<!DOCTYPE html><html><head><title>通知公告_南通市人民政府</title></head><body>"
            f'<div class="nav"><a href="/">首页</a></div><div class="list"><ul>{links}</ul></div>'
            f'<div class="footer">主办单位：南通市人民政府办公室 网站标识码：3206000001</div>'
            f"</body></html>")
    path = tmp_path / "list.html"
    path.write_text(page, encoding="utf-8")
    assert refused(path).reason == "no article text found"


@pytest.mark.parametrize("name,content,reason", [
    ("attachment.docx", garbage(5000), "binary, not text (named .docx but the content is not DOCX)"),
    ("scan.pdf", b"\x89PNG\r\n\x1a\n" + garbage(500), "not a format policyintel reads: a PNG image"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + garbage(500), "legacy Office file"),
], ids=["garbage-as-docx", "png-as-pdf", "doc-as-docx"])
def test_wrong_extension(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    assert reason in refused(path).reason


def test_zip_that_is_not_a_document(tmp_path):
    path = tmp_path / "bundle.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "附件清单")
    with pytest.raises(UnsupportedFormat, match="not a Word document"):
        load(path)


def test_truncated_docx(tmp_path, make):
    whole = make.write_docx(tmp_path / "whole.docx", ["关于印发实施方案的通知"]).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])
    assert "damaged DOCX" in refused(path).reason


def test_cli_reports_bad_file_and_goes_on(tmp_path, make):
    from policyintel.cli import load_commands
    from typer.testing import CliRunner

    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + garbage(100))
    result = CliRunner().invoke(load_commands(), ["extract", str(good), str(bad), "--format", "json"])
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and str(bad) in errors[0] and "truncated" in errors[0]
    assert str(good) in result.stdout
    assert str(bad) not in result.stdout


def test_good_file_still_reads(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    assert "若干措施" in read(path).text
