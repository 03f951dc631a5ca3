"""The PDF loader's passes: PDFium and pdfplumber never open at once, pdfplumber only on the pages
that need it, and a page's lines held compactly read back as they were."""

from __future__ import annotations

from policyintel.ingest import load
from policyintel.ingest.loaders import pdf as pdf_loader
from policyintel.ingest.loaders.pdf import Lines

TASKS = [["项目", "金额（万元）"], ["技改补助", "500"], ["研发奖励", "300"]]
PROSE = [f"（{i}）强化要素保障，统筹用地、用能、资金等要素向重点项目倾斜。" for i in range(60)]


def test_lines_read_back_as_held():
    held = [("一、总体要求", 90.5, 72.0), ("", 110.0, 96.0), ("（一）工作目标", 130.25, 72.0)]
    lines = Lines(held)
    assert len(lines) == 3
    assert [(lines.text_of(i), lines.tops[i], lines.lefts[i]) for i in range(3)] == held
    assert len(Lines()) == 0


def test_engines_open_one_after_the_other(tmp_path, make, pdf_font, monkeypatch):
    events = []
    real_open, real_plumber_page = pdf_loader._open, pdf_loader._Plumber.page
    real_plumber_close = pdf_loader._Plumber.close

    class Tracked:
        def __init__(self, pdf):
            self.pdf = pdf

        def __len__(self):
            return len(self.pdf)

        def __getitem__(self, index):
            return self.pdf[index]

        def close(self):
            events.append("pdfium closed")
            self.pdf.close()

    def tracked_open(path):
        events.append("pdfium opened")
        return Tracked(real_open(path))

    def plumber_page(self, index):
        if self.pdf is None:
            events.append("pdfplumber opened")
        return real_plumber_page(self, index)

    def plumber_close(self):
        events.append("pdfplumber closed")
        real_plumber_close(self)

    monkeypatch.setattr(pdf_loader, "_open", tracked_open)
    monkeypatch.setattr(pdf_loader._Plumber, "page", plumber_page)
    monkeypatch.setattr(pdf_loader._Plumber, "close", plumber_close)
    raw = load(make.write_pdf(tmp_path / "mixed.pdf", PROSE + [TASKS] + PROSE[:20], pdf_font))
    assert [[c.text for c in row] for row in raw.tables[0].rows] == TASKS
    # The cells' text is PDFium's, read after pdfplumber found the table and was closed.
    assert events == ["pdfium opened", "pdfium closed", "pdfplumber opened", "pdfplumber closed",
                      "pdfium opened", "pdfium closed"]


def test_garbage_page_with_a_table_read_by_pdfplumber(tmp_path, make, pdf_font, monkeypatch):
    real = pdf_loader._pdfium_lines

    def garbled(page, textpage, height):
        lines, _text = real(page, textpage, height)
        return lines, "\ue001\ue002\ue003" * 50

    monkeypatch.setattr(pdf_loader, "_pdfium_lines", garbled)
    raw = load(make.write_pdf(tmp_path / "g.pdf", PROSE[:3] + [TASKS] + PROSE[3:6], pdf_font))
    assert [[c.text for c in row] for row in raw.tables[0].rows] == TASKS
    assert all(raw.text[c.start:c.end] == c.text for row in raw.tables[0].rows for c in row)
    assert PROSE[5] in raw.text.replace("\n", "")
    assert any("pdfplumber" in note for note in raw.notes)
