"""RawDocument → Document: clean, convert script, structure, find metadata."""

from __future__ import annotations

import os

from policyintel.ingest.clean import clean
from policyintel.ingest.convert import to_simplified
from policyintel.ingest.document import Document
from policyintel.ingest.loaders.registry import load
from policyintel.ingest.metadata import find_metadata
from policyintel.ingest.offsets import OffsetMap
from policyintel.ingest.outline import build_outline
from policyintel.ingest.raw import Cell, RawDocument, Table
from policyintel.ingest.sentences import split_sentences


def parse(raw: RawDocument) -> Document:
    """Build the Document of a loaded file."""
    cleaned = clean(raw.text)
    # Analysis runs on simplified characters; the conversion keeps the length, so every offset
    # (and the offset map) holds for the original too, which stays in ``original_text``.
    simplified = to_simplified(cleaned.text)
    doc = Document(source=raw.path, text=simplified or cleaned.text, raw=raw,
                   source_offsets=cleaned.offsets, repairs=cleaned.repairs,
                   original_text=cleaned.text if simplified is not None else None)
    if raw.tables:
        doc.tables = _tables_in_clean_text(raw.tables, doc.source_offsets, doc.text)
    doc.outline = build_outline(doc.text)
    doc.sentences = split_sentences(doc.text)
    doc.metadata = find_metadata(doc)
    return doc


def _tables_in_clean_text(tables: tuple[Table, ...], offsets: OffsetMap,
                          text: str) -> list[Table]:
    """The loader's tables with offsets moved from the raw text into the clean text.

    Cleaning only drops and inserts characters, never reorders them, so the source offsets of
    the kept characters increase: one walk over the runs of the map finds where every raw
    position landed (the first kept character at or after it).
    """
    wanted = sorted({p for t in tables for p in (t.start, t.end)}
                    | {p for t in tables for row in t.rows for c in row for p in (c.start, c.end)})
    landed: dict[int, int] = {}
    j = 0
    for start, end, source in offsets.runs():
        if source < 0:
            continue
        last = source + end - start - 1
        while j < len(wanted) and wanted[j] <= last:
            landed[wanted[j]] = start + max(0, wanted[j] - source)
            j += 1
        if j == len(wanted):
            break
    for raw_offset in wanted[j:]:
        landed[raw_offset] = len(text)

    moved = []
    for table in tables:
        rows = []
        for row in table.rows:
            cells = []
            for cell in row:
                start, end = landed[cell.start], landed[cell.end]
                cells.append(Cell(text[start:end], start, end))
            rows.append(tuple(cells))
        moved.append(Table(tuple(rows), landed[table.start], landed[table.end], table.page))
    return moved


def read(path: str | os.PathLike[str], **options) -> Document:
    """Load and parse one file: the one door from a path to a Document."""
    return parse(load(path, **options))


def from_text(text: str, source: str = "<text>") -> Document:
    """A Document from a string already in memory (pasted text, tests)."""
    return parse(RawDocument(path=source, format="txt", text=text))
