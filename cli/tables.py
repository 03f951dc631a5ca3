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


_LABELS = {
    "title": "title", "city": "city", "issuer": "issuer", "doc_number": "doc no.",
    "date": "date", "doc_type": "type", "addressee": "addressee",
    "proposal_number": "proposal no.", "session": "session", "proposer": "proposer",
    "attachments": "attachments",
}
_CONTEXT = 6


def render_metadata(doc: Document) -> list[str]:
    """The document's metadata, one labelled line per field that is known."""
    lines = []
    for name, value in doc.metadata.to_dict().items():
        if value in (None, [], ()):
            continue
        if isinstance(value, (list, tuple)):
            value = "；".join(value)
        lines.append(f"  {_LABELS.get(name, name):<13} {value}")
    return lines


def render_repairs(doc: Document) -> list[str]:
    """What cleaning changed: a count per kind, each repair with its place, and the chrome dropped."""
    if not doc.repairs:
        return ["  repairs: none"]
    counts: dict[str, int] = {}
    for r in doc.repairs:
        counts[r.kind] = counts.get(r.kind, 0) + 1
    lines = ["  repairs: " + ", ".join(f"{k} {n}" for k, n in counts.items())]
    text = doc.text
    for r in doc.repairs:
        if r.kind == "web_junk":
            continue
        if r.kind == "join":
            before = text[max(0, r.start - _CONTEXT):r.start].replace("\n", "⏎")
            after = text[r.end:r.end + _CONTEXT].replace("\n", "⏎")
            lines.append(f"    join @{r.start}  …{before}|{after}…")
        else:
            lines.append(f"    {r.kind} @{r.start}-{r.end}  {r.before} → {r.after}")
    dropped = [r.before for r in doc.repairs if r.kind == "web_junk"]
    if dropped:
        shown = "  |  ".join(d if len(d) <= 24 else d[:23] + "…" for d in dropped[:4])
        more = f"  (+{len(dropped) - 4} more)" if len(dropped) > 4 else ""
        lines.append(f"    dropped page chrome: {shown}{more}")
    return lines


def render_document(doc: Document, records: Sequence[Record]) -> str:
    """Metadata, what cleaning repaired, then records grouped by section in document order."""
    lines = [f"== {doc.source}"]
    lines += render_metadata(doc)
    lines += render_repairs(doc)
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
