"""Achievement records. (First cut: finds nothing; the extraction issue fills it.)"""

from __future__ import annotations

from collections.abc import Iterator

from policyintel.extractors.records import Achievement
from policyintel.extractors.registry import extractor
from policyintel.ingest.document import Document


@extractor("achievement")
def extract(doc: Document) -> Iterator[Achievement]:
    return iter(())
