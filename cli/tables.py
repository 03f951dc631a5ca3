"""Human-readable views of documents and records for ``--format table``."""

from __future__ import annotations

from collections.abc import Sequence

from policyintel.extractors.records import Record
from policyintel.ingest.document import Document

_SUMMARY_FIELDS = {
    "target": ("metric", "value", "unit", "comparator", "deadline_year", "scope"),
    "achievement": ("metric", "value", "unit", "year"),
    "subsidy": ("recipient", "level", "amount_yuan", "is_cap", "ratio", "per", "form"),
    "responsibility": ("lead_units", "partner_units"),
}


def render_document(doc: Document, records: Sequence[Record]) -> str:
    """Metadata, then records grouped by section in document order."""
    lines = [f"== {doc.source}"]
    for name, value in doc.metadata.to_dict().items():
        if value not in (None, [], ()):
            lines.append(f"  {name}: {value}")
    lines.append(f"  records: {len(records)}")
    current: tuple[str, ...] | None = None
    for r in records:
        if r.section != current:
            current = r.section
            lines.append("  § " + (" > ".join(current) if current else "(no section)"))
        shown = []
        for name in _SUMMARY_FIELDS.get(r.kind, ()):
            value = getattr(r, name, None)
            if value not in (None, (), False):
                shown.append(f"{name}={'、'.join(value) if isinstance(value, tuple) else value}")
        quote = r.text if len(r.text) <= 40 else r.text[:38] + "…"
        lines.append(f"    [{r.kind}] {' '.join(shown)}  «{quote}» @{r.start}-{r.end}")
    return "\n".join(lines)
