"""The store interface: what the CLI, the API and comparison code may ask of an index.

``SQLiteStore`` (index/sqlite.py) is the embedded default; a server backend for corpora that
outgrow one machine implements the same protocol. Callers get one with ``open_store``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from policyintel.index.queries import ClauseFilters, RecordQuery

ENV_DB = "POLICYINTEL_DB"


@dataclass(frozen=True, slots=True)
class Clause:
    """A sentence-level unit of a document, where it is and what it says."""

    id: int
    doc_id: int
    source: str
    city: str | None
    doc_type: str | None
    date: str | None
    title: str | None
    section: tuple[str, ...]
    start: int
    end: int
    text: str
    score: float | None = None


@dataclass(frozen=True, slots=True)
class RecordRow:
    """A stored record with its document; ``fields`` holds the kind's own columns."""

    id: int
    kind: str
    doc_id: int
    source: str
    city: str | None
    doc_type: str | None
    date: str | None
    title: str | None
    start: int
    end: int
    text: str
    section: tuple[str, ...]
    fields: dict[str, Any]
    lead_units: tuple[tuple[str, str | None], ...] = ()  # (as written, canonical)
    partner_units: tuple[tuple[str, str | None], ...] = ()
    measures: tuple[str, ...] = ()
    measure: str | None = None  # set by compare queries: the measure this row is linked to
    sort_key: tuple[Any, ...] = ()
    sentence_start: int | None = None
    sentence_end: int | None = None
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "doc_id": self.doc_id, "source": self.source,
            "city": self.city, "doc_type": self.doc_type, "date": self.date,
            "start": self.start, "end": self.end, "text": self.text, "section": list(self.section),
            "sentence_start": self.sentence_start, "sentence_end": self.sentence_end,
            "confidence": self.confidence, **self.fields,
            **({"lead_units": [u[0] for u in self.lead_units],
                "lead_units_canonical": [u[1] or u[0] for u in self.lead_units],
                "partner_units": [u[0] for u in self.partner_units],
                "partner_units_canonical": [u[1] or u[0] for u in self.partner_units]}
               if self.kind == "responsibility" else {}),
            "measures": list(self.measures),
        }


@dataclass(slots=True)
class Page:
    """One page of a records query; ``next_cursor`` continues it, None on the last page.
    ``total`` counts every match (None when the query asked not to count)."""

    items: list[RecordRow]
    total: int | None
    next_cursor: str | None = None
    offset: int = 0


@dataclass(slots=True)
class DocumentInfo:
    id: int
    path: str
    source: str
    content_hash: str
    metadata: dict[str, Any]
    n_chars: int
    text: str | None = None
    repairs: list[dict[str, Any]] = field(default_factory=list)


@runtime_checkable
class Store(Protocol):
    """An index: documents, clauses, records, measures. Writes only inside ``atomic()``."""

    path: Path | None

    def atomic(self) -> AbstractContextManager[None]: ...
    def close(self) -> None: ...

    # -- writing (inside atomic) ----------------------------------------------------------
    def put_document(self, prepared: Any) -> int: ...
    def delete_document(self, doc_id: int) -> None: ...
    def sync_measures(self, taxonomy: Any) -> None: ...
    def set_meta(self, key: str, value: str) -> None: ...

    # -- reading ------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None: ...
    def document_hashes(self) -> dict[str, tuple[int, str]]: ...
    def documents(self) -> list[DocumentInfo]: ...
    def document(self, doc_id: int, *, with_text: bool = False) -> DocumentInfo | None: ...
    def clause(self, clause_id: int) -> Clause | None: ...
    def iter_clauses(self) -> Iterator[Clause]: ...
    def search_clauses(self, match: str, filters: ClauseFilters, *, limit: int,
                       offset: int = 0, exclude: tuple[int, ...] = (),
                       ranked: bool = True, most: int | None = None) -> list[Clause]: ...
    def term_frequencies(self, terms: list[str], cols: tuple[str, ...]) -> dict[str, int]: ...
    def clause_kinds(self, clause_ids: list[int]) -> dict[int, list[str]]: ...
    def year_range(self) -> tuple[int | None, int | None]: ...
    def records(self, query: RecordQuery) -> Page: ...
    def count_records(self, query: RecordQuery) -> int: ...
    def record_payloads(self, query: RecordQuery) -> tuple[list[bytes], str | None]: ...
    def measure_records(self, measure: str | None = None) -> list[RecordRow]: ...
    def measure_names(self) -> list[str]: ...
    def stats(self) -> dict[str, Any]: ...


def default_db_path() -> Path:
    """$POLICYINTEL_DB, else policyintel.db in the user's data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("policyintel")) / "policyintel.db"


def open_store(path: str | os.PathLike[str] | None = None, *, create: bool = False,
               readonly: bool = False) -> Store:
    """Open the index at ``path`` (default: ``default_db_path()``).

    Without ``create`` a missing index is a StoreError that says how to build one.
    """
    from policyintel.index.sqlite import SQLiteStore

    return SQLiteStore(Path(path) if path is not None else default_db_path(), create=create,
                       readonly=readonly)
