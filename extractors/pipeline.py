"""Run the registered extractors over a Document and return its records in document order."""

from __future__ import annotations

from collections.abc import Iterable

from policyintel.extractors import registry
from policyintel.extractors.records import Record
from policyintel.ingest.document import Document

DEFAULT_KINDS = ("target", "achievement", "subsidy", "responsibility")


def extract(doc: Document, kinds: Iterable[str] = DEFAULT_KINDS) -> list[Record]:
    """All records of ``kinds`` in ``doc``, deduplicated, sorted by (start, end, kind)."""
    found: set[Record] = set()
    for name in kinds:
        found.update(registry.run(name, doc))
    return sorted(found, key=Record.sort_key)
