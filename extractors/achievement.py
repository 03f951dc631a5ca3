"""Achievement records: quantified results already reached (2022年，全市新增企业新型学徒2443人).

A quantity is an achievement when its sentence looks back (``sentence_tense``: a reply's
工作开展情况 before its 下一步, a progress report's 进展情况, or strong cues such as 累计/已/截至
or a year before the document's) and it counts something done: not a grant (给予10万元资助),
a threshold, a basis or a duration. Money already spent or waived (减免场地等费用223.3万元) is an
achievement in yuan, never a subsidy.

Year: the last year phrase before the quantity in its sentence (今年/年内 = the letter's year),
else the first after it in the sentence, else — unless the sentence speaks of now (目前) — the last
one earlier in its paragraph, else one in a heading above (一、2024年工作总结); None when none is
written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policyintel.extractors.quantified import (
    mentions,
    numeral_sentences,
    paragraph_start,
    years_before,
)
from policyintel.extractors.records import Achievement
from policyintel.extractors.registry import extractor
from policyintel.extractors.sentence_tense import PAST, is_reply, quantity_tense, tense_map
from policyintel.ingest.document import Document

_TOTAL_TIME = re.compile(r"时长|总时|工时|服务时间")
_CUMULATIVE = re.compile(r"累计|共累计")
_SINCE = re.compile(r"[ ]?年[ ]?(?:[0-9]{1,2}[ ]?月[ ]?(?:份)?)?(?:以来|起|开始)")
_SINCE_ONLY = re.compile(r"[ ]?年[ ]?(?:[0-9]{1,2}[ ]?月[ ]?(?:份)?)?以来")
_THIS_YEAR = re.compile(r"今年|本年度|(?<![0-9一二两三四五六七八九十几])年内|当年")
# periods of the document's own year in a report or reply (截至6月底, 上半年, 1-5月, 全年):
# the year of the letter, as 今年 is; not after a year of their own (2024年上半年)
_OWN_PERIOD = re.compile(
    r"(?<![0-9年])(?:上半年|下半年|全年|年底前|前三季度|[一二三四]季度|第[一二三四]季度"
    r"|[0-9一二三四五六七八九十]{1,2}[ ]?[-—–~～至到][ ]?[0-9一二三四五六七八九十]{1,2}[ ]?月"
    r"|截[至止][ ]?[0-9一二三四五六七八九十]{1,2}[ ]?月|[0-9]{1,2}[ ]?月(?:份|底|末))")
_HALF_OPENS = re.compile(r"(?:今年)?(?:上半年|[1一][ ]?[-—–~～至到][ ]?[0-9一二三四五六七八九十]{1,2}[ ]?月"
                         r"|截[至止][ ]?[0-9一二三四五六七八九十]{1,2}[ ]?月)")
_LAST_YEAR = re.compile(r"去年|上年(?!度)")
_OWN_CUT = re.compile(r"截[至止][ ]?[0-9一二三四五六七八九十]{1,2}[ ]?月")
_STOCK = re.compile(r"共有|拥有|建有|现有|总量|在校生|在册|(?<![没所具])有(?![效关力序利助])[^，,。；;]{0,12}$")
_NOW = re.compile(r"目前|当前|现有|截至目前|截止目前")


def result_year(doc: Document, sent_start: int, sent_end: int, offset: int,
                doc_year: int | None = None, heading_years: tuple[int, ...] = (),
                reply: bool = False) -> int | None:
    """The year a result at ``offset`` refers to, from its sentence or paragraph.

    今年/年内 is the letter's year (``doc_year``); a stock stated 目前 (now) has no year and
    does not inherit one from the paragraph, nor, in a reply (``reply``), a stock stated
    共有/建有/现有 (the year of the sentence before dates a flow, not the stock); a 累计 total has
    none unless dated 截至YYYY年."""
    text = doc.text
    in_sentence = _dated(text, sent_start, sent_end)
    if _CUMULATIVE.search(text, sent_start, offset):
        # a cumulative total takes only a year its own sentence states for it (2022年累计…,
        # 截至2025年6月底…, 截至6月底 in a letter of 2025), not one it counts from
        # (自2022年以来) nor the paragraph's
        stated = [(pos, y) for pos, y in in_sentence if pos < offset
                  and not _SINCE.match(text, pos + 4)]
        if doc_year is not None:
            stated += [(m.start(), doc_year) for m in _OWN_CUT.finditer(text, sent_start, offset)
                       if not re.search(r"年[ ]?$", text[max(0, m.start() - 2):m.start() + 2])]
        return max(stated)[1] if stated else None
    if doc_year is not None:
        relative = [(m.start(), doc_year) for m in _THIS_YEAR.finditer(text, sent_start, sent_end)]
        relative += [(m.start(), doc_year - 1) for m in _LAST_YEAR.finditer(text, sent_start, sent_end)]
        opens = _HALF_OPENS.match(text, sent_start + len(text[sent_start:sent_end]) - len(
            text[sent_start:sent_end].lstrip(" \u3000")))
        if not in_sentence and not relative and not any(y <= doc_year for y in heading_years) \
                and (opens is not None or not years_before(
                    text, paragraph_start(text, sent_start), sent_start)):
            # 上半年, 截至6月底, 1-5月 with no year in sight (sentence, paragraph, heading), or
            # opening the sentence (…2023年度…。上半年，全县…): the letter's year
            relative = [(m.start(), doc_year) for m in _OWN_PERIOD.finditer(text, sent_start, sent_end)]
        in_sentence = sorted(in_sentence + relative)
    before = [y for pos, y in in_sentence if pos < offset]
    if before:
        return before[-1]
    if in_sentence:
        return in_sentence[0][1]
    if _NOW.search(text, sent_start, offset):
        return None
    par = paragraph_start(text, sent_start)
    earlier = _dated(text, par, sent_start)
    if earlier and reply and _STOCK.search(text, max(sent_start, offset - 30), offset):
        return None  # a reply's 全市共有/建有/在校生… stock: not dated by the sentence before
    if earlier:
        return earlier[-1][1]
    if doc_year is not None and not any(y <= doc_year for y in heading_years) \
            and (_OWN_PERIOD.search(text, par, sent_start) or _THIS_YEAR.search(text, par, sent_start)):
        return doc_year  # 上半年，全市…。其中，…: the period opening the paragraph
    past = [y for y in heading_years if doc_year is None or y <= doc_year]
    return past[0] if past else None  # 一、2024年工作总结


def _dated(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Year phrases of ``text[start:end]`` that date a result: not a period's start
    (2021年以来: a total since then has no single year)."""
    return [(pos, y) for pos, y in years_before(text, start, end)
            if not _SINCE_ONLY.match(text, pos + 4)]


@extractor("achievement")
def extract(doc: Document) -> Iterator[Achievement]:
    tmap = tense_map(doc)
    reply = is_reply(doc)
    found: list[Achievement] = []
    for sentence in numeral_sentences(doc):
        tense = tmap.sentence(sentence.text, sentence.start)
        for m in mentions(doc, sentence):
            q = m.q
            if not m.stock and quantity_tense(doc.text, sentence.start, q.start, tense,
                                              q.end) != PAST:
                continue
            if q.kind == "duration" and not _TOTAL_TIME.search(
                    doc.text, max(sentence.start, q.start - 6), q.start):
                continue  # a duration is a result only as a total (培训总时长3967小时)
            year = result_year(doc, sentence.start, sentence.end, q.start, tmap.doc_year,
                               tuple(tmap.heading_years(sentence.start)), reply)
            if tmap.doc_year is not None and year is not None and year > tmap.doc_year:
                year = None  # a future year is a plan's horizon, not the result's year
            found.append(doc.record(
                Achievement, q.start, q.end, metric=m.metric, value=q.value, unit=q.unit,
                year=year, confidence=0.8 if m.metric else 0.6))
    return iter(found)
