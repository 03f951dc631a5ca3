"""Draft a proposal reply (答复函) in the genre's structure, every fact cited.

The draft follows the replies the offices send: document number, title naming the session and
proposal number, addressee, an opening that restates the proposal, 一、工作开展情况 with one
part per ask, 二、下一步工作 with one part per ask, thanks, signature and date, contact and CC.
Sentences that state facts are the sources' own sentences (enumerators and trailing separators
trimmed), each with a citation (document, section, offsets, quote); connecting words carry no
fact. Where the index has nothing for an ask, the draft shows a placeholder 【待补充：…】.
``assert_grounded`` then checks that every number of the draft is in a quote its sentence cites,
and raises InternalError if not: a draft never leaves with a number nobody can check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from policyintel.index.store import Store
from policyintel.reply.gather import AskEvidence, Evidence, Gathered, gather
from policyintel.reply.grounding import assert_grounded, check_draft
from policyintel.reply.proposal import Ask, Proposal, Span

PLACEHOLDER = "【待补充：{}】"
DONE_HEADING = "一、工作开展情况"
NEXT_HEADING = "二、下一步工作"
_LEAD = re.compile(r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]"
                   r"|[一二三四五六七八九十]+、|同时[，,]|此外[，,]|另外[，,])\s*")
_CN_ORD = "一二三四五六七八九十"


def placeholder(what: str) -> str:
    return PLACEHOLDER.format(what)


def _ask_and_city(w: _Writer, ask: Ask, city: str) -> list[int]:
    """A placeholder names the ask's topic and the city: it cites the proposal and the user."""
    return w.cite_proposal(Span(ask.start, ask.end, ask.text)) + w.cite_given(city)


@dataclass(slots=True)
class Citation:
    """Where a sentence's facts come from: a document of the index, the proposal, or a value
    the user gave (``given``: the date, the document number, the issuing unit)."""

    n: int
    kind: str  # index | proposal | given
    quote: str
    doc_id: int | None = None
    source: str | None = None
    title: str | None = None
    date: str | None = None
    section: list[str] = field(default_factory=list)
    start: int | None = None
    end: int | None = None
    record_ids: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "kind": self.kind, "doc_id": self.doc_id, "source": self.source,
                "title": self.title, "date": self.date, "section": self.section,
                "start": self.start, "end": self.end, "quote": self.quote,
                "record_ids": self.record_ids}

    def label(self) -> str:
        """One line for a footnote: 《title》 (source), section, offsets: “quote”."""
        if self.kind == "given":
            return f"由起草人提供：{self.quote}"
        where = self.title or self.source or ""
        parts = [f"《{where}》" if self.title else where]
        if self.kind == "proposal":
            parts = [f"提案原文（{self.source}）"]
        if self.section:
            parts.append(" > ".join(self.section))
        if self.start is not None:
            parts.append(f"第{self.start}–{self.end}字")
        return "，".join(p for p in parts if p) + f"：“{self.quote}”"


@dataclass(slots=True)
class Sentence:
    text: str
    citations: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": self.citations}


@dataclass(slots=True)
class Paragraph:
    """A paragraph of the letter; ``role`` says which part of the genre it is."""

    role: str  # doc_number title addressee opening heading subheading body placeholder closing
    # signature date contact cc
    sentences: list[Sentence]
    part: str | None = None  # done | next
    ask: int | None = None

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "part": self.part, "ask": self.ask, "text": self.text,
                "sentences": [s.to_dict() for s in self.sentences]}


@dataclass(slots=True)
class Draft:
    city: str
    header: dict[str, Any]
    paragraphs: list[Paragraph]
    citations: list[Citation]
    coverage: list[dict[str, Any]]
    gathered: Gathered
    smoothed: int = 0

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    def citation(self, n: int) -> Citation:
        return self.citations[n - 1]

    def to_dict(self) -> dict[str, Any]:
        return {"city": self.city, "header": self.header, "text": self.text,
                "paragraphs": [p.to_dict() for p in self.paragraphs],
                "citations": [c.to_dict() for c in self.citations],
                "coverage": self.coverage,
                "peers": [{"ask": ae.ask.index, "topic": ae.ask.topic, "entries": ae.peers}
                          for ae in self.gathered.asks],
                "proposal": self.gathered.proposal.to_dict(),
                "checks": {"numbers_without_source": [p.to_dict() for p in check_draft(self)]},
                "smoothed_sentences": self.smoothed}


class _Writer:
    """Accumulates paragraphs and numbered citations (one number per distinct source span)."""

    def __init__(self, proposal: Proposal) -> None:
        self.proposal = proposal
        self.paragraphs: list[Paragraph] = []
        self.citations: list[Citation] = []
        self._keys: dict[tuple[Any, ...], int] = {}
        self.announced: set[int] = set()  # plans whose issuing the draft has already reported

    def cite(self, kind: str, quote: str, **where: Any) -> int:
        key = (kind, where.get("doc_id"), where.get("start"), where.get("end"), quote)
        if key not in self._keys:
            self.citations.append(Citation(len(self.citations) + 1, kind, quote, **where))
            self._keys[key] = len(self.citations)
        return self._keys[key]

    def cite_proposal(self, span: Span | None) -> list[int]:
        if span is None:
            return []
        return [self.cite("proposal", span.text, source=self.proposal.source, start=span.start,
                          end=span.end)]

    def cite_given(self, value: str) -> list[int]:
        return [self.cite("given", value)]

    def cite_evidence(self, ev: Evidence, start: int, end: int, quote: str,
                      record_ids: list[int] | None = None) -> int:
        return self.cite("index", quote, doc_id=ev.doc_id, source=ev.source, title=ev.title,
                         date=ev.date, section=list(ev.section), start=start, end=end,
                         record_ids=record_ids or [])

    def add(self, role: str, *sentences: Sentence, part: str | None = None,
            ask: int | None = None) -> None:
        self.paragraphs.append(Paragraph(role, list(sentences), part, ask))


def core(ev: Evidence) -> tuple[int, int, str]:
    """The evidence sentence without a leading enumerator and trailing separator:
    ``(start, end, text)`` in document offsets."""
    quote, start = ev.quote, ev.start
    m = _LEAD.match(quote)
    cut = m.end() if m else 0
    end = len(quote)
    while end > cut and quote[end - 1] in "；;，,、：: \u3000":
        end -= 1
    return start + cut, start + end, quote[cut:end]


def _sentence(text: str) -> str:
    return text if text.endswith(("。", "！", "？", "”", "）")) else text + "。"


def _ordinal(i: int) -> str:
    return f"（{_CN_ORD[i - 1] if i <= 10 else i}）"


def _subject(proposal: Proposal) -> str | None:
    """关于推动…的建议 → 推动…: what the proposal is about, for the thanks."""
    if proposal.title is None:
        return None
    m = re.match(r"^关于(.+?)的(?:建议|提案|意见)$", proposal.title.text)
    return m.group(1) if m else None


def _issuer(city: str, unit: str | None) -> str | None:
    if not unit:
        return None
    from policyintel.nlp import units

    name = units.canonical(unit) if unit.startswith("市") else unit
    return f"{city}{name}" if name.startswith("市") else name


def _record_ids(ev: Evidence, start: int, end: int) -> list[int]:
    return [r.id for r in ev.records if start <= r.start < end]


def _done_part(w: _Writer, ae: AskEvidence, i: int, city: str) -> int:
    ask = ae.ask
    w.add("subheading", Sentence(_ordinal(i) + ask.topic, w.cite_proposal(
        Span(ask.start, ask.end, ask.text))), part="done", ask=ask.index)
    sentences = []
    for doc_id, pol in ae.policies.items():
        if doc_id not in w.announced and not any(ev.doc_id == doc_id for ev in ae.done):
            w.announced.add(doc_id)
            n = w.cite_evidence(pol, pol.start, pol.end, pol.quote)
            sentences.append(Sentence(f"{pol.issuer or '我市'}印发了《{pol.quote}》。", [n]))
    for ev in ae.done:
        s, e, text = core(ev)
        sentences.append(Sentence(_sentence(text),
                                  [w.cite_evidence(ev, s, e, text, _record_ids(ev, s, e))]))
    if sentences:
        w.add("body", *sentences, part="done", ask=ask.index)
        return len(sentences)
    w.add("placeholder", Sentence(placeholder(
        f"{ask.topic}方面已开展的工作和取得的成效（索引中未找到{city}的相关材料）"),
        _ask_and_city(w, ask, city)), part="done", ask=ask.index)
    return 0


def _next_part(w: _Writer, ae: AskEvidence, i: int, city: str) -> int:
    ask = ae.ask
    w.add("subheading", Sentence(_ordinal(i) + ask.topic, w.cite_proposal(
        Span(ask.start, ask.end, ask.text))), part="next", ask=ask.index)
    sentences: list[Sentence] = []
    seen_docs: set[int] = set()
    seen_units: set[int] = set()
    for ev in ae.planned:
        s, e, text = core(ev)
        cites = [w.cite_evidence(ev, s, e, text, _record_ids(ev, s, e))]
        if ev.doc_id not in seen_docs:
            seen_docs.add(ev.doc_id)
            pol = ae.policies.get(ev.doc_id)
            if pol is not None:
                cites.insert(0, w.cite_evidence(pol, pol.start, pol.end, pol.quote))
                text = f"下一步，将按照《{pol.quote}》部署，{text}"
            elif not text.startswith(("下一步", "下步")):
                text = f"下一步，{text}"
        sentences.append(Sentence(_sentence(text), cites))
        for r in ev.units:
            leads = [surface for surface, _ in r.lead_units] or [
                surface for surface, _ in r.partner_units][:3]
            if r.id in seen_units or not leads:
                continue
            seen_units.add(r.id)
            n = w.cite("index", r.text, doc_id=ev.doc_id, source=ev.source, title=ev.title,
                       date=ev.date, section=list(r.section), start=r.start, end=r.end,
                       record_ids=[r.id])
            role = "牵头单位" if r.lead_units else "责任单位"
            sentences.append(Sentence(f"（{role}：{'、'.join(leads)}）", [n]))
    if sentences:
        w.add("body", *sentences, part="next", ask=ask.index)
        return sum(1 for s in sentences if not s.text.startswith("（"))
    w.add("placeholder", Sentence(placeholder(
        f"{ask.topic}方面的下一步工作安排（索引中未找到{city}的相关目标或任务）"),
        _ask_and_city(w, ask, city)), part="next", ask=ask.index)
    return 0


def compose(gathered: Gathered, *, unit: str | None = None, addressee: str | None = None,
            doc_number: str | None = None, date: dt.date | str | None = None,
            result_class: str | None = None) -> Draft:
    """The reply for ``gathered`` evidence; header fields from the proposal and the options."""
    p, city = gathered.proposal, gathered.city
    w = _Writer(p)
    issuer = _issuer(city, unit)
    w.add("doc_number", Sentence(doc_number, w.cite_given(doc_number)) if doc_number
          else Sentence(placeholder("文号")))

    title_cites = w.cite_proposal(p.session) + w.cite_proposal(p.number)
    session = p.session_name or placeholder("会议届次")
    what = (f"第{p.number.text}号{p.body}" if p.number is not None
            else f"《{p.title.text}》" if p.title is not None else p.body)
    if p.number is None and p.title is not None:
        title_cites += w.cite_proposal(p.title)
    cls = f"（{result_class}）" if result_class else ""
    title_cites += w.cite_given(result_class) if result_class else []
    head = f"{issuer}关于" if issuer else "关于"
    title_cites += w.cite_given(issuer) if issuer else []
    w.add("title", Sentence(f"{head}{session}{what}办理情况{cls}的函", title_cites))

    if addressee:
        to, to_cites = addressee, w.cite_given(addressee)
    elif p.proposer is not None:
        suffix = "" if p.is_organisation else ("委员" if p.body == "提案" else "代表")
        to, to_cites = p.proposer.text + suffix, w.cite_proposal(p.proposer)
    else:
        to, to_cites = placeholder("收文委员或单位"), []
    w.add("addressee", Sentence(f"{to.rstrip('：:')}：", to_cites))

    you = "贵单位" if p.is_organisation and not addressee else "你"
    opening = f"{you}在{session}上提出的" if p.session_name else f"{you}提出的"
    opening += f"《{p.title.text}》" if p.title is not None else placeholder("提案题目")
    if p.number is not None:
        opening += f"（第{p.number.text}号{p.body}）"
    w.add("opening", Sentence(opening + "收悉。现将办理情况答复如下。",
                              w.cite_proposal(p.session) + w.cite_proposal(p.title)
                              + w.cite_proposal(p.number)))

    coverage = []
    w.add("heading", Sentence(DONE_HEADING), part="done")
    done_counts = [_done_part(w, ae, i, city) for i, ae in enumerate(gathered.asks, 1)]
    w.add("heading", Sentence(NEXT_HEADING), part="next")
    next_counts = [_next_part(w, ae, i, city) for i, ae in enumerate(gathered.asks, 1)]
    for ae, d, n in zip(gathered.asks, done_counts, next_counts, strict=True):
        coverage.append({"ask": ae.ask.index, "topic": ae.ask.topic,
                         "measures": list(ae.ask.measures), "done_sentences": d,
                         "next_sentences": n, "covered": d + n > 0,
                         "placeholders": [k for k, c in (("done", d), ("next", n)) if not c]})

    subject = _subject(p)
    thanks = (f"感谢{you}对{subject}相关工作的关心和支持！" if subject
              else f"感谢{you}对我们工作的关心和支持！")
    w.add("closing", Sentence(thanks, w.cite_proposal(p.title) if subject else []))
    w.add("signature", Sentence(issuer, w.cite_given(issuer)) if issuer
          else Sentence(placeholder("办理单位")))
    day = _date(date)
    w.add("date", Sentence(day, w.cite_given(day)))
    w.add("contact", Sentence(f"（联系人：{placeholder('姓名')}，联系电话：{placeholder('电话')}）"))
    w.add("cc", Sentence(f"抄送：{placeholder('市政府督查室、市政协提案委等')}"))
    header = {"doc_number": doc_number, "title": w.paragraphs[1].text,
              "addressee": w.paragraphs[2].text.rstrip("："), "issuer": issuer,
              "session": p.session_name, "proposal_number": p.number.text if p.number else None,
              "proposal_title": p.title.text if p.title else None, "date": day,
              "result_class": result_class}
    return Draft(city, header, w.paragraphs, w.citations, coverage, gathered)


def _date(date: dt.date | str | None) -> str:
    if isinstance(date, str):
        return date
    d = date or dt.date.today()
    return f"{d.year}年{d.month}月{d.day}日"


def draft_reply(store: Store, proposal: Proposal, city: str, *, unit: str | None = None,
                addressee: str | None = None, doc_number: str | None = None,
                date: dt.date | str | None = None, result_class: str | None = None,
                model_dir: str | None = None) -> Draft:
    """Gather evidence for ``proposal`` from ``store`` and write the reply for ``city``.

    ``model_dir`` (or $POLICYINTEL_REPLY_MODEL_DIR) names a local causal language model that
    smooths the wording (reply/llm.py); a rewrite that changes a number or adds a name is
    dropped. Raises InternalError if any number of the draft has no cited source.
    """
    draft = compose(gather(store, proposal, city), unit=unit, addressee=addressee,
                    doc_number=doc_number, date=date, result_class=result_class)
    from policyintel.reply import llm

    if llm.configured(model_dir):
        draft = llm.smooth(draft, model_dir)
    assert_grounded(draft)
    return draft
