"""RawDocument → Document: clean, convert script, structure, find metadata."""

from __future__ import annotations

import bisect
import os
from array import array

from policyintel.ingest.clean import clean
from policyintel.ingest.convert import to_simplified
from policyintel.ingest.document import Document
from policyintel.ingest.loaders.registry import load
from policyintel.ingest.metadata import find_metadata
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


def _tables_in_clean_text(tables: tuple[Table, ...], offsets: array, text: str) -> list[Table]:
    """The loader's tables with offsets moved from the raw text into the clean text.

    Cleaning only drops and inserts characters, never reorders them, so the source offsets of
    the kept characters increase and one bisect finds where a raw position landed.
    """
    kept_clean = [i for i, src in enumerate(offsets) if src >= 0]
    kept_src = [offsets[i] for i in kept_clean]

    def to_clean(raw_offset: int) -> int:
        j = bisect.bisect_left(kept_src, raw_offset)
        return kept_clean[j] if j < len(kept_clean) else len(text)

    moved = []
    for table in tables:
        rows = []
        for row in table.rows:
            cells = []
            for cell in row:
                start, end = to_clean(cell.start), to_clean(cell.end)
                cells.append(Cell(text[start:end], start, end))
            rows.append(tuple(cells))
        moved.append(Table(tuple(rows), to_clean(table.start), to_clean(table.end), table.page))
    return moved


def read(path: str | os.PathLike[str], **options) -> Document:
    """Load and parse one file: the one door from a path to a Document."""
    return parse(load(path, **options))


def from_text(text: str, source: str = "<text>") -> Document:
    """A Document from a string already in memory (pasted text, tests)."""
    return parse(RawDocument(path=source, format="txt", text=text))
