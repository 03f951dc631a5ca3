"""Read a proposal (提案) or suggestion (建议): its title, number, session, proposer and asks.

A proposal arrives as a file (TXT, DOCX, PDF, HTML: ``read_proposal`` reads it through
``policyintel.ingest.read``) or as pasted text (``proposal_from_text``). Its fields come from the
form's labels (案由：…, 提案人：…, 第N号) and from the genre's phrasing (《关于…的建议》,
政协X市第八届委员会第五次会议 → 市政协八届五次会议). Its asks are the enumerated items of the part
that makes the suggestions (（一）…, 一、…, 1.…, 一是…二是…); each ask carries the measures of the
taxonomy it names and the words a search for it should use. Every field keeps its offsets into
the cleaned text, so a draft can cite the proposal like any other source.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from policyintel.ingest.document import Document

GENRE_TSV = Path(__file__).resolve().parent / "data" / "genre.tsv"

_CN_DIGITS = "〇零一二三四五六七八九十"
_CN = f"[{_CN_DIGITS}]+"
# 政协遂宁市第八届委员会第五次会议 / 市政协八届五次会议 / 市第十六届人民代表大会第三次会议.
_SESSION_PATTERNS = (
    (re.compile(rf"政协[\u4e00-\u9fff]{{0,8}}?第?({_CN})届委员会第?({_CN})次(?:全体)?会议"), "政协"),
    (re.compile(rf"政协第?({_CN})届第?({_CN})次会议"), "政协"),
    (re.compile(rf"第?({_CN})届人民代表大会第?({_CN})次会议"), "人大"),
    (re.compile(rf"第?({_CN})届人大第?({_CN})次会议"), "人大"),
)
_NUMBER = re.compile(r"第\s*([0-9０-９]+)\s*号")
_TITLE_BRACKETS = re.compile(r"《(关于[^《》\n]{4,80}?的(?:建议|提案|意见))》")
_TITLE_LINE = re.compile(r"^\s*(关于[^\n]{4,80}?的(?:建议|提案|意见))\s*$", re.MULTILINE)
_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
# Item markers at the start of a line, by family; the group is the item's ordinal.
_MARKERS = {
    "cn_paren": re.compile(rf"^[ \t\u3000]*[（(]({_CN})[）)]", re.MULTILINE),
    "cn_dun": re.compile(rf"^[ \t\u3000]*({_CN})[、.．]", re.MULTILINE),
    "arabic": re.compile(r"^[ \t\u3000]*([0-9]{1,2})(?:[.．、](?!\d)|[)）])", re.MULTILINE),
    "arabic_paren": re.compile(r"^[ \t\u3000]*[（(]([0-9]{1,2})[）)]", re.MULTILINE),
    "inline": re.compile(rf"({_CN})是"),
}
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the proposal text with its offsets (``text == proposal.text[start:end]``)."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Ask:
    """One suggestion of the proposal: its text, a short topic, the measures it names."""

    index: int  # 1-based
    marker: str
    start: int
    end: int
    text: str
    topic: str
    measures: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "marker": self.marker, "start": self.start, "end": self.end,
                "text": self.text, "topic": self.topic, "measures": list(self.measures),
                "keywords": list(self.keywords)}


@dataclass(slots=True)
class Proposal:
    """What a reply needs from the proposal it answers."""

    source: str
    text: str
    title: Span | None = None
    number: Span | None = None
    session: Span | None = None  # as written
    session_name: str | None = None  # normalised: 市政协八届五次会议 / 市十六届人大三次会议
    body: str = "提案"  # 提案 (CPPCC) or 建议 (NPC)
    proposer: Span | None = None
    asks: list[Ask] = field(default_factory=list)

    @property
    def is_organisation(self) -> bool:
        """Whether the proposer is an organisation (addressed by name, as 贵单位)."""
        if self.proposer is None:
            return False
        return any(self.proposer.text.endswith(e) for e in genre_words("org_ending"))

    def to_dict(self) -> dict[str, Any]:
        def span(s: Span | None) -> dict[str, Any] | None:
            return s.to_dict() if s is not None else None

        return {"source": self.source, "title": span(self.title), "number": span(self.number),
                "session": span(self.session), "session_name": self.session_name,
                "body": self.body, "proposer": span(self.proposer),
                "is_organisation": self.is_organisation,
                "asks": [a.to_dict() for a in self.asks]}


@cache
def _genre() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for line in GENRE_TSV.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("#", "role\t")):
            continue
        role, _, surface = line.partition("\t")
        out.setdefault(role.strip(), []).append(surface.strip())
    # Longest first, so a regex alternation prefers 第一提案人 to 提案人.
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def genre_words(role: str) -> tuple[str, ...]:
    """The surfaces of ``role`` in reply/data/genre.tsv (e.g. ``stopword``, ``next_steps``)."""
    return _genre().get(role, ())


def _cn_int(s: str) -> int:
    """一 → 1, 十 → 10, 十五 → 15, 二十三 → 23 (ordinals of sessions and items)."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_VALUE.get(tens, 1) if tens else 1) * 10 + (_CN_VALUE.get(ones, 0) if ones else 0)
    value = 0
    for ch in s:
        value = value * 10 + _CN_VALUE.get(ch, 0)
    return value


def _labelled(text: str, role: str) -> Span | None:
    labels = genre_words(role)
    if not labels:
        return None
    rx = re.compile(r"^[ \t\u3000]*(?:" + "|".join(map(re.escape, labels))
                    + r")[ \t\u3000]*[：:][ \t\u3000]*([^\n]+?)[ \t\u3000]*$", re.MULTILINE)
    m = rx.search(text)
    return Span(m.start(1), m.end(1), m.group(1)) if m else None


def _strip_wrappers(span: Span) -> Span:
    """《关于…的建议》 → 关于…的建议 (offsets kept)."""
    text, start = span.text, span.start
    if text.startswith("《") and text.endswith("》"):
        return Span(start + 1, start + len(text) - 1, text[1:-1])
    return span


def find_title(text: str) -> Span | None:
    span = _labelled(text, "title_label")
    if span is not None:
        return _strip_wrappers(span)
    for rx in (_TITLE_BRACKETS, _TITLE_LINE):
        m = rx.search(text)
        if m:
            return Span(m.start(1), m.end(1), m.group(1))
    return None


def find_number(text: str) -> Span | None:
    span = _labelled(text, "number_label")
    if span is not None:
        m = re.search(r"[0-9０-９]+", span.text)
        if m:
            return Span(span.start + m.start(), span.start + m.end(), m.group())
    m = _NUMBER.search(text)
    return Span(m.start(1), m.end(1), m.group(1)) if m else None


def find_session(text: str) -> tuple[Span | None, str | None, str]:
    """``(span as written, normalised name, 提案 or 建议)``."""
    for rx, body in _SESSION_PATTERNS:
        m = rx.search(text)
        if m:
            term, meeting = (_cn_digits(_cn_int(g)) for g in m.groups())
            name = (f"市政协{term}届{meeting}次会议" if body == "政协"
                    else f"市{term}届人大{meeting}次会议")
            return Span(m.start(), m.end(), m.group()), name, "提案" if body == "政协" else "建议"
    return None, None, "建议" if "人大" in text[:200] or "代表" in text[:200] else "提案"


def _cn_digits(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 23 → 二十三 (how sessions are written)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def find_proposer(text: str) -> Span | None:
    span = _labelled(text, "proposer_label")
    if span is None:
        return None
    # 王建全（民盟）/ 王建全 等3人 / 王建全、李明: the first name is the one addressed.
    m = re.match(r"[^\s（(、，,等]+", span.text)
    return Span(span.start, span.start + m.end(), m.group()) if m else span


def _asks_region(doc: Document) -> tuple[int, int]:
    """Where the asks are: after the last line that opens them (…建议：/二、几点建议), else all."""
    text = doc.text
    words = genre_words("asks_heading")
    best = None
    for m in re.finditer(r"^[^\n]{0,16}$", text, re.MULTILINE):
        line = m.group().strip()
        if line and any(w in line for w in words) and not line.startswith(("案由", "题目", "关于")):
            best = m
    for m in re.finditer(r"(?:建议如下|为此建议|特提出如下建议|提出以下建议|建议：|建议:)[：:，,]?", text):
        if best is None or m.start() > best.start():
            best = m
    if best is None:
        return 0, len(text)
    return best.end(), len(text)


def _items(text: str, start: int, end: int) -> tuple[str, list[re.Match[str]]]:
    """The marker family whose items come first in ``text[start:end]`` and number 1, 2, 3 …"""
    found: list[tuple[int, str, list[re.Match[str]]]] = []
    for family, rx in _MARKERS.items():
        seq: list[re.Match[str]] = []
        for m in rx.finditer(text, start, end):
            if _cn_int(m.group(1)) == len(seq) + 1:
                seq.append(m)
        if len(seq) >= 2:
            found.append((seq[0].start(), family, seq))
    if not found:
        return "", []
    _, family, seq = min(found, key=lambda f: f[0])
    return family, seq


_TOPIC_CHARS = 30


def _topic(text: str) -> str:
    """The ask's own words up to its first full stop (畅通校企人才双向流动通道), at most
    ``_TOPIC_CHARS`` of them. The draft quotes the topic under the ask's citation and its guard
    reads every number of it (reply/grounding.py), so neither the comma nor the length may cut
    a number: 2025年 cut to 202, or 1,200 cut to 1, is a number no source holds (such a draft
    failed its guard: a 500 that schemathesis found)."""
    from policyintel.reply.grounding import numbers_in, source_numbers

    head = _SENTENCE_END.split(text, maxsplit=1)[0].strip()
    if len(head) > 16:  # up to its first comma or colon, but not one inside 1,200 or 8:30
        head = re.split(r"[，：]|(?<!\d)[,:]|[,:](?!\d)", head, maxsplit=1)[0]
    topic = head[:_TOPIC_CHARS]
    held = source_numbers([text])
    while numbers_in(topic) - held:  # a number cut short: drop what is left of it
        topic = topic[:-1]
    return topic.rstrip("，,、")


def _keywords(topic: str, ask_text: str, measure_surfaces: list[str]) -> tuple[str, ...]:
    """Words to search for an ask: named measures, quoted names, the topic's content words,
    then the rest of the ask's content words (in that order: earlier ones weigh more)."""
    from policyintel.nlp import segment

    stop = set(genre_words("stopword"))
    words = list(measure_surfaces)
    words += re.findall(r"[“\"「]([^”\"」]{2,12})[”\"」]", ask_text)
    for part in (topic, ask_text[len(topic):]):
        for w in segment.cut(part):
            if (len(w) >= 2 and w not in stop and re.fullmatch(r"[\u4e00-\u9fff]+", w)
                    and w[0] not in "和与及并或等的"):
                words.append(w)
    return tuple(dict.fromkeys(words))


def parse_proposal(doc: Document, *, measures_file: str | None = None) -> Proposal:
    """The proposal in ``doc`` (a cleaned Document): header fields and asks."""
    from policyintel.index.measures import Taxonomy

    text = doc.text
    session, session_name, body = find_session(text)
    proposal = Proposal(source=doc.source, text=text, title=find_title(text),
                        number=find_number(text), session=session, session_name=session_name,
                        body=body, proposer=find_proposer(text))
    taxonomy = Taxonomy.load(measures_file)
    start, end = _asks_region(doc)
    family, items = _items(text, start, end)
    spans = []
    if items:
        for i, m in enumerate(items):
            stop = items[i + 1].start() if i + 1 < len(items) else end
            if family != "inline":
                # A later paragraph without a marker (a closing remark) is not part of the ask.
                para_end = text.find("\n\n", m.end(), stop)
                stop = para_end if para_end != -1 and i + 1 == len(items) else stop
            spans.append((m.group().strip(), m.end(), stop))
    elif text[start:end].strip():
        spans.append(("", start, end))
    for i, (marker, a, b) in enumerate(spans, 1):
        while a < b and text[a] in " \t\u3000\n：:":
            a += 1
        while b > a and text[b - 1] in " \t\u3000\n；;":
            b -= 1
        ask_text = text[a:b]
        matches = taxonomy.find(ask_text)
        measures = tuple(dict.fromkeys(m.measure for m in matches))
        topic = _topic(ask_text)
        proposal.asks.append(Ask(index=i, marker=marker, start=a, end=b, text=ask_text,
                                 topic=topic, measures=measures,
                                 keywords=_keywords(topic, ask_text,
                                                    [m.surface for m in matches])))
    return proposal


def read_proposal(path: str | os.PathLike[str], *, measures_file: str | None = None) -> Proposal:
    """Read a proposal file (any format ``policyintel.ingest`` reads)."""
    from policyintel.ingest import read

    return parse_proposal(read(path), measures_file=measures_file)


def proposal_from_text(text: str, *, source: str = "<text>",
                       measures_file: str | None = None) -> Proposal:
    """A proposal pasted as text."""
    from policyintel.ingest import from_text

    return parse_proposal(from_text(text, source), measures_file=measures_file)
