"""Windowed BM25 ranking: FTS rowids ordered by clause length, the window builders, and search
answers that stay right when the window is small or BM25 is skipped."""

from __future__ import annotations

import sqlite3

import pytest
from policyintel.errors import StoreError
from policyintel.index import ranking, schema
from policyintel.index import search as search_module
from policyintel.index.prepare import WORD_MARK, clause_id_of, fts_columns, fts_rowid
from policyintel.index.queries import ClauseFilters
from policyintel.index.search import search
from policyintel.nlp import segment


@pytest.mark.parametrize("text", [
    "支持建设国家级技能大师工作室，给予一次性资助50万元。",
    "推行1+X证书制度，开展Ａ级职业技能等级认定。",
    "（三）市人社局、市财政局按职责分工负责。",
], ids=["grant", "ascii-and-fullwidth", "units"])
def test_index_words_are_the_tokens_fts5_stores(text):
    # The token count orders rowids and is the row length BM25 uses: it must be FTS5's own.
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(words, chars, "
                 "tokenize='unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'instance')")
    words, chars, n_tokens = fts_columns(text, "c宜宾 ksubsidy")
    conn.execute("INSERT INTO f (rowid, words, chars) VALUES (1, ?, ?)", (words, chars))
    stored = [t for (t,) in conn.execute(
        "SELECT term FROM v WHERE col = 'words' ORDER BY offset")]
    assert stored == [WORD_MARK + w for w in segment.index_words(text)]
    (n_chars,) = conn.execute("SELECT COUNT(*) FROM v WHERE col = 'chars'").fetchone()
    assert n_tokens == len(stored) + n_chars + 2
    # The two columns share no term: a word's posting list holds only the clauses with the word.
    by_column = {col: {t for (t,) in conn.execute("SELECT term FROM v WHERE col = ?", (col,))}
                 for col in ("words", "chars")}
    assert not by_column["words"] & by_column["chars"]
    assert all(t.startswith(WORD_MARK) for t in by_column["words"])


def test_fts_rowid_orders_by_length_and_keeps_the_clause_id():
    short, long_ = fts_rowid(900, 12), fts_rowid(3, 80)
    assert short < long_
    assert clause_id_of(short) == 900 and clause_id_of(long_) == 3
    with pytest.raises(StoreError):
        fts_rowid(1 << 32, 5)


def _window(store, match: str, window: int) -> list[tuple[int, float]]:
    """The first ``window`` matches in rowid order with their BM25 rank, read straight."""
    return store.conn.execute(
        "SELECT rowid, rank FROM clause_fts WHERE clause_fts MATCH ? ORDER BY rowid LIMIT ?",
        (match, window)).fetchall()


def _run(store, sql_params) -> list[tuple[int, float | None]]:
    sql, params = sql_params
    rows = store.conn.execute(sql, params).fetchall()
    return [(r["id"], r["score"]) for r in rows]


@pytest.mark.parametrize("word", ["培训", "企业", "技能"])
def test_a_window_ranks_the_shortest_matches_by_bm25(store, word):
    match = f'words : ("{WORD_MARK}{word}")'
    window = _window(store, match, 7)
    assert len(window) == 7  # the word matches more clauses than the window holds
    best = sorted(window, key=lambda r: r[1])
    expected = [(clause_id_of(rowid), rank) for rowid, rank in best]
    assert _run(store, ranking.ranked_sql(match, ClauseFilters(), window=7, limit=3)) == expected[:3]
    assert _run(store, ranking.ranked_sql(match, ClauseFilters(), window=7, limit=3,
                                          offset=3)) == expected[3:6]


def test_a_window_is_filtered_after_it_is_read(store):
    # A join filter (a year range open on one side) keeps what it keeps of the window; it does
    # not move the window further down the matches.
    match = f'words : ("{WORD_MARK}培训")'
    years = dict(store.conn.execute("SELECT id, year FROM documents"))
    doc_of = dict(store.conn.execute("SELECT id, doc_id FROM clauses"))
    year = sorted(y for y in years.values() if y)[len(years) // 2]
    window = _window(store, match, 40)
    kept = sorted((r for r in window if (years[doc_of[clause_id_of(r[0])]] or 0) >= year),
                  key=lambda r: r[1])
    assert 0 < len(kept) < len(window)
    got = _run(store, ranking.ranked_sql(match, ClauseFilters(year_from=year), window=40,
                                         limit=100))
    assert got == [(clause_id_of(rowid), rank) for rowid, rank in kept]


def test_unranked_rows_come_in_rowid_order_without_score(store):
    match = f'words : ("{WORD_MARK}企业")'
    rowids = [r[0] for r in _window(store, match, 12)]
    got = _run(store, ranking.ranked_sql(match, ClauseFilters(), window=None, ranked=False,
                                         limit=5, offset=4))
    assert got == [(clause_id_of(r), None) for r in rowids[4:9]]


def test_ranking_builders_prepare_against_the_schema():
    conn = sqlite3.connect(":memory:")
    schema.migrate(conn)
    for sql, params in [
            ranking.window_bound_sql('words : "大师"', 10),
            ranking.ranked_sql('words : "大师"', ClauseFilters(), window=5),
            ranking.ranked_sql('words : "大师"', ClauseFilters(unit="局"), window=3),
            ranking.ranked_sql('words : "大师"', ClauseFilters(unit="局"), window=None, ranked=False),
            ranking.term_df_sql(("words", "chars"), ["大师", "工作室"])]:
        conn.execute(sql, params).fetchall()


def test_term_frequencies_count_clauses(store):
    word, absent = WORD_MARK + "技能大师工作室", WORD_MARK + "不存在的词"
    df = store.term_frequencies([word, absent], ("words",))
    assert df[absent] == 0
    assert df[word] == len(search(store, "技能大师工作室", limit=500).hits)
    # A word of the words column is its own term, never the characters that spell it.
    word = WORD_MARK + "技能"
    chars = store.term_frequencies(["技", "能", "技能"], ("chars",))
    assert all(n > 0 for n in chars.values())
    assert store.term_frequencies(["技", "能", "技能"], ("words", "chars")) == chars
    assert store.term_frequencies([word], ("chars",)) == {word: 0}
    assert store.term_frequencies([word], ("words",))[word] > 0


@pytest.mark.parametrize("query", ["培训", "企业 奖励", '"产教融合型企业"', "匠"],
                         ids=["word", "two-words", "phrase", "one-char"])
def test_a_small_window_still_gives_right_answers(store, monkeypatch, query):
    full = search(store, query, limit=30).hits
    monkeypatch.setattr(ranking, "WINDOW", 3)
    small = search(store, query, limit=30).hits
    assert len(small) == len(full)
    terms = [t.strip('"') for t in query.split()]
    assert all(all(t in h.clause.text for t in terms) for h in small)
    assert all(h.clause.score is not None for h in small)


def test_a_small_window_widens_when_join_filters_thin_it(store, monkeypatch):
    unit = ClauseFilters(unit="人力资源社会保障局")
    full = search(store, "培训", filters=unit, limit=10).hits
    assert full
    monkeypatch.setattr(ranking, "WINDOW", 2)
    assert len(search(store, "培训", filters=unit, limit=10).hits) == len(full)


def test_over_budget_queries_come_shortest_first_without_score(store, monkeypatch):
    ranked = search(store, "培训", limit=20).hits
    monkeypatch.setattr(search_module, "RANK_BUDGET", 0)
    hits = search(store, "培训", limit=20).hits
    assert len(hits) == len(ranked) and all("培训" in h.clause.text for h in hits)
    assert all(h.clause.score is None for h in hits)
    lengths = [len(segment.index_words(h.clause.text)) + len(list(segment.iter_chars(h.clause.text)))
               for h in hits]
    assert lengths[0] <= lengths[-1]


def _prepared(path: str, text: str):
    from policyintel.index.measures import Taxonomy
    from policyintel.index.prepare import prepare_document
    from policyintel.ingest import from_text

    doc = from_text(text)
    return prepare_document(doc, [], path=path, content_hash=path, taxonomy=Taxonomy.load())


def _found(store, word: str) -> set[str]:
    return {h.clause.text for h in search(store, word, limit=50).hits}


@pytest.mark.parametrize("batch", [1, 100_000], ids=["flush-every-savepoint", "flush-at-commit"])
def test_buffered_fts_rows_follow_commits_and_rollbacks(tmp_path, monkeypatch, batch):
    from policyintel.index import sqlite as sqlite_module
    from policyintel.index.sqlite import SQLiteStore

    monkeypatch.setattr(sqlite_module, "FTS_BATCH", batch)
    with SQLiteStore(tmp_path / "b.db", create=True) as store:
        with store.atomic():
            with store.atomic():
                store.put_document(_prepared("/a.txt", "支持建设技能大师工作室。\n开展职业技能培训。"))
            with pytest.raises(RuntimeError), store.atomic():
                store.put_document(_prepared("/b.txt", "新建公共实训基地三个。"))
                raise RuntimeError("the document fails after its rows were written")
            with store.atomic():
                store.put_document(_prepared("/c.txt", "落实创业担保贷款贴息政策。"))
        assert _found(store, "技能大师工作室") == {"支持建设技能大师工作室。"}
        assert _found(store, "公共实训基地") == set()
        assert _found(store, "创业担保贷款") == {"落实创业担保贷款贴息政策。"}
        with store.atomic():  # replace a document: its old rows leave the index
            store.put_document(_prepared("/a.txt", "推进新型学徒制培训。"))
        assert _found(store, "技能大师工作室") == set()
        assert _found(store, "新型学徒制") == {"推进新型学徒制培训。"}
        # FTS5 raises SQLITE_CORRUPT_VTAB if its index disagrees with itself.
        store.conn.execute("INSERT INTO clause_fts (clause_fts, rank) VALUES ('integrity-check', 0)")


def test_document_replaced_in_the_same_transaction_leaves_no_rows(tmp_path):
    from policyintel.index.sqlite import SQLiteStore

    with SQLiteStore(tmp_path / "r.db", create=True) as store:
        with store.atomic():
            store.put_document(_prepared("/a.txt", "支持建设技能大师工作室。"))
            store.put_document(_prepared("/a.txt", "开展职业技能等级认定。"))
        assert _found(store, "技能大师工作室") == set()
        assert _found(store, "技能等级认定") == {"开展职业技能等级认定。"}


def test_filter_tags_are_those_the_match_adds():
    from policyintel.index.search import filter_tags

    f = ClauseFilters(city="宜宾", kind="subsidy", year_from=2022, year_to=2023, unit="财政局")
    assert filter_tags(f) == ["c宜宾", "ksubsidy", "y2022", "y2023"]
    assert all(f'"{t}"' in ranking.filtered_match("x", f)[0] for t in filter_tags(f))


def test_a_common_filter_tag_counts_against_the_budget(store, monkeypatch):
    from policyintel.index.search import parse_query, plan_stage

    terms = parse_query("技能大师工作室")
    (kind_df,) = store.conn.execute(
        "SELECT df FROM fts_terms WHERE col = 'tags' AND term = 'ktarget'").fetchone()
    (word_df,) = store.conn.execute(
        "SELECT SUM(df) FROM fts_terms WHERE term = ?", (WORD_MARK + "技能大师工作室",)).fetchone()
    monkeypatch.setattr(search_module, "RANK_BUDGET", word_df + kind_df - 1)
    assert plan_stage(store, terms, ClauseFilters(), stage=1).ranked
    assert not plan_stage(store, terms, ClauseFilters(kind="target"), stage=1).ranked


QUERIES = ["培训", "技能 补贴", "技能大师工作室", '"职业技能培训"', "匠", "1+X证书", "不存在的词 培训",
           "人社局 资金", "实训基地 建设"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("stage", [1, 2])
def test_a_stage_plan_bounds_the_matches(store, query, stage):
    from policyintel.index.search import match_expression, parse_query, plan_stage, words_expression

    terms = parse_query(query)
    expression = words_expression(terms) if stage == 1 else match_expression(terms)
    (matches,) = store.conn.execute(
        "SELECT COUNT(*) FROM clause_fts WHERE clause_fts MATCH ?", (expression,)).fetchone()
    most = plan_stage(store, terms, ClauseFilters(), stage=stage).most
    assert most is not None and matches <= most
    if query.startswith("不存在的词"):
        assert most == 0


def test_a_stage_bounded_within_the_window_is_ranked_whole(store, monkeypatch):
    # 技能大师工作室 matches fewer clauses than the window holds: the stage is ranked whole
    # (no window), and its hits are those of an exact ranking.
    window = []
    real = ranking.ranked_sql
    monkeypatch.setattr(ranking, "ranked_sql", lambda *a, **k: window.append(k["window"]) or real(*a, **k))
    hits = [(h.clause.id, h.clause.score) for h in search(store, "技能大师工作室", limit=10).hits]
    assert window[0] is None
    monkeypatch.setattr(ranking, "WINDOW", 10**6)
    assert [(h.clause.id, h.clause.score) for h in search(store, "技能大师工作室", limit=10).hits] == hits


def test_counts_from_before_an_upload_do_not_hide_its_clauses(tmp_path):
    # fts_terms is recounted by builds; a document written since must still be found.
    from policyintel.index.sqlite import SQLiteStore

    with SQLiteStore(tmp_path / "u.db", create=True) as store:
        with store.atomic():
            store.put_document(_prepared("/a.txt", "开展职业技能培训。"))
            store.refresh_term_stats()
        with store.atomic():
            store.put_document(_prepared("/b.txt", "新建高技能人才培养基地。"))
        assert _found(store, "高技能人才") == {"新建高技能人才培养基地。"}


@pytest.mark.parametrize("word", ["培训", "技能", "企业", "补贴", "人才", "实训基地", "职业技能"])
def test_a_one_word_term_in_stage_2_is_its_character_run(store, word):
    # Stage 2 searches a term of one word by its characters alone: the clauses holding the
    # word are among those holding its characters in a run.
    from policyintel.index.search import _chars, match_expression, parse_query

    (term,) = parse_query(word)
    assert term.one_word and match_expression([term]) == _chars(term)

    def clauses(expression: str) -> set[int]:
        return {r for (r,) in store.conn.execute(
            "SELECT rowid FROM clause_fts WHERE clause_fts MATCH ?", (expression,))}

    with_words = clauses(f'words : ("{WORD_MARK}{word}") OR {_chars(term)}')
    assert with_words and clauses(_chars(term)) == with_words


def test_a_term_of_several_words_keeps_them_in_stage_2():
    from policyintel.index.search import match_expression, parse_query

    (term,) = parse_query("1+X证书")
    assert not term.one_word and "words" in match_expression([term])
