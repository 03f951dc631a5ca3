"""Document metadata from header, title, body and signature. (First cut: nothing found.)"""

from __future__ import annotations

from policyintel.ingest.document import Document, Metadata


def find_metadata(doc: Document) -> Metadata:
    return Metadata()
