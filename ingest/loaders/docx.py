"""DOCX: paragraphs and tables in document order, tables one cell a line plus a Table.

Reads ``word/document.xml`` straight from the ZIP with lxml (python-docx builds an object per
run and is several times slower), walking the body's children in order. Deleted text of tracked
changes (``w:delText``), field codes (``w:instrText``) and the VML fallback copies of text boxes
(``mc:Fallback``) are skipped so nothing comes out twice. The core-properties title goes into
``hints["title"]``.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

from policyintel.errors import LoadError, UnsupportedFormat
from policyintel.ingest.loaders.registry import loader
from policyintel.ingest.raw import Cell, RawDocument, Table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_P, _TBL, _TR, _TC, _SDT = (f"{{{W}}}{name}" for name in ("p", "tbl", "tr", "tc", "sdt"))
_T, _TAB, _BR, _CR = (f"{{{W}}}{name}" for name in ("t", "tab", "br", "cr"))
_FALLBACK = f"{{{MC}}}Fallback"
_VMERGE = f"{{{W}}}tcPr/{{{W}}}vMerge"
_WORD_MAIN = "wordprocessingml.document.main"
_MAX_XML_BYTES = 512 * 1024 * 1024
_CHUNK_CHARS = 1 << 16


def _looks_like_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(_T, _TAB, _BR, _CR):
        if any(True for _ in node.iterancestors(_FALLBACK)):
            continue
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    lines = [_paragraph_text(p).strip() for p in tc.iter(_P)]
    return " ".join(line for line in lines if line)


def _is_merge_continuation(tc: Any) -> bool:
    vmerge = tc.find(_VMERGE)
    return vmerge is not None and vmerge.get(f"{{{W}}}val") in (None, "continue")


class _Writer:
    def __init__(self) -> None:
        self.chunks: list[str] = []  # lines joined a chunk at a time: one string per paragraph
        self.parts: list[str] = []   # would cost an object header (~75 B) per line at the end
        self.parts_len = 0
        self.pos = 0
        self.tables: list[Table] = []

    def line(self, text: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(text)
        self.parts_len += len(text) + 1
        self.pos += len(text) + 1
        if self.parts_len >= _CHUNK_CHARS:
            self.chunks.append("\n".join(self.parts))
            self.parts, self.parts_len = [], 0
        return start, start + len(text)

    def text(self) -> str:
        if self.parts:
            self.chunks.append("\n".join(self.parts))
            self.parts, self.parts_len = [], 0
        return "\n".join(self.chunks)

    def paragraph(self, p: Any) -> None:
        for line in _paragraph_text(p).split("\n"):
            line = line.strip(" \t\u3000\xa0")
            if line:
                self.line(line)

    def table(self, tbl: Any) -> None:
        rows = []
        for tr in tbl.iterchildren(_TR):
            cells = []
            for tc in tr.iterchildren(_TC):
                if _is_merge_continuation(tc):
                    continue
                text = _cell_text(tc)
                start, end = self.line(text)
                cells.append(Cell(text, start, end))
            if cells:
                rows.append(tuple(cells))
        if rows:
            self.tables.append(Table(rows=tuple(rows), start=rows[0][0].start,
                                     end=rows[-1][-1].end))

    def block(self, node: Any) -> None:
        if node.tag == _P:
            self.paragraph(node)
        elif node.tag == _TBL:
            self.table(node)
        elif node.tag == _SDT:  # a content control: its paragraphs are in sdtContent
            content = node.find(f"{{{W}}}sdtContent")
            for child in content if content is not None else ():
                self.block(child)


def _stream_body(stream: Any, writer: _Writer) -> None:
    """Hand each child of ``w:body`` to the writer as soon as it is parsed, then free it, so a
    long document never sits in memory as one tree."""
    from lxml import etree

    body = f"{{{W}}}body"
    events = etree.iterparse(stream, events=("end",), huge_tree=True, resolve_entities=False)
    for _, element in events:
        parent = element.getparent()
        if parent is None or parent.tag != body:
            continue
        writer.block(element)
        element.clear()
        while element.getprevious() is not None:
            del parent[0]


def _core_title(archive: zipfile.ZipFile) -> str | None:
    from lxml import etree

    try:
        data = archive.read("docProps/core.xml")
    except KeyError:
        return None
    root = etree.fromstring(data)
    node = root.find("{http://purl.org/dc/elements/1.1/}title")
    title = (node.text or "").strip() if node is not None else ""
    return title or None


@loader("docx", sniff=_looks_like_zip, suffixes=(".docx", ".docm"), priority=20)
def load_docx(path: Path) -> RawDocument:
    """Load a Word document; a ZIP that is not one is refused with what it is."""
    from lxml import etree

    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        raise LoadError(path, "damaged DOCX (not a readable ZIP archive)") from e
    with archive:
        try:
            types = archive.read("[Content_Types].xml")
        except KeyError as e:
            raise UnsupportedFormat(path, "a ZIP archive, not a Word document") from e
        if _WORD_MAIN.encode() not in types:
            kind = "a spreadsheet" if b"spreadsheetml" in types else \
                "a presentation" if b"presentationml" in types else "not a Word document"
            raise UnsupportedFormat(path, f"an Office file that is {kind}, not a DOCX")
        writer = _Writer()
        try:
            info = archive.getinfo("word/document.xml")
            if info.file_size > _MAX_XML_BYTES:
                raise LoadError(path, "document.xml is too large to read")
            with archive.open(info) as stream:
                _stream_body(stream, writer)
            title = _core_title(archive)
        except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, EOFError, zlib.error) as e:
            raise LoadError(path, f"damaged DOCX ({type(e).__name__}: {e})") from e
    text, tables = writer.text(), tuple(writer.tables)
    del writer
    if not text.strip():
        raise LoadError(path, "DOCX has no text")
    hints = {"title": title} if title else {}
    return RawDocument(path=str(path), format="docx", text=text, tables=tables,
                       hints=hints)
