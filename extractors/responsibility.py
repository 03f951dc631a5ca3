"""Responsibility records. (First cut: finds nothing; the extraction issue fills it.)"""

from __future__ import annotations

from collections.abc import Iterator

from policyintel.extractors.records import Responsibility
from policyintel.extractors.registry import extractor
from policyintel.ingest.document import Document


@extractor("responsibility")
def extract(doc: Document) -> Iterator[Responsibility]:
    return iter(())
