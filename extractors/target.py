"""Target records: forward-looking quantified goals (到2027年培训10000人次以上).

A quantity is a target when its sentence looks forward (``sentence_tense``: a plan's 目标/任务
sections, a reply's 下一步, or strong cues such as 力争/到2025年/确保) and it is a count, a rate
or a size that someone commits to reach, not a grant (the subsidy extractor's), a threshold of
eligibility, a basis (按…的50%), an industry-size label (3000亿级) or a duration without a
comparator. A forward-looking size of the economy (地区生产总值迈向5800亿元) is a target: it is
quantified and due; it is never a subsidy.

Deadline, first found wins: a year phrase in the sentence (到2025年, 2027年底, a sentence opening
2025年，, 2025年计划…; 年内/今年 = the document's year); one earlier in the same paragraph (the clause chain after 2027年底，…；…；…); a year
in a heading above; the end of the period in the document title (…(2025—2027年)).

Tables of yearly goals (a region column, year columns, an optional total) yield one target per
row and year: see ``target_table``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policyintel.extractors.quantified import (
    mentions,
    numeral_sentences,
    paragraph_start,
)
from policyintel.extractors.records import Target
from policyintel.extractors.registry import extractor
from policyintel.extractors.sentence_tense import FUTURE, TenseMap, quantity_tense, tense_map
from policyintel.extractors.target_table import table_targets
from policyintel.ingest.document import Document

_DUE = re.compile(r"(?:到|至|于|在|力争|争取)[ ]?((?:20|19)[0-9]{2})[ ]?年"
                  r"|((?:20|19)[0-9]{2})[ ]?年[ ]?(?:底|末|前|以前|年底前)"
                  r"|^[ \u3000]*((?:20|19)[0-9]{2})[ ]?年[ ]?[，,]"
                  r"|((?:20|19)[0-9]{2})[ ]?年[ ]?(?=计划|将|拟|要|预计|力争|争取|全年|内)"
                  r"|(?P<this>年内|今年|本年度)")
_AT_LEAST = re.compile(r"(?:至少|最少|不少于|不低于)[\u4e00-\u9fff]{1,3}$"
                       r"|(?:提高|提升|增加|增长|扩大|上升)(?:到|至)$")
_PERIOD = re.compile(r"((?:20|19)[0-9]{2})[ ]?年?[ ]?[—–\-－~～至到][ ]?((?:20|19)[0-9]{2})[ ]?年")
_YEAR = re.compile(r"((?:20|19)[0-9]{2})[ ]?年")


def _due_in(text: str, start: int, end: int, doc_year: int | None) -> int | None:
    found = None
    for m in _DUE.finditer(text[start:end]):
        if m.group("this"):  # 年内, 今年: the year of the document (a reply's letter)
            found = doc_year if doc_year is not None else found
            continue
        year = int(next(g for g in m.groups() if g))
        if doc_year is None or year >= doc_year:
            found = year
    return found


def _title_period_end(doc: Document) -> int | None:
    """The last year of the period a plan's title names (…行动方案(2025—2027年)), if any."""
    lines = [doc.metadata.title or ""] + [ln for ln in doc.text[:3000].split("\n") if ln.strip()][:20]
    for line in lines:
        for m in _PERIOD.finditer(line):
            left = line[:m.start()]
            if left.rfind("《") <= left.rfind("》"):
                return int(m.group(2))
    return None


def _heading_year(tmap: TenseMap, offset: int, doc_year: int | None) -> int | None:
    for year in tmap.heading_years(offset):
        if doc_year is None or year >= doc_year:
            return year
    return None


def deadline(doc: Document, tmap: TenseMap, sent_start: int, sent_end: int,
             title_end: int | None) -> int | None:
    """The year a goal in sentence ``[sent_start, sent_end)`` is due, by inheritance."""
    text = doc.text
    year = _due_in(text, sent_start, sent_end, tmap.doc_year)
    if year is None:
        year = _due_in(text, paragraph_start(text, sent_start), sent_start, tmap.doc_year)
    if year is None:
        year = _heading_year(tmap, sent_start, tmap.doc_year)
    return year if year is not None else title_end


@extractor("target")
def extract(doc: Document) -> Iterator[Target]:
    tmap = tense_map(doc)
    title_end = _title_period_end(doc)
    found: list[Target] = []
    for sentence in numeral_sentences(doc):
        tense = tmap.sentence(sentence.text, sentence.start)
        due: int | None = -1
        for m in mentions(doc, sentence):
            q = m.q
            if m.stock or quantity_tense(doc.text, sentence.start, q.start, tense,
                                         q.end) != FUTURE:
                continue
            if q.kind == "duration" and q.comparator is None:
                continue
            if due == -1:
                due = deadline(doc, tmap, sentence.start, sentence.end, title_end)
            comparator = q.comparator
            if comparator is None:  # 至少建成1处, 比例提高到29%: the floor stands before the verb
                head = doc.text[max(sentence.start, q.start - 8):q.start]
                comparator = ">=" if _AT_LEAST.search(head) else "="
            found.append(doc.record(
                Target, q.start, q.end, metric=m.metric, value=q.value, unit=q.unit,
                comparator=comparator, deadline_year=due, scope=m.scope,
                recurring=m.recurring, confidence=0.8 if m.metric else 0.6))
    yield from found
    yield from table_targets(doc, found, title_end)
