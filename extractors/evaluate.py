"""Score the extractors against hand gold: precision, recall and F1 per record kind.

Gold lives in ``tests/gold/<city>/<file-stem>.jsonl`` (see docs/gold-guidelines.md): one record
per line, located in the cleaned document by its ``quote``. Quotes are found in a *normalised
view* of the text (no whitespace, width-folded, punctuation variants folded) and mapped back to
real offsets, so gold written against the source survives cleaning that joins broken lines or
normalises punctuation.

A predicted record matches a gold record when the kinds agree, the spans overlap (or the gold
span contains the predicted one) and the key fields are equal; matching is one-to-one, greedy,
closest span first, ties in document order.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyintel.errors import LoadError
from policyintel.extractors.records import RECORD_TYPES, Record
from policyintel.ingest.document import Document

KINDS = ("target", "achievement", "subsidy", "responsibility")

REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "target": ("value", "unit", "comparator", "deadline_year", "metric", "scope", "recurring"),
    "achievement": ("value", "unit", "year", "metric"),
    "subsidy": ("amount_yuan", "ratio", "is_cap", "per", "level", "form", "recipient"),
    "responsibility": ("lead_units", "partner_units"),
}
"""Fields every gold record of a kind carries (``null`` when the text does not state it)."""

SECONDARY_FIELDS: dict[str, tuple[str, ...]] = {
    "target": ("comparator", "deadline_year", "scope", "recurring"),
    "achievement": ("year",),
    "subsidy": ("is_cap", "per", "level"),
    "responsibility": (),
}
"""Fields scored as accuracy over matched pairs; they never decide a match."""

# Punctuation variants a cleaner may swap; folded after NFKC so the locator does not care.
_FOLD = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "〝": '"', "〞": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'",
    "—": "-", "–": "-", "―": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-", "─": "-",
    "〔": "(", "【": "(", "[": "(", "﹝": "(", "〖": "(",
    "〕": ")", "】": ")", "]": ")", "﹞": ")", "〗": ")",
})
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}


def fold(text: str) -> str:
    """The normalised form of ``text``: NFKC, punctuation folded, whitespace removed."""
    return normalised_view(text)[0]


def normalised_view(text: str) -> tuple[str, list[int]]:
    """``text`` normalised, and for each normalised character the index it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch in _INVISIBLE:
            continue
        for out in unicodedata.normalize("NFKC", ch).translate(_FOLD):
            if not out.isspace():
                chars.append(out)
                origin.append(i)
    return "".join(chars), origin


class QuoteNotFound(LookupError):
    """A gold quote (or its anchor) is not in the document text."""


def locate(text: str, quote: str, *, occurrence: int = 1, after: str | None = None,
           view: tuple[str, list[int]] | None = None) -> tuple[int, int]:
    """``(start, end)`` in ``text`` of the nth occurrence of ``quote``, whitespace/width-insensitively.

    With ``after``, occurrences are counted from the end of the anchor's first occurrence.
    Occurrences may overlap (the search resumes one character after the previous match).
    """
    norm, origin = view if view is not None else normalised_view(text)
    needle = fold(quote)
    if not needle or occurrence < 1:
        raise QuoteNotFound(f"empty quote or bad occurrence: {quote!r}")
    pos = 0
    if after:
        anchor = fold(after)
        at = norm.find(anchor)
        if not anchor or at < 0:
            raise QuoteNotFound(f"anchor not found: {after!r}")
        pos = at + len(anchor)
    found = -1
    for _ in range(occurrence):
        found = norm.find(needle, pos)
        if found < 0:
            raise QuoteNotFound(f"occurrence {occurrence} of {quote!r} not found")
        pos = found + 1
    return origin[found], origin[found + len(needle) - 1] + 1


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One hand-annotated record, located in its document."""

    kind: str
    start: int
    end: int
    quote: str
    fields: dict[str, Any]
    gold_file: str
    line: int


@dataclass(slots=True)
class GoldDocument:
    path: Path
    gold_file: Path
    records: list[GoldRecord]
    doc: Document | None = None


def document_for(gold_file: Path, gold_dir: Path, docs_root: Path) -> Path:
    """The corpus document a gold file annotates: same relative path and stem, any suffix."""
    rel = gold_file.resolve().relative_to(gold_dir.resolve()).with_suffix("")
    folder = docs_root / rel.parent
    matches = sorted(p for p in folder.glob(rel.name + ".*") if p.suffix != ".jsonl")
    if not matches:
        raise LoadError(gold_file, f"no document {rel}.* under {docs_root}")
    return matches[0]


def read_gold_file(gold_file: Path, doc: Document) -> list[GoldRecord]:
    """The gold records of one file, validated and located in ``doc.text``."""
    view = normalised_view(doc.text)
    records = []
    for n, line in enumerate(gold_file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as e:
            raise LoadError(gold_file, f"bad JSON: {e.msg}", line=n) from e
        kind = data.get("kind")
        if kind not in REQUIRED_FIELDS:
            raise LoadError(gold_file, f"unknown kind {kind!r}", line=n)
        missing = [f for f in ("quote", *REQUIRED_FIELDS[kind]) if f not in data]
        if missing:
            raise LoadError(gold_file, f"{kind} lacks {', '.join(missing)}", line=n)
        try:
            start, end = locate(doc.text, data["quote"], occurrence=data.get("occurrence", 1),
                                after=data.get("after"), view=view)
        except QuoteNotFound as e:
            raise LoadError(gold_file, str(e), line=n) from e
        values = {k: v for k, v in data.items() if k not in ("kind", "quote", "occurrence", "after")}
        records.append(GoldRecord(kind, start, end, data["quote"], values, str(gold_file), n))
    return records


def load_gold(gold_dir: str | Path, docs_root: str | Path,
              read: Callable[[Path], Document] | None = None) -> list[GoldDocument]:
    """Every gold file under ``gold_dir`` with its document (read and cleaned) and located records."""
    if read is None:
        from policyintel.ingest import read as read_path
        read = read_path
    gold_dir, docs_root = Path(gold_dir), Path(docs_root)
    files = sorted(gold_dir.rglob("*.jsonl"))
    if not files:
        raise LoadError(gold_dir, "no gold files (<city>/<file-stem>.jsonl)")
    out = []
    for gold_file in files:
        path = document_for(gold_file, gold_dir, docs_root)
        doc = read(path)
        out.append(GoldDocument(path, gold_file, read_gold_file(gold_file, doc), doc))
    return out


# ---------------------------------------------------------------- key fields

def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-12)


def normalise_unit(unit: str | None) -> str:
    """A measure unit for comparison: width-folded; any sum of money is ``元``."""
    if not unit:
        return ""
    unit = fold(unit)
    return "元" if unit.endswith("元") else unit


def _unit_canonicaliser() -> Callable[[str], str] | None:
    try:
        from policyintel.nlp import units
    except ImportError:
        return None
    fn = getattr(units, "canonical", None)
    return fn if callable(fn) else None


def _org_key(name: str, canonical: Callable[[str], str] | None) -> str:
    return fold(canonical(name) if canonical else name)


def _org_set(names: Iterable[str], canonical_names: Sequence[str],
             canonical: Callable[[str], str] | None) -> frozenset[str]:
    names = list(names)
    if canonical and canonical_names and len(canonical_names) == len(names):
        return frozenset(fold(n) for n in canonical_names)
    return frozenset(_org_key(n, canonical) for n in names)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)


def key_fields_equal(kind: str, gold: dict[str, Any], pred: Any,
                     canonical: Callable[[str], str] | None = None) -> bool:
    """Whether a predicted record (object or dict) has the gold record's key fields."""
    if kind in ("target", "achievement"):
        return (_same_number(gold.get("value"), _get(pred, "value"))
                and normalise_unit(gold.get("unit")) == normalise_unit(_get(pred, "unit")))
    if kind == "subsidy":
        return (_same_number(gold.get("amount_yuan"), _get(pred, "amount_yuan"))
                and _same_number(gold.get("ratio"), _get(pred, "ratio")))
    if kind == "responsibility":
        return all(
            _org_set(gold.get(side) or (), (), canonical)
            == _org_set(_get(pred, side) or (), _get(pred, f"{side}_canonical") or (), canonical)
            for side in ("lead_units", "partner_units"))
    raise ValueError(f"unknown record kind {kind!r}")


def _secondary_equal(name: str, gold_value: Any, pred_value: Any) -> bool:
    if name == "scope" and gold_value and pred_value:
        # Free text: either naming the other is enough (市本级 vs 达州市市本级).
        g, p = fold(gold_value), fold(pred_value)
        return g in p or p in g
    if isinstance(gold_value, (int, float)) and not isinstance(gold_value, bool):
        return _same_number(gold_value, pred_value)
    if isinstance(gold_value, str) or isinstance(pred_value, str):
        return fold(gold_value or "") == fold(pred_value or "")
    return gold_value == pred_value


# ---------------------------------------------------------------- matching

def _overlaps(g_start: int, g_end: int, p_start: int, p_end: int) -> bool:
    return (p_start < g_end and g_start < p_end) or (g_start <= p_start and p_end <= g_end)


def match(gold: Sequence[GoldRecord], preds: Sequence[Any],
          canonical: Callable[[str], str] | None = None
          ) -> tuple[list[tuple[GoldRecord, Any]], list[GoldRecord], list[Any]]:
    """One-to-one greedy matching of ``preds`` to ``gold`` (records of one document).

    Candidates are same-kind pairs whose spans overlap and whose key fields are equal; they are
    taken closest span first (|Δstart| + |Δend|), ties in document order. Returns the matched
    pairs, the unmatched gold records (false negatives) and unmatched predictions (false positives).
    """
    candidates = []
    for pi, p in enumerate(preds):
        p_kind, p_start, p_end = _get(p, "kind"), _get(p, "start"), _get(p, "end")
        for gi, g in enumerate(gold):
            if (g.kind == p_kind and _overlaps(g.start, g.end, p_start, p_end)
                    and key_fields_equal(g.kind, g.fields, p, canonical)):
                distance = abs(g.start - p_start) + abs(g.end - p_end)
                candidates.append((distance, p_start, g.start, pi, gi))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, _, _, pi, gi in candidates:
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            pairs.append((gold[gi], preds[pi]))
    pairs.sort(key=lambda pair: (pair[0].start, pair[0].end))
    missed = [g for gi, g in enumerate(gold) if gi not in used_g]
    extra = [p for pi, p in enumerate(preds) if pi not in used_p]
    return pairs, missed, extra


# ---------------------------------------------------------------- report

@dataclass(slots=True)
class KindScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(slots=True)
class Report:
    """Scores per kind, secondary field accuracy, and the errors to look at."""

    kinds: tuple[str, ...]
    scores: dict[str, KindScore] = field(default_factory=dict)
    secondary: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    false_negatives: list[dict[str, Any]] = field(default_factory=list)
    ungrounded: list[dict[str, Any]] = field(default_factory=list)
    field_errors: list[dict[str, Any]] = field(default_factory=list)
    documents: int = 0

    @property
    def overall(self) -> KindScore:
        """Micro-averaged over the kinds scored."""
        return KindScore(sum(s.tp for s in self.scores.values()),
                         sum(s.fp for s in self.scores.values()),
                         sum(s.fn for s in self.scores.values()))

    def secondary_accuracy(self, kind: str, name: str) -> float | None:
        correct, total = self.secondary.get(kind, {}).get(name, (0, 0))
        return correct / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "kinds": {k: self.scores[k].to_dict() for k in self.kinds},
            "overall": self.overall.to_dict(),
            "secondary": {k: {f: {"correct": c, "total": t, "accuracy": round(c / t, 4) if t else None}
                              for f, (c, t) in fields_.items()}
                          for k, fields_ in self.secondary.items() if fields_},
            "ungrounded": self.ungrounded,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "field_errors": self.field_errors,
        }


_KEY_NAMES = {
    "target": ("value", "unit"), "achievement": ("value", "unit"),
    "subsidy": ("amount_yuan", "ratio"), "responsibility": ("lead_units", "partner_units"),
}


def _keys(kind: str, obj: Any) -> dict[str, Any]:
    out = {}
    for name in _KEY_NAMES[kind]:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


def _snippet(text: str, start: int, end: int, width: int = 12) -> str:
    return text[max(0, start - width):end + width].replace("\n", " ")


def score_document(report: Report, gold_doc: GoldDocument, preds: Sequence[Record],
                   canonical: Callable[[str], str] | None) -> None:
    """Add one document's matches, errors and grounding violations to ``report``."""
    doc = gold_doc.doc
    text = doc.text if doc is not None else ""
    source = str(gold_doc.path)
    for p in preds:
        if p.text != text[p.start:p.end]:
            report.ungrounded.append({"source": source, "kind": p.kind, "start": p.start,
                                      "end": p.end, "text": p.text})
    gold = [g for g in gold_doc.records if g.kind in report.kinds]
    preds = [p for p in preds if p.kind in report.kinds]
    pairs, missed, extra = match(gold, preds, canonical)
    for g, p in pairs:
        report.scores[g.kind].tp += 1
        for name in SECONDARY_FIELDS[g.kind]:
            if name in g.fields:
                tally = report.secondary[g.kind].setdefault(name, [0, 0])
                predicted = getattr(p, name, None)
                same = _secondary_equal(name, g.fields[name], predicted)
                tally[0] += same
                tally[1] += 1
                if not same:
                    report.field_errors.append({
                        "source": source, "kind": g.kind, "quote": g.quote, "field": name,
                        "gold": g.fields[name], "predicted": predicted})
    for g in missed:
        report.scores[g.kind].fn += 1
        near = [dict(_keys(p.kind, p), kind=p.kind, text=p.text) for p in preds
                if _overlaps(g.start, g.end, p.start, p.end)]
        report.false_negatives.append({
            "source": source, "kind": g.kind, "quote": g.quote, "start": g.start, "end": g.end,
            "context": _snippet(text, g.start, g.end), "gold_line": g.line,
            **_keys(g.kind, g.fields), "near": near})
    for p in extra:
        report.scores[p.kind].fp += 1
        near = [dict(_keys(g.kind, g.fields), kind=g.kind, quote=g.quote) for g in gold
                if _overlaps(g.start, g.end, p.start, p.end)]
        report.false_positives.append({
            "source": source, "kind": p.kind, "start": p.start, "end": p.end, "text": p.text,
            "context": _snippet(text, p.start, p.end), **_keys(p.kind, p), "near": near})


def default_gold_dir() -> Path:
    """The repository's hand gold, ``tests/gold`` beside the package."""
    return Path(__file__).resolve().parent.parent / "tests" / "gold"


def default_docs_root() -> Path:
    from policyintel.corpus_files import CORPUS_DIR
    return CORPUS_DIR


def evaluate(gold_dir: str | Path | None = None, docs_root: str | Path | None = None,
             kinds: Iterable[str] = KINDS,
             extract: Callable[[Document], Sequence[Record]] | None = None) -> Report:
    """Run the extractors over every gold-annotated document and score them.

    ``gold_dir`` defaults to the repository's ``tests/gold``, ``docs_root`` to the bundled
    corpus; ``extract(doc)`` defaults to the extractor pipeline restricted to ``kinds``.
    """
    kinds = tuple(kinds)
    unknown = [k for k in kinds if k not in RECORD_TYPES]
    if unknown:
        raise ValueError(f"unknown record kind(s): {', '.join(unknown)}")
    if extract is None:
        from policyintel.extractors.pipeline import extract as pipeline_extract

        def extract(doc: Document) -> Sequence[Record]:
            return pipeline_extract(doc, kinds=kinds)

    gold_docs = load_gold(gold_dir or default_gold_dir(), docs_root or default_docs_root())
    report = Report(kinds=kinds, scores={k: KindScore() for k in kinds},
                    secondary={k: {} for k in kinds}, documents=len(gold_docs))
    canonical = _unit_canonicaliser()
    for gold_doc in gold_docs:
        score_document(report, gold_doc, list(extract(gold_doc.doc)), canonical)
    return report
