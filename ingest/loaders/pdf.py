"""PDF: text in reading order with page numbers, tables kept as tables, page furniture dropped.

Every page's text comes from PDFium (pypdfium2: fast, and it ships the Chinese CMaps). Only a
page that draws enough line segments to hold a ruled table goes through pdfplumber's table
finder (slow: it lays out the page); the table's cells then take PDFium's text of each cell box.
A page whose text is ``(cid:123)`` garbage or private-use characters (a font without a Unicode
map) is tried with the other engine; when neither yields text, the error names the page.
Running headers and footers (lines in the top or bottom band repeating on most pages) and page
numbers (``- 3 -``, ``第3页``, ``3``) are dropped. A table that ends one page and opens the next
with the same column count is stitched into one.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyintel.errors import LoadError
from policyintel.ingest.loaders.pdf_tables import (
    MIN_TABLE_SEGMENTS,
    Grid,
    PageTable,
    TableLayout,
    make_tables,
    path_segments,
    stitch,
    table_grids,
)
from policyintel.ingest.loaders.registry import loader
from policyintel.ingest.raw import Cell, RawDocument, Table

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－·\s]*[\d一二三四五六七八九十百]{1,4}[-—–－·\s]*|"
    r"第\s*[\d一二三四五六七八九十百]+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|"
    r"\d+\s*/\s*\d+|(?:page|页码)\s*[:：]?\s*\d+(?:\s*(?:of|/)\s*\d+)?)$", re.IGNORECASE)
_CID = re.compile(r"\(cid:\d+\)")
_BAD_CHARS = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")
_GARBAGE_RATIO = 0.3
_BAND = 0.12          # top and bottom share of the page where headers and footers live
_FURNITURE_SLOTS = 2  # lines at each end of a page that may be a header or footer
_TAIL_BYTES = 4096


class Lines:
    """A page's text lines, held until every page is read (the running-header test compares
    pages): one string for the page and three arrays, not an object, a string and two floats
    per line (~250 B a line, 1.5 MB on a 200-page file). Line ``i`` is ``text_of(i)``; ``tops``
    is its distance from the top of the page, ``lefts`` its left edge (points)."""

    __slots__ = ("ends", "lefts", "text", "tops")

    def __init__(self, lines: Iterable[tuple[str, float, float]] = ()) -> None:
        texts: list[str] = []
        self.ends, self.tops, self.lefts = array("I"), array("d"), array("d")
        end = 0
        for text, top, left in lines:
            texts.append(text)
            end += len(text)
            self.ends.append(end)
            self.tops.append(top)
            self.lefts.append(left)
        self.text = "".join(texts)

    def __len__(self) -> int:
        return len(self.ends)

    def text_of(self, i: int) -> str:
        return self.text[self.ends[i - 1] if i else 0:self.ends[i]]


@dataclass(slots=True)
class Page:
    number: int
    height: float
    lines: Lines
    tables: list[PageTable] = field(default_factory=list)
    engine: str = "pdfium"
    dropped: frozenset[int] = frozenset()  # indices of header, footer and page-number lines


def _looks_like_pdf(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]


def garbage_ratio(text: str) -> float:
    """Share of a page's non-space characters that are unmapped glyphs (cid, private use, U+FFFD)."""
    cids = len(_CID.findall(text))
    rest = _CID.sub("", text)
    visible = len(rest) - sum(rest.count(ch) for ch in " \t\r\n\u3000")
    total = visible + cids
    if total == 0:
        return 0.0
    return (cids + len(_BAD_CHARS.findall(rest))) / total


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line.strip()))


# -- reading pages --------------------------------------------------------------------------
def _pdfium_lines(page: Any, textpage: Any, height: float) -> tuple[Lines, str]:
    text = textpage.get_text_range()
    count = textpage.count_chars()
    lines: list[tuple[str, float, float]] = []
    pos = 0
    for raw in text.split("\r\n"):
        stripped = raw.strip()
        if stripped:
            first = pos + (len(raw) - len(raw.lstrip()))
            if first < count:
                left, _, _, top = textpage.get_charbox(first)
            else:
                left, top = 0.0, height / 2
            lines.append((_clean_line(stripped), height - top, left))
        pos += len(raw) + 2
    return Lines(lines), text


def _clean_line(text: str) -> str:
    return _BAD_CHARS.sub("", text.replace("\ufffe", "").replace("\x02", "")).strip()


class _Plumber:
    """pdfplumber on the pages that need it only, opened on first need (it is the slow engine,
    and its document model of every page plus pdfminer's object cache cost some 4 MB on a
    200-page file when opened on all of them)."""

    def __init__(self, path: Path, indices: list[int]) -> None:
        self.path = path
        self.position = {index: k for k, index in enumerate(sorted(indices))}
        self.pdf: Any = None

    def page(self, index: int) -> Any:
        if self.pdf is None:
            import pdfplumber

            self.pdf = pdfplumber.open(self.path, pages=[i + 1 for i in self.position])
        return self.pdf.pages[self.position[index]]

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _plumber_lines(page: Any) -> tuple[Lines, str]:
    lines = [(item["text"].strip(), float(item["top"]), float(item["x0"]))
             for item in page.extract_text_lines() if item["text"].strip()]
    return Lines(lines), "\n".join(text for text, _, _ in lines)


def _read_page(pdf: Any, index: int) -> tuple[Page, bool]:
    """A page's lines from PDFium (engine "pdfplumber" when they are garbage, to be read again
    by pdfplumber), and whether its drawing may hold a ruled table."""
    page = pdf[index]
    try:
        height = page.get_height()
        textpage = page.get_textpage()
        try:
            lines, text = _pdfium_lines(page, textpage, height)
            engine = "pdfium"
            if garbage_ratio(text) > _GARBAGE_RATIO:
                lines, engine = Lines(), "pdfplumber"
            ruled = path_segments(page) >= MIN_TABLE_SEGMENTS
        finally:
            textpage.close()
    finally:
        page.close()
    return Page(index + 1, height, lines, engine=engine), ruled


def _read_pages(path: Path) -> list[Page]:
    """Every page in three passes, so that the two engines are never open at once: PDFium
    reads the text of every page and tells which pages draw a ruled table; pdfplumber, on
    those pages and on pages whose PDFium text is garbage, finds the tables (and reads the
    garbage pages); PDFium again reads the text of each table cell."""
    pdf = _open(path)
    try:
        count = len(pdf)
        if count == 0:
            raise LoadError(path, "PDF has no pages")
        read = [_read_page(pdf, i) for i in range(count)]
    finally:
        pdf.close()
    pages = [page for page, _ in read]
    ruled = {page.number - 1 for page, is_ruled in read if is_ruled}
    del read
    fallback = [page.number - 1 for page in pages if page.engine != "pdfium"]
    grids: dict[int, list[Grid]] = {}
    if ruled or fallback:
        plumber = _Plumber(path, sorted(ruled.union(fallback)))
        try:
            for index in sorted(ruled.union(fallback)):
                grids.update(_plumber_page(path, plumber, pages[index], index in ruled))
        finally:
            plumber.close()
    if grids:
        pdf = _open(path)
        try:
            for index, found in grids.items():
                _pdfium_cells(pdf, pages[index], found)
        finally:
            pdf.close()
    return pages


def _plumber_page(path: Path, plumber: _Plumber, page: Page, ruled: bool) -> dict[int, list[Grid]]:
    """pdfplumber's part of a page: its lines when PDFium's were garbage, its tables' grids;
    the grids of a page PDFium reads are returned for PDFium to fill."""
    index = page.number - 1
    plumber_page = plumber.page(index)
    try:
        if page.engine != "pdfium":
            page.lines, text = _plumber_lines(plumber_page)
            if garbage_ratio(text) > _GARBAGE_RATIO:
                raise LoadError(path, "no Unicode text: the fonts have no Unicode map "
                                      "(PDFium and pdfplumber both yield garbage)",
                                page=index + 1)
        if not ruled:
            return {}
        found = table_grids(plumber_page)
        if page.engine == "pdfium":
            return {index: found} if found else {}
        page.tables = make_tables(
            found, lambda box: plumber_page.crop(box).extract_text() or "")
        return {}
    finally:
        plumber_page.close()


def _pdfium_cells(pdf: Any, page: Page, found: list[Grid]) -> None:
    pdfium_page = pdf[page.number - 1]
    try:
        textpage = pdfium_page.get_textpage()
        try:
            height = page.height
            page.tables = make_tables(found, lambda box: textpage.get_text_bounded(
                box[0], height - box[3], box[2], height - box[1]))
        finally:
            textpage.close()
    finally:
        pdfium_page.close()


# -- page furniture -------------------------------------------------------------------------
def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _band_lines(page: Page) -> list[int]:
    """The lines at each end of a page that sit in the header or footer band, outside tables."""
    lines = page.lines
    free = [i for i in range(len(lines)) if not _in_table(page, lines.lefts[i], lines.tops[i])]
    ordered = sorted(free, key=lines.tops.__getitem__)
    top_band, bottom_band = page.height * _BAND, page.height * (1 - _BAND)
    last = len(ordered) - _FURNITURE_SLOTS
    return [line for k, line in enumerate(ordered)
            if (k < _FURNITURE_SLOTS and lines.tops[line] <= top_band)
            or (k >= last and lines.tops[line] >= bottom_band)]


def _drop_furniture(pages: list[Page]) -> None:
    band = {page.number: _band_lines(page) for page in pages}
    counts: dict[str, int] = {}
    for page in pages:
        for key in {_furniture_key(page.lines.text_of(i)) for i in band[page.number]}:
            counts[key] = counts.get(key, 0) + 1
    need = max(2, (len(pages) + 1) // 2)
    for page in pages:
        texts = {i: page.lines.text_of(i) for i in band[page.number]}
        page.dropped = frozenset(
            i for i, text in texts.items()
            if is_page_number(text) or (len(pages) >= 2 and counts[_furniture_key(text)] >= need))


def _in_table(page: Page, left: float, top: float) -> bool:
    return any(t.contains(left, top) for t in page.tables)


# -- assembling -----------------------------------------------------------------------------
def _page_items(page: Page) -> list[tuple[str, Any]]:
    """Lines and tables of a page in reading order: a table goes where its first line was."""
    items: list[tuple[str, Any]] = []
    placed: set[int] = set()
    lines = page.lines
    for i in range(len(lines)):
        if i in page.dropped:
            continue
        left, top = lines.lefts[i], lines.tops[i]
        inside = [t for t in page.tables if t.contains(left, top)]
        if inside:
            if id(inside[0]) not in placed:
                placed.add(id(inside[0]))
                items.append(("table", inside[0]))
            continue
        pending = [t for t in page.tables if id(t) not in placed and t.top < top]
        for table in pending:
            placed.add(id(table))
            items.append(("table", table))
        items.append(("line", lines.text_of(i)))
    for table in page.tables:
        if id(table) not in placed:
            items.append(("table", table))
    return items


def _assemble(pages: list[Page]) -> tuple[str, tuple[tuple[int, int], ...], tuple[Table, ...]]:
    # A page's items are made twice, once for stitching and once here, rather than held for
    # every page at once (a tuple and a string per line of the document).
    groups = stitch(_table_layout(_page_items(page)) for page in pages)
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    pos = 0
    cells: dict[int, list[tuple[Cell, ...]]] = {}
    first_page: dict[int, int] = {}
    for page in pages:
        starts.append((pos, page.number))
        chunk: list[str] = []  # the page's text pieces, joined once per page
        for kind, value in _page_items(page):
            if kind == "line":
                chunk.append(value)
                pos += len(value) + 1
                continue
            group = groups[id(value)]
            first_page.setdefault(group, page.number)
            rows = cells.setdefault(group, [])
            for r, row in enumerate(value.rows):
                if r == 0 and value.repeats_header and rows:
                    continue
                made = []
                for text in row:
                    made.append(Cell(text, pos, pos + len(text)))
                    chunk.append(text)
                    pos += len(text) + 1
                rows.append(tuple(made))
        if chunk:
            parts.append("\n".join(chunk))
    tables = tuple(Table(rows=tuple(rows), start=rows[0][0].start, end=rows[-1][-1].end,
                         page=first_page[group])
                   for group, rows in sorted(cells.items()) if rows and rows[0])
    return "\n".join(parts), tuple(starts), tables


def _table_layout(items: list[tuple[str, Any]]) -> TableLayout:
    return TableLayout(tables=[value for kind, value in items if kind == "table"],
                       opens=bool(items) and items[0][0] == "table",
                       closes=bool(items) and items[-1][0] == "table")


# -- the loader -----------------------------------------------------------------------------
def _check_complete(path: Path) -> None:
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - _TAIL_BYTES))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise LoadError(path, "truncated or damaged PDF (no end-of-file marker)")


def _open(path: Path) -> Any:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise LoadError(path, "encrypted, no password") from e
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise LoadError(path, "encrypted with an unsupported security handler") from e
        raise LoadError(path, f"truncated or damaged PDF ({e})") from e


@loader("pdf", sniff=_looks_like_pdf, suffixes=(".pdf",), priority=10)
def load_pdf(path: Path) -> RawDocument:
    """Load a PDF with a text layer; LoadError for scanned, encrypted or damaged files."""
    _check_complete(path)
    try:
        pages = _read_pages(path)
    except LoadError:
        raise
    except Exception as e:
        raise LoadError(path, f"cannot read PDF: {type(e).__name__}: {e}") from e
    empty = [page.number for page in pages if not len(page.lines) and not page.tables]
    if len(empty) == len(pages):
        raise LoadError(path, "scanned PDF with no text layer; OCR is not supported")
    _drop_furniture(pages)
    text, starts, tables = _assemble(pages)
    notes = []
    if empty:
        notes.append(f"pages without a text layer (scanned?): {', '.join(map(str, empty))}")
    fallback = [page.number for page in pages if page.engine != "pdfium"]
    if fallback:
        notes.append(f"pages read with pdfplumber (no Unicode map in PDFium): "
                     f"{', '.join(map(str, fallback))}")
    return RawDocument(path=str(path), format="pdf", text=text, pages=starts, tables=tables,
                       notes=tuple(notes))
