"""Gather, for each ask of a proposal, what the index holds: the city's own work and plans.

For one ask, candidate sentences of the city's documents come from two doors of the index:
records linked to the measures the ask names (``RecordQuery(city=…, measure=…)``) and clauses
that a search for the ask's words finds (``search`` with a city filter). Each candidate is the
whole sentence around the hit, with the records inside it and, for a plan, the units its task
assigns. A sentence is

- ``done`` (工作开展情况) when it reports work: it holds an achievement, or it stands in a reply
  or report outside its next-steps part;
- ``planned`` (下一步工作) when it commits to work: it holds a target, stands in a plan, measures
  or notice, or in the next-steps part of a reply.

Every candidate keeps its source: document id, path, title, section, offsets and quote
(``quote == document text[start:end]``). Peer cities' entries for the same measures come from
clause search over the whole index (see ``peer_entries``), with their own sources.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from policyintel.index.queries import ClauseFilters, RecordQuery
from policyintel.index.store import RecordRow, Store
from policyintel.reply.proposal import Ask, Proposal, genre_words

PLAN_TYPES = frozenset({"action_plan", "implementation_plan", "measures", "notice"})
REPORT_TYPES = frozenset({"proposal_reply", None, "other"})
_HARD_END = re.compile(r"[。！？!?\n]")
_SOFT_END = re.compile(r"[；;]")
LONG_SENTENCE = 150  # over this, a sentence is cut at its semicolons
MEASURE_WEIGHT = 3.0
MIN_SCORE = 1.0  # keyword-only evidence needs two fair words or one strong one
MIN_CHARS = 12  # shorter sentences are headings or labels


@dataclass(slots=True)
class Evidence:
    """A sentence of the city's documents that answers an ask, with its source."""

    kind: str  # done | planned
    doc_id: int
    source: str
    title: str | None
    doc_type: str | None
    date: str | None
    issuer: str | None
    section: tuple[str, ...]
    start: int
    end: int
    quote: str
    score: float = 0.0
    measures: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    records: list[RecordRow] = field(default_factory=list)
    units: list[RecordRow] = field(default_factory=list)  # responsibilities of its task

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "doc_id": self.doc_id, "source": self.source,
                "title": self.title, "doc_type": self.doc_type, "date": self.date,
                "issuer": self.issuer, "section": list(self.section), "start": self.start,
                "end": self.end, "quote": self.quote, "score": round(self.score, 3),
                "measures": self.measures, "keywords": self.keywords,
                "records": [_record(r) for r in self.records],
                "units": [_record(r) for r in self.units]}


def _record(r: RecordRow) -> dict[str, Any]:
    return {"record_id": r.id, "kind": r.kind, "start": r.start, "end": r.end, "text": r.text,
            **r.fields, **({"lead_units": [u[1] or u[0] for u in r.lead_units],
                            "partner_units": [u[1] or u[0] for u in r.partner_units]}
                           if r.kind == "responsibility" else {})}


@dataclass(slots=True)
class AskEvidence:
    ask: Ask
    done: list[Evidence] = field(default_factory=list)
    planned: list[Evidence] = field(default_factory=list)
    peers: list[dict[str, Any]] = field(default_factory=list)
    policies: dict[int, Evidence] = field(default_factory=dict)  # doc id → its issued name

    def to_dict(self) -> dict[str, Any]:
        return {"ask": self.ask.to_dict(), "done": [e.to_dict() for e in self.done],
                "planned": [e.to_dict() for e in self.planned], "peers": self.peers,
                "policies": [e.to_dict() for e in self.policies.values()]}


@dataclass(slots=True)
class _Doc:
    info: Any
    text: str
    records: list[RecordRow]


class _Docs:
    """Documents' texts and records, read once per gathering."""

    def __init__(self, store: Store) -> None:
        self.store, self._cache = store, {}

    def get(self, doc_id: int) -> _Doc | None:
        if doc_id not in self._cache:
            info = self.store.document(doc_id, with_text=True)
            records = (self.store.records(RecordQuery(doc_id=doc_id, limit=10_000)).items
                       if info is not None else [])
            self._cache[doc_id] = _Doc(info, info.text or "", records) if info else None
        return self._cache[doc_id]


_ISSUED = re.compile(r"关于印发《?(.+?)》?的(?:通知|函)$")


def policy_name(docs: _Docs, ev: Evidence) -> Evidence | None:
    """The name a plan was issued under (达州市…行动方案（2025—2027年）) where its text says it,
    as evidence citing that place; None for documents that are not plans or name none."""
    doc = docs.get(ev.doc_id)
    if doc is None or ev.doc_type not in PLAN_TYPES or not ev.title:
        return None
    m = _ISSUED.search(ev.title)
    name = m.group(1) if m else ev.title
    if name.startswith("关于") and not m:
        return None
    at = doc.text.find(name)
    if at == -1:
        return None
    return Evidence(kind="policy", doc_id=ev.doc_id, source=ev.source, title=ev.title,
                    doc_type=ev.doc_type, date=ev.date, issuer=ev.issuer, section=(),
                    start=at, end=at + len(name), quote=name)


def sentence_span(text: str, offset: int) -> tuple[int, int]:
    """The sentence around ``offset``: from after the previous 。！？ or line break to the next
    one (kept); a sentence longer than LONG_SENTENCE is cut at its semicolons."""
    start = offset
    while start > 0 and not _HARD_END.match(text[start - 1]):
        start -= 1
    m = _HARD_END.search(text, offset)
    end = m.end() if m and m.group() != "\n" else (m.start() if m else len(text))
    if end - start > LONG_SENTENCE:
        soft_start = max((m.end() for m in _SOFT_END.finditer(text, start, offset)), default=start)
        m = _SOFT_END.search(text, offset, end)
        start, end = soft_start, m.end() if m else end
    while start < end and text[start] in " \t\u3000":
        start += 1
    while end > start and text[end - 1] in " \t\u3000\n":
        end -= 1
    return start, end


def _is_next_steps(section: tuple[str, ...]) -> bool:
    words = genre_words("next_steps")
    return any(w in heading for heading in section for w in words)


def _classify(doc: _Doc, section: tuple[str, ...], records: list[RecordRow], quote: str) -> str:
    kinds = {r.kind for r in records}
    doc_type = doc.info.metadata.get("doc_type")
    if _is_next_steps(section) or any(w in quote[:6] for w in ("下一步", "下步")):
        return "planned"
    if doc_type in PLAN_TYPES:
        return "planned"
    if "achievement" in kinds:
        return "done"
    if "target" in kinds:
        return "planned"
    return "done" if doc_type in REPORT_TYPES else "planned"


def _task_units(doc: _Doc, section: tuple[str, ...], start: int) -> list[RecordRow]:
    """Responsibilities assigning the task a sentence belongs to: in its section (the
    innermost heading), else on the line after its paragraph."""
    same = [r for r in doc.records if r.kind == "responsibility" and r.section == section
            and r.section]
    if same:
        return same[:2]
    line_end = doc.text.find("\n", start)
    if line_end == -1:
        return []
    next_end = doc.text.find("\n", line_end + 1)
    next_end = len(doc.text) if next_end == -1 else next_end
    return [r for r in doc.records if r.kind == "responsibility"
            and line_end < r.start < next_end][:1]


def citable(ev: Evidence, doc: _Doc | None) -> bool:
    """Whether a sentence can stand in a reply: not a heading, title, unit note or boilerplate."""
    quote = ev.quote.strip()
    if len(quote) < MIN_CHARS or doc is None:
        return False
    if ev.records and all(r.kind == "responsibility" for r in ev.records):
        return False  # a （责任单位：…） note: it is cited with the task it assigns
    if quote.rstrip("。") in {ev.title, *(h.split("、", 1)[-1] for h in ev.section)}:
        return False
    if any(b in quote for b in genre_words("boilerplate")):
        return False
    return not (quote.startswith(("〔", "（", "(", "[")) and quote.endswith(("〕", "）", ")", "]")))


def _keyword_weight(n_hits: int, limit: int, strong: bool) -> float:
    """A word that finds few clauses of the city says more about the ask than a common one."""
    base = 2.0 if strong else 1.2
    return base * max(0.1, 1.0 - math.log1p(n_hits) / math.log1p(limit))


def gather_ask(store: Store, ask: Ask, city: str, *, docs: _Docs | None = None,
               limit: int = 40, exclude: set[tuple[int, int]] | None = None,
               ) -> AskEvidence:
    """The city's sentences that answer ``ask`` (best first within done/planned)."""
    from policyintel.index.search import search

    docs = docs or _Docs(store)
    cands: dict[tuple[int, int], Evidence] = {}

    def add(doc_id: int, offset: int, section: tuple[str, ...] | None, score: float,
            measure: str | None = None, keyword: str | None = None) -> None:
        doc = docs.get(doc_id)
        if doc is None or not doc.text:
            return
        start, end = sentence_span(doc.text, offset)
        if end <= start or (exclude and (doc_id, start) in exclude):
            return
        key = (doc_id, start)
        ev = cands.get(key)
        if ev is None:
            inside = [r for r in doc.records if start <= r.start < end]
            sec = section if section is not None else next((r.section for r in inside), ())
            meta = doc.info.metadata
            ev = Evidence(kind="", doc_id=doc_id, source=doc.info.source, title=meta.get("title"),
                          doc_type=meta.get("doc_type"), date=meta.get("date"),
                          issuer=meta.get("issuer"), section=tuple(sec), start=start, end=end,
                          quote=doc.text[start:end], records=inside)
            cands[key] = ev
        if measure and measure not in ev.measures:
            ev.measures.append(measure)
            ev.score += score
        if keyword and keyword not in ev.keywords:
            ev.keywords.append(keyword)
            ev.score += score

    for measure in ask.measures:
        for r in store.records(RecordQuery(city=city, measure=measure, limit=limit)).items:
            add(r.doc_id, r.start, r.section, MEASURE_WEIGHT, measure=measure)
    strong = {m.surface for m in _taxonomy().find(ask.text)} | {
        k for k in ask.keywords if f"“{k}”" in ask.text or k in ask.topic or len(k) >= 4}
    for kw in ask.keywords:
        hits = search(store, f'"{kw}"', filters=ClauseFilters(city=city), limit=limit).hits
        if not hits:
            continue
        # How common the word is across the whole index decides what a hit says.
        n_all = len(search(store, f'"{kw}"', limit=4 * limit).hits)
        weight = _keyword_weight(n_all, 4 * limit, kw in strong)
        for h in hits:
            add(h.clause.doc_id, h.clause.start, h.clause.section, weight, keyword=kw)

    out = AskEvidence(ask)
    for ev in cands.values():
        weak = not ev.measures and (ev.score < MIN_SCORE or len(ev.keywords) < 2)
        if weak or not citable(ev, docs.get(ev.doc_id)):
            continue
        doc = docs.get(ev.doc_id)
        ev.kind = _classify(doc, ev.section, ev.records, ev.quote)
        if ev.kind == "planned":
            ev.units = _task_units(doc, ev.section, ev.start)
        (out.done if ev.kind == "done" else out.planned).append(ev)
    for group in (out.done, out.planned):
        group.sort(key=lambda e: (-e.score, -_year(e.date), e.doc_id, e.start))
    out.peers = peer_entries(store, ask, city)
    return out


def _taxonomy() -> Any:
    from policyintel.index.measures import Taxonomy

    return Taxonomy.load()


def _year(date: str | None) -> int:
    return int(date[:4]) if date and date[:4].isdigit() else 0


def peer_entries(store: Store, ask: Ask, city: str, *, cities: int = 5, sample: int = 60,
                 ) -> list[dict[str, Any]]:
    """What other cities do on the ask's measures: per measure, the best-ranked clause of up to
    ``cities`` other cities that names the measure and holds a target, subsidy or achievement,
    with its source. Read through clause search rather than the comparison table (index.compare),
    whose records queries scan every record of a measure: on a 10,000-document index that is
    seconds per measure, a search is milliseconds."""
    from policyintel.index.search import search

    out: list[dict[str, Any]] = []
    wanted = {"target", "subsidy", "achievement"}
    for measure in ask.measures:
        seen: set[str] = set()
        for hit in search(store, f'"{measure}"', limit=sample).hits:
            c = hit.clause
            peer = c.city or "?"
            if peer == city or peer in seen or not wanted & set(hit.kinds):
                continue
            seen.add(peer)
            out.append({"measure": measure, "city": peer,
                        "kinds": sorted(wanted & set(hit.kinds)),
                        "source": {"doc_id": c.doc_id, "source": c.source, "title": c.title,
                                   "date": c.date, "section": list(c.section), "start": c.start,
                                   "end": c.end, "quote": c.text}})
            if len(seen) >= cities:
                break
    return out


@dataclass(slots=True)
class Gathered:
    proposal: Proposal
    city: str
    asks: list[AskEvidence]

    def to_dict(self) -> dict[str, Any]:
        return {"city": self.city, "proposal": self.proposal.to_dict(),
                "asks": [a.to_dict() for a in self.asks]}


def gather(store: Store, proposal: Proposal, city: str, *, per_ask: int = 4) -> Gathered:
    """Evidence for every ask; a sentence serves the first ask that ranks it highest only."""
    docs = _Docs(store)
    found = [gather_ask(store, ask, city, docs=docs) for ask in proposal.asks]
    # Each sentence goes to the ask where it scores best, so sections do not repeat each other.
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for i, ae in enumerate(found):
        for ev in ae.done + ae.planned:
            key = (ev.doc_id, ev.start)
            if key not in best or ev.score > best[key][0]:
                best[key] = (ev.score, i)
    for i, ae in enumerate(found):
        ae.done = [e for e in ae.done if best[(e.doc_id, e.start)][1] == i][:per_ask]
        ae.planned = [e for e in ae.planned if best[(e.doc_id, e.start)][1] == i][:per_ask]
        for group in (ae.done, ae.planned):
            group.sort(key=lambda e: (-_year(e.date), e.doc_id, e.start))  # newest first
        for ev in ae.planned:
            if ev.doc_id not in ae.policies:
                named = policy_name(docs, ev)
                if named is not None:
                    ae.policies[ev.doc_id] = named
    return Gathered(proposal, city, found)
