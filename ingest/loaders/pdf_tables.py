"""Ruled tables in PDF pages: a cheap test for which pages may hold one, pdfplumber's finder on
those only, PDFium's text for each cell, and stitching of a table that runs over a page break.

The cheap test counts the segments of the path objects PDFium sees on the page (descending into
form XObjects): a ruled table of two rows and two columns already draws six lines, twelve
segments; a page of prose draws none, or a rule or two under a letterhead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

MIN_TABLE_SEGMENTS = 12
_TOLERANCE = 2.0


@dataclass(slots=True, eq=False)
class PageTable:
    """A table found on one page: its box (top-down coordinates) and its rows of cell texts."""

    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[list[str]]
    repeats_header: bool = False

    @property
    def columns(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def contains(self, x: float, top: float) -> bool:
        return (self.x0 - _TOLERANCE <= x <= self.x1 + _TOLERANCE
                and self.top - _TOLERANCE <= top <= self.bottom + _TOLERANCE)


def path_segments(page: Any, *, enough: int = MIN_TABLE_SEGMENTS) -> int:
    """Segments of the page's path objects, counted until ``enough`` (it only gates a test)."""
    import pypdfium2.raw as pdfium_c

    def count(get_count: Any, get_object: Any, owner: Any, total: int, depth: int) -> int:
        for k in range(get_count(owner)):
            obj = get_object(owner, k)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                total += max(pdfium_c.FPDFPath_CountSegments(obj), 1)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:
                total = count(pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject,
                              obj, total, depth + 1)
            if total >= enough:
                break
        return total

    return count(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw, 0, 0)


def _one_line(text: str) -> str:
    """A cell's text on one line: wrapped Chinese joins without a space, other text with one."""
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n") if part.strip()]
    out = ""
    for part in parts:
        if out and not (_wide(out[-1]) and _wide(part[0])):
            out += " "
        out += part
    return out


def _wide(ch: str) -> bool:
    return ch >= "\u2e80"


Box = tuple[float, float, float, float]  # x0, top, x1, bottom, top-down (pdfplumber's)


@dataclass(slots=True)
class Grid:
    """A table pdfplumber found: its box and the boxes of its cells, row by row (a cell covered
    by a merged cell left out). The cells' text is read apart, by the page's engine."""

    bbox: Box
    rows: list[list[Box]]


def table_grids(plumber_page: Any) -> list[Grid]:
    """pdfplumber's table finder on a page that draws enough segments to hold a table."""
    return [Grid(tuple(table.bbox), [[box for box in row.cells if box is not None]
                                     for row in table.rows])
            for table in plumber_page.find_tables()]


def make_tables(grids: list[Grid], cell_text: Callable[[Box], str]) -> list[PageTable]:
    """The page's tables from their grids, each cell's text by ``cell_text``; a grid of fewer
    than two rows or two columns is not a table."""
    tables = []
    for grid in grids:
        rows = [[_one_line(cell_text(box)) for box in row] for row in grid.rows]
        rows = [row for row in rows if row]
        if len(rows) >= 2 and max(len(row) for row in rows) >= 2:
            tables.append(PageTable(*grid.bbox, rows))
    return sorted(tables, key=lambda t: t.top)


@dataclass(slots=True)
class TableLayout:
    """What stitching needs of a page: its tables in reading order, and whether the page's first
    and last items are tables."""

    tables: list[PageTable]
    opens: bool
    closes: bool


def stitch(layouts: Iterable[TableLayout]) -> dict[int, int]:
    """Group id of every table: a table that ends a page and one that opens the next page with
    the same number of columns share a group. A repeated header row is marked to be skipped."""
    groups: dict[int, int] = {}
    heads: dict[int, list[str]] = {}
    previous: PageTable | None = None
    next_group = 0
    for layout in layouts:
        for position, table in enumerate(layout.tables):
            opens_page = position == 0 and layout.opens
            if opens_page and previous is not None and previous.columns == table.columns:
                group = groups[id(previous)]
                table.repeats_header = table.rows[0] == heads[group]
            else:
                group, next_group = next_group, next_group + 1
                heads[group] = table.rows[0]
            groups[id(table)] = group
        previous = layout.tables[-1] if layout.closes else None
    return groups
