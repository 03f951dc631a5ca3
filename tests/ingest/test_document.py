"""The document model: section lookup, memo, tables carried through cleaning."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from policyintel.corpus_files import corpus_files
from policyintel.extractors.records import Subsidy
from policyintel.ingest import from_text, read
from policyintel.ingest.parse import parse
from policyintel.ingest.raw import Cell, RawDocument, Table


def _deepest_section(doc, offset):
    def walk(sections, above):
        for s in sections:
            path = above + (s.heading,)
            yield s.start, s.end, path
            yield from walk(s.children, path)

    best: tuple[str, ...] = ()
    for start, end, path in walk(doc.outline, ()):
        if start <= offset < end and len(path) > len(best):
            best = path
    return best


@pytest.mark.parametrize("path", [p for _, p in corpus_files()][:8], ids=lambda p: p.name)
def test_section_path_is_the_deepest_section_containing_the_offset(path):
    doc = read(path)
    for offset in range(0, len(doc.text), 5):
        assert doc.section_path(offset) == _deepest_section(doc, offset)


PLAN = (
    "一、总体目标\n到2027年，培训技能人才1万人次以上。\n"
    "二、主要任务\n（一）实施平台赋能计划\n1.建设技能大师工作室。对新获批国家级技能大师工作室的单位给予50万元奖励。\n"
    "（二）实施职工提能计划\n2.支持企业自主培训。\n"
)


def test_record_takes_section_sentence_and_text_from_the_document():
    doc = from_text(PLAN)
    start = doc.text.index("50万元")
    record = doc.record(Subsidy, start, start + 4, amount_yuan=500000)
    assert record.text == "50万元"
    assert record.section == ("二、主要任务", "（一）实施平台赋能计划", "1.建设技能大师工作室")
    sentence = doc.text[record.sentence_start:record.sentence_end]
    assert sentence.startswith("对新获批国家级") and "50万元" in sentence


@given(st.text(alphabet="一二三、（）12.。\n技能培训计划", max_size=200), st.integers(0, 250))
@settings(max_examples=200, deadline=None)
def test_section_path_agrees_with_brute_force_on_any_text(text, offset):
    doc = from_text(text)
    if doc.text:
        offset %= len(doc.text)
        assert doc.section_path(offset) == _deepest_section(doc, offset)


def test_memo_computes_once_per_document():
    doc = from_text(PLAN)
    calls = []
    first = doc.memo("k", lambda d: calls.append(1) or len(d.text))
    second = doc.memo("k", lambda d: calls.append(1) or -1)
    assert first == second == len(doc.text) and calls == [1]
    assert from_text(PLAN).memo("k", lambda d: -1) == -1  # per document, not global


def test_tables_move_into_clean_text_offsets():
    # Web junk above the table is dropped by cleaning, so raw and clean offsets differ.
    raw_text = "首页>政府信息公开>政策文件\n附件\n任务表\n地区\n2025\n市本级\n350\n"
    cells = []
    for word in ("地区", "2025", "市本级", "350"):
        start = raw_text.index(word)
        cells.append(Cell(word, start, start + len(word)))
    table = Table(rows=((cells[0], cells[1]), (cells[2], cells[3])),
                  start=cells[0].start, end=cells[3].end)
    doc = parse(RawDocument(path="t.txt", format="txt", text=raw_text, tables=(table,)))
    assert "首页" not in doc.text
    moved = doc.tables[0]
    assert [[c.text for c in row] for row in moved.rows] == [["地区", "2025"], ["市本级", "350"]]
    for row in moved.rows:
        for c in row:
            assert doc.text[c.start:c.end] == c.text
