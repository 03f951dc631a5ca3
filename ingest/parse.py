"""RawDocument → Document: clean, convert script, structure, find metadata."""

from __future__ import annotations

import os

from policyintel.ingest.clean import clean
from policyintel.ingest.convert import to_simplified
from policyintel.ingest.document import Document
from policyintel.ingest.loaders.registry import load
from policyintel.ingest.metadata import find_metadata
from policyintel.ingest.outline import build_outline
from policyintel.ingest.raw import RawDocument
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
    doc.outline = build_outline(doc.text)
    doc.sentences = split_sentences(doc.text)
    doc.metadata = find_metadata(doc)
    return doc


def read(path: str | os.PathLike[str], **options) -> Document:
    """Load and parse one file: the one door from a path to a Document."""
    return parse(load(path, **options))


def from_text(text: str, source: str = "<text>") -> Document:
    """A Document from a string already in memory (pasted text, tests)."""
    return parse(RawDocument(path=source, format="txt", text=text))
