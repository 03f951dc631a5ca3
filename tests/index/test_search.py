"""Clause search over the bundled corpus index: real queries, real answers."""

from __future__ import annotations

import pytest
from policyintel.index.prepare import WORD_MARK
from policyintel.index.queries import ClauseFilters
from policyintel.index.search import (
    make_snippet,
    match_expression,
    parse_query,
    search,
    words_expression,
)


def _cities(result):
    return {h.clause.city for h in result.hits}


def test_programme_name_is_found_in_at_least_three_cities(store):
    result = search(store, "技能大师工作室", limit=50)
    assert len(_cities(result)) >= 3
    assert all("技能大师工作室" in h.clause.text for h in result.hits)


@pytest.mark.parametrize("part", ["大师", "工作室"], ids=["大师", "工作室"])
def test_part_of_a_programme_name_finds_it(store, part):
    whole = {h.clause.id for h in search(store, "技能大师工作室", limit=50).hits}
    found = {h.clause.id for h in search(store, part, limit=200).hits}
    assert whole <= found


def test_one_character_query_finds_clauses(store):
    result = search(store, "匠", limit=50)
    assert result.hits and all("匠" in h.clause.text for h in result.hits)


def test_word_jieba_splits_differently_in_context_is_still_found(store):
    # 型企业 is never a jieba word; it is found as a character sequence.
    result = search(store, "型企业", limit=50)
    assert result.hits and all("型企业" in h.clause.text for h in result.hits)


def test_quoted_phrase_is_exact_and_words_are_anded(store):
    exact = search(store, '"产教融合型企业"', limit=100).hits
    assert exact and all("产教融合型企业" in h.clause.text for h in exact)
    both = search(store, "产教融合 奖励", limit=100).hits
    assert both and all("产教融合" in h.clause.text and "奖励" in h.clause.text for h in both)


def test_unit_name_query(store):
    hits = search(store, "市人力资源社会保障局", limit=20).hits
    assert hits and all("市人力资源社会保障局" in h.clause.text for h in hits)


def test_hits_carry_document_section_and_offsets_that_slice_the_text(store):
    for h in search(store, "技能大师工作室", limit=20).hits:
        doc = store.document(h.clause.doc_id, with_text=True)
        assert doc.text[h.clause.start:h.clause.end] == h.clause.text
        assert h.clause.source.endswith(".txt")
        for a, b in h.highlights:
            assert doc.text[a:b] == "技能大师工作室"
        assert "«技能大师工作室»" in h.snippet


def test_whole_word_hits_rank_above_character_hits(store):
    hits = search(store, "大师", limit=5).hits
    assert "大师" in hits[0].clause.text and hits[0].clause.score >= hits[-1].clause.score


def test_city_filter(store):
    some = search(store, "技能大师工作室", limit=50).hits
    city = some[0].clause.city
    filtered = search(store, "技能大师工作室", filters=ClauseFilters(city=city), limit=50).hits
    assert filtered and {h.clause.city for h in filtered} == {city}


def test_kind_filter_keeps_clauses_holding_that_record(store):
    hits = search(store, "奖励", filters=ClauseFilters(kind="subsidy"), limit=50).hits
    assert hits and all("subsidy" in h.kinds for h in hits)


def test_unit_filter_keeps_tasks_of_that_unit(store):
    any_hits = search(store, "培训", limit=500).hits
    hits = search(store, "培训", filters=ClauseFilters(unit="人力资源社会保障局"), limit=500).hits
    assert hits and len(hits) < len(any_hits)


def test_query_without_searchable_characters_returns_nothing(store):
    assert search(store, "，。、").hits == []


@pytest.mark.parametrize("query, expected", [
    ("大师", 'chars : "大师"'),
    ('"新型学徒制"', 'chars : "新型 型学 学徒 徒制"'),
    ("1+X证书", '(words : ("·1 ·x证书") OR chars : "1x x证 证书")'),
    ('订单班 “双师型”', 'chars : "双师 师型" AND chars : "订单 单班"'),
    ("匠", 'chars : "匠"'),
    ("技能培训补贴", '(words : ("·技能" AND "·培训补贴") OR chars : "技能 能培 培训 训补 补贴")'),
], ids=["word", "quoted", "ascii-mix", "mixed-quotes", "one-char", "several-words"])
def test_match_expression(query, expected):
    # · stands for WORD_MARK, which starts every token of the words column (a word the index
    # splits, as 1+X证书, is a phrase of its tokens)
    assert match_expression(parse_query(query)) == expected.replace("·", WORD_MARK)


@pytest.mark.parametrize("query, expected", [
    ("大师", 'words : ("·大师")'),
    ("技能人才培训", 'words : ("·技能人才" AND "·培训")'),
    ('"产教融合型企业"', 'words : ("·产教融合型企业")'),
    ('"培训补贴标准"', 'chars : "培训 训补 补贴 贴标 标准"'),
], ids=["word", "two-words-anded", "quoted-one-word", "quoted-several-words"])
def test_words_expression(query, expected):
    assert words_expression(parse_query(query)) == expected.replace("·", WORD_MARK)


def test_character_stage_fills_up_after_whole_word_hits(store):
    result = search(store, "型企业", limit=50)
    assert result.fallback is not None and "NOT" in result.fallback


def test_snippet_window_marks_and_ellipses():
    text = "一" * 100 + "技能大师工作室" + "二" * 100
    snippet, start, end = make_snippet(text, [(100, 107)], width=40)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "«技能大师工作室»" in snippet
    assert start <= 100 and end >= 107 and end - start == 40


@pytest.mark.parametrize("phrase", ["技能大师", "师工作", "人才", "市级", "一次性", "1+X"])
def test_a_quoted_phrase_finds_exactly_the_clauses_holding_it(store, phrase):
    # Quoted phrases of several jieba words are matched as a run of characters (a phrase of
    # the chars column's bigrams); punctuation between the characters does not count.
    from policyintel.nlp import segment

    def run(text):
        return "".join(segment.iter_chars(text)).lower()

    wanted = {cid for cid, text in store.conn.execute("SELECT id, text FROM clauses")
              if run(phrase) in run(text)}
    hits = search(store, f'"{phrase}"', limit=1000).hits
    assert wanted and {h.clause.id for h in hits} == wanted


def test_a_result_shows_its_expressions_without_the_word_mark(store):
    result = search(store, "型企业", limit=50)
    assert WORD_MARK in result.match  # what ran
    shown = result.to_dict()
    assert shown["match"] == result.match.replace(WORD_MARK, "") and "words : (" in shown["match"]
    assert WORD_MARK not in shown["fallback"] and "NOT" in shown["fallback"]


@pytest.mark.parametrize("side", ["from", "to"])
def test_a_year_range_open_on_one_side_keeps_the_clauses_of_those_years(store, side):
    years = dict(store.conn.execute("SELECT id, year FROM documents"))
    middle = sorted(y for y in years.values() if y)[len(years) // 2]
    everything = search(store, "培训", limit=500).hits
    kept = {h.clause.id for h in everything if years[h.clause.doc_id] is not None
            and (years[h.clause.doc_id] >= middle if side == "from"
                 else years[h.clause.doc_id] <= middle)}
    assert 0 < len(kept) < len(everything)
    f = ClauseFilters(year_from=middle) if side == "from" else ClauseFilters(year_to=middle)
    assert {h.clause.id for h in search(store, "培训", filters=f, limit=500).hits} == kept


def test_a_year_range_outside_the_index_finds_nothing_without_searching(store, monkeypatch):
    low, high = store.year_range()
    monkeypatch.setattr(store, "search_clauses", None)  # a stage run would fail
    assert search(store, "培训", filters=ClauseFilters(year_from=high + 1)).hits == []
    assert search(store, "培训", filters=ClauseFilters(year_to=low - 1)).hits == []
    assert search(store, "培训", filters=ClauseFilters(year_from=2030, year_to=2020)).hits == []
