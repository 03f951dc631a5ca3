"""A draft reply as a DOCX laid out as an official letter (GB/T 9704 conventions).

- A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; page number centred in the
  footer as ``— N —`` (a PAGE field).
- Title 方正小标宋简体 二号 (22 pt), centred; body 仿宋_GB2312 三号 (16 pt), first-line indent of
  two characters, fixed 28 pt line spacing; 一、 headings 黑体, （一） headings 楷体_GB2312, all 三号.
- The East Asian font is set on every run (``w:rFonts w:eastAsia``), Latin digits in Times New
  Roman. These fonts are rarely installed on Linux, so the document's font table names a
  fallback present there for each (``w:altName``: Noto Serif/Sans CJK SC, AR PL UKai), and
  ``FONT_FALLBACKS`` lists the chain a renderer should try.

Citations: python-docx writes no footnotes, so the draft's sources are (1) a Word comment on each
cited sentence (document, section, offsets, quote) that reviewers see beside the text and that
leaves the letter itself as it will be sent, and (2) a numbered list 注 of the same sources after
the letter, on its own page, keyed by superscript marks [n] in the text; ``notes=False`` leaves
both marks and list out.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import IO

from policyintel.reply.draft import Draft, Paragraph

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
TITLE_PT, BODY_PT, FOOTER_PT = 22, 16, 14
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINE_PT = 28
# Fonts present on common Linux installs (Debian: fonts-noto-cjk, fonts-arphic-ukai,
# fonts-wqy-microhei), in the order a renderer should try them.
FONT_FALLBACKS = {
    TITLE_FONT: ("Noto Serif CJK SC", "Source Han Serif SC", "WenQuanYi Micro Hei"),
    BODY_FONT: ("Noto Serif CJK SC", "FangSong", "WenQuanYi Micro Hei"),
    HEADING_FONT: ("Noto Sans CJK SC", "WenQuanYi Micro Hei"),
    SUBHEADING_FONT: ("AR PL UKai CN", "Noto Serif CJK SC", "WenQuanYi Micro Hei"),
}
_FONT_OF_ROLE = {"title": (TITLE_FONT, TITLE_PT), "heading": (HEADING_FONT, BODY_PT),
                 "subheading": (SUBHEADING_FONT, BODY_PT)}


def _set_font(run, name: str, size_pt: float) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size_pt)
    run.font.name = LATIN_FONT
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _page_setup(document) -> None:
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])
        _page_number_footer(section)


def _page_number_footer(section) -> None:
    """``— PAGE —`` centred: a complex PAGE field between two dashes."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(para.add_run("— "), "宋体", FOOTER_PT)
    run = para.add_run()
    _set_font(run, "宋体", FOOTER_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "1":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _set_font(para.add_run(" —"), "宋体", FOOTER_PT)


def _font_table(document) -> None:
    """Name a Linux fallback (w:altName) for each Chinese font in the font table."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    part = next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = parse_xml(part.blob)
    for name, fallbacks in FONT_FALLBACKS.items():
        font = parse_xml(
            f'<w:font xmlns:w="{ns}" w:name="{name}"><w:altName w:val="{fallbacks[0]}"/>'
            f'<w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/>'
            f"</w:font>")
        root.append(font)
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _paragraph_format(para, role: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    fmt = para.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT if role != "title" else 36)
    fmt.space_before = fmt.space_after = Pt(0)
    if role == "title":
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.space_after = Pt(LINE_PT)
    elif role in ("doc_number",):
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif role in ("signature", "date"):
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = Pt(BODY_PT * 4)
    elif role in ("addressee", "cc"):
        fmt.first_line_indent = Pt(0)
    else:
        fmt.first_line_indent = Pt(BODY_PT * 2)
    if role == "signature":
        fmt.space_before = Pt(LINE_PT * 2)


# Characters XML 1.0 cannot hold (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/F);
# pasted proposals carry them sometimes, and Word would refuse the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _write_paragraph(document, para: Paragraph, draft: Draft, notes: bool) -> None:
    font, size = _FONT_OF_ROLE.get(para.role, (BODY_FONT, BODY_PT))
    p = document.add_paragraph()
    _paragraph_format(p, para.role)
    for sent in para.sentences:
        run = p.add_run(_xml_text(sent.text))
        _set_font(run, font, size)
        cited = [n for n in sent.citations if draft.citation(n).kind == "index"]
        if not notes or not cited:
            continue  # header fields cite the proposal and options: listed in 注, not marked
        mark = p.add_run("".join(f"[{n}]" for n in cited))
        _set_font(mark, font, size * 0.6)
        mark.font.superscript = True
        comment = "\n".join(f"[{n}] {draft.citation(n).label()}" for n in cited)
        document.add_comment(run, text=_xml_text(comment), author="policyintel", initials="PI")


def write_docx(draft: Draft, out: str | os.PathLike[str] | IO[bytes], *, notes: bool = True,
               ) -> None:
    """Write ``draft`` as a DOCX to a path or a binary file object."""
    from docx import Document as DocxDocument
    from docx.enum.text import WD_BREAK

    document = DocxDocument()
    _page_setup(document)
    _font_table(document)
    style = document.styles["Normal"]
    style.font.name = LATIN_FONT
    for para in draft.paragraphs:
        _write_paragraph(document, para, draft, notes)
    if notes and draft.citations:
        breaker = document.add_paragraph().add_run()
        breaker.add_break(WD_BREAK.PAGE)
        head = document.add_paragraph()
        _paragraph_format(head, "heading")
        _set_font(head.add_run("注：引用来源（供审核，印发前删除）"), HEADING_FONT, BODY_PT)
        for c in draft.citations:
            p = document.add_paragraph()
            _paragraph_format(p, "cc")
            _set_font(p.add_run(_xml_text(f"[{c.n}] {c.label()}")), BODY_FONT, 12)
    document.core_properties.title = _xml_text(draft.header.get("title") or "")
    document.core_properties.author = _xml_text(draft.header.get("issuer") or "policyintel")
    if isinstance(out, (str, os.PathLike)):
        Path(out).parent.mkdir(parents=True, exist_ok=True)
    document.save(out)


def docx_bytes(draft: Draft, *, notes: bool = True) -> bytes:
    buf = io.BytesIO()
    write_docx(draft, buf, notes=notes)
    return buf.getvalue()
