"""The extract contract (../shared/contracts/extract-json.md) as a dict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from policyintel.extractors.records import Record
from policyintel.ingest.document import Document


def to_contract(doc: Document, records: Sequence[Record]) -> dict[str, Any]:
    return {
        "source": doc.source,
        "document": doc.metadata.to_dict(),
        "text": doc.text,
        "records": [r.to_dict() for r in records],
        "repairs": [
            {"kind": r.kind, "start": r.start, "end": r.end, "before": r.before, "after": r.after}
            for r in doc.repairs
        ],
    }
