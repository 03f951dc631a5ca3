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
from policyintel.extractors.sentence_tense import FUTURE, PAST, TenseMap, quantity_tense, tense_map
from policyintel.extractors.target_table import quota_targets, table_targets
from policyintel.ingest.document import Document

_DUE = re.compile(r"(?:20|19)[0-9]{2}[ ]?年?[ ]?[—–\-－~～至到][ ]?((?:20|19)[0-9]{2})[ ]?年"
                  r"|(?:到|至|于|在|力争|争取)[ ]?((?:20|19)[0-9]{2})[ ]?年"
                  r"|((?:20|19)[0-9]{2})[ ]?年[ ]?(?:底|末|前|以前|年底前)"
                  r"|((?:20|19)[0-9]{2})[ ]?年[ ]?[0-9]{1,2}[ ]?月[ ]?(?:底|末|前|份前|以前)"
                  r"|(?:^|(?<=[，,；;。：:、\n]))[ \u3000]*((?:20|19)[0-9]{2})[ ]?年[ ]?(?:[，,：:]|(?=[^0-9]))"
                  r"|((?:20|19)[0-9]{2})[ ]?年[ ]?(?=[0-9]+(?:\.[0-9]+)?[ ]?[万千百亿]?[^月日0-9.．])"
                  r"|(?P<this>(?<![0-9一二两三四五六七八九十几])年内|今年|本年度)")
_OWN_PERIOD = re.compile(r"(?<![0-9年])(?:全年|下半年|年底前|年末前|四季度)")
# the end of a Five-Year Plan (到“十四五”末): its last year; “十四五”期间 (over the period) is
# no deadline, as a plan's period is not (held-out ruling)
_FIVE_YEAR = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?(?:末|期末|时期末|规划期末)")
_FIVE_YEAR_TITLE = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?")


def five_year_end(digit: str) -> int:
    """The last year of the 十N五 plan (十四五 → 2025): the 11th began in 2006."""
    return 1955 + 5 * (10 + "一二三四五六七八九".index(digit) + 1)


# a year a recurring quota starts from (2024年起每年…), not a deadline
_FROM = re.compile(r"(?:从|自)?[ ]?((?:20|19)[0-9]{2})[ ]?年[ ]?(?:起|开始|以来)")
_AT_LEAST = re.compile(r"(?:至少|最少|不少于|不低于)[\u4e00-\u9fff]{1,3}$"
                       r"|(?:提高|提升|增加|增长|扩大|上升)(?:到|至)$")
_PERIOD = re.compile(r"((?:20|19)[0-9]{2})[ ]?年?[ ]?[—–\-－~～至到][ ]?((?:20|19)[0-9]{2})[ ]?年")
_YEAR = re.compile(r"((?:20|19)[0-9]{2})[ ]?年")
_QUANTITY_AFTER = re.compile(r"[0-9０-９][0-9０-９.]*[ ]?[万亿千百]?[\u4e00-\u9fff%]")
_PLAN_TITLE = re.compile(r"计划|方案|要点|规划|清单|任务")
_LIST_ITEM = re.compile(r"(?m)^[ \t\u3000]*(?:[0-9]+[.．、](?![0-9])|[（(][0-9一二三四五六七八九十]+[)）]"
                        r"|[①②③④⑤⑥⑦⑧⑨⑩]|[一二三四五六七八九十]是)")


def _dues(text: str, start: int, end: int, doc_year: int | None,
          report: bool = False) -> list[tuple[int, int | None]]:
    """(offset, year) of the deadline phrases in ``text[start:end]``; year None for a start
    year (2024年起), which ends the reach of a deadline before it. In a report or a reply
    (``report``) 全年/下半年/年底前 are the letter's year too."""
    out: list[tuple[int, int | None]] = []
    if report and doc_year is not None:
        out += [(m.start(), doc_year) for m in _OWN_PERIOD.finditer(text, start, end)]
    for m in _DUE.finditer(text, start, end):
        if m.group("this"):  # 年内, 今年: the year of the document (a reply's letter)
            if doc_year is not None:
                out.append((m.start(), doc_year))
            continue
        year = int(next(g for g in m.groups() if g))
        if _FROM.match(text, m.start(next(i for i, g in enumerate(m.groups(), 1) if g))):
            out.append((m.start(), None))
        elif doc_year is None or year >= doc_year:
            out.append((m.start(), year))
    for m in _FROM.finditer(text, start, end):
        out.append((m.start(), None))
    for m in _FIVE_YEAR.finditer(text, start, end):
        out.append((m.start(), five_year_end(m.group(1))))
    return sorted(set(out), key=lambda x: (x[0], x[1] is not None))


def _due_at(text: str, start: int, end: int, offset: int, doc_year: int | None,
            report: bool = False) -> int | None | bool:
    """The deadline of the goal at ``offset`` in sentence ``[start, end)``: the last phrase
    before it (a start year 2024年起 cancels), else one after it that governs no later quantity
    (…，2025年底前完成). False when the sentence states none."""
    dues = _dues(text, start, end, doc_year, report)
    before = [y for pos, y in dues if pos < offset]
    if before:
        return before[-1]
    for pos, year in dues:
        if pos > offset and year is not None:
            m = _YEAR.search(text, pos, end)
            tail = text[m.end() if m else pos:end]
            if not _QUANTITY_AFTER.search(tail):
                return year
            break
    return False


def _title_period_end(doc: Document) -> int | None:
    """The last year of the period a plan's title names (…行动方案(2025—2027年)), or the year of
    an annual plan (2024年…工作要点), if any."""
    title = doc.metadata.title or ""
    lines = [title] + [ln for ln in doc.text[:3000].split("\n") if ln.strip()][:20]
    for line in lines:
        for m in _PERIOD.finditer(line):
            left = line[:m.start()]
            if left.rfind("《") <= left.rfind("》"):
                return int(m.group(2))
    if doc.metadata.doc_type == "proposal_reply" or not _PLAN_TITLE.search(title):
        return None
    years = {int(y) for y in _YEAR.findall(title)}
    if len(years) == 1:
        return years.pop()
    fyp = _FIVE_YEAR_TITLE.search(title)
    return five_year_end(fyp.group(1)) if fyp and not years else None


def _heading_year(tmap: TenseMap, offset: int, doc_year: int | None) -> int | None:
    for year in tmap.heading_years(offset):
        if doc_year is None or year >= doc_year:
            return year
    return None


def _lead_paragraph(text: str, par_start: int, floor: int) -> tuple[int, int] | None:
    """The paragraph that introduces the list item starting at ``par_start`` (…目标：\n1.…；
    \n2.…): the first earlier paragraph, past other items, that ends with a colon."""
    if not _LIST_ITEM.match(text, par_start):
        return None
    end = par_start - 1
    while end > floor:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].rstrip()
        if line.endswith(("：", ":")):
            return start, end
        if not _LIST_ITEM.match(line):
            return None
        end = start - 1
    return None


def deadline(doc: Document, tmap: TenseMap, sent_start: int, sent_end: int,
             offset: int) -> int | None:
    """The year the goal at ``offset`` is due, as the guidelines read it: stated in its
    sentence, earlier in its paragraph, in the lead paragraph of its list, or in a heading
    above; None otherwise (a plan's period is ``plan_end_year``, not every task's deadline)."""
    text = doc.text
    report = tmap.default == PAST
    found = _due_at(text, sent_start, sent_end, offset, tmap.doc_year, report)
    if found is not False:
        return found  # type: ignore[return-value]
    par = paragraph_start(text, sent_start)
    earlier = [y for _, y in _dues(text, par, sent_start, tmap.doc_year, report)]
    if earlier:
        return earlier[-1]
    lead = _lead_paragraph(text, par, 0)
    if lead is not None:
        earlier = [y for _, y in _dues(text, *lead, tmap.doc_year, report)]
        if earlier:
            return earlier[-1]
    return _heading_year(tmap, sent_start, tmap.doc_year)


@extractor("target")
def extract(doc: Document) -> Iterator[Target]:
    tmap = tense_map(doc)
    title_end = _title_period_end(doc)
    found: list[Target] = []
    for sentence in numeral_sentences(doc):
        tense = tmap.sentence(sentence.text, sentence.start)
        for m in mentions(doc, sentence):
            q = m.q
            if m.stock or quantity_tense(doc.text, sentence.start, q.start, tense,
                                         q.end) != FUTURE:
                continue
            if q.kind == "duration" and q.comparator is None:
                continue
            due = deadline(doc, tmap, sentence.start, sentence.end, q.start)
            comparator = q.comparator
            if comparator is None:  # 至少建成1处, 比例提高到29%: the floor stands before the verb
                head = doc.text[max(sentence.start, q.start - 8):q.start]
                comparator = ">=" if _AT_LEAST.search(head) else "="
            found.append(doc.record(
                Target, q.start, q.end, metric=m.metric, value=q.value, unit=q.unit,
                comparator=comparator, deadline_year=due, scope=m.scope,
                recurring=m.recurring, plan_end_year=title_end,
                confidence=0.8 if m.metric else 0.6))
    yield from found
    yield from table_targets(doc, found, title_end)
    yield from quota_targets(doc, title_end)
