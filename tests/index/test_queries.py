"""Query builders alone: each returns (sql, params) and touches no database."""

from __future__ import annotations

import sqlite3

import pytest
from policyintel.errors import ConfigError
from policyintel.index import queries, schema
from policyintel.index.queries import ClauseFilters, RecordQuery


def test_records_sql_without_filters_orders_by_document():
    sql, params = queries.records_sql(RecordQuery(limit=10))
    assert "WHERE" not in sql
    assert sql.endswith("ORDER BY r.doc_id, r.start, r.id LIMIT ?")
    assert params == [10]


def test_records_sql_filters_travel_as_parameters():
    q = RecordQuery(kind="subsidy", city="宜宾", level="国家级", amount_min=100000, unit="人社局",
                    limit=5, offset=10)
    sql, params = queries.records_sql(q)
    assert "r.kind = ?" in sql and "s.level = ?" in sql
    assert "r.doc_id IN (SELECT id FROM documents WHERE city = ?)" in sql
    assert "s.amount_yuan >= ?" in sql
    assert "宜宾" not in sql and "人社局" not in sql
    assert params == ["subsidy", "宜宾", "国家级", 100000, "人社局", "人社局", 5, 10]


def test_records_sql_year_covers_deadline_achievement_and_document_year():
    sql, params = queries.records_sql(RecordQuery(year=2027))
    assert "COALESCE(t.deadline_year, a.year, d.year) = ?" in sql
    assert params[0] == 2027


def test_records_count_has_no_order_or_limit():
    sql, params = queries.records_sql(RecordQuery(kind="target", limit=3), count=True)
    assert sql.startswith("SELECT COUNT(*)") and "LIMIT" not in sql
    assert params == ["target"]


def test_records_count_joins_only_the_tables_its_filters_name():
    assert queries.count_sql(RecordQuery()) == ("SELECT COUNT(*) FROM records r", [])
    sql, params = queries.count_sql(RecordQuery(kind="subsidy", city="宜宾", amount_min=5e5))
    assert "JOIN subsidies s" in sql and "targets" not in sql and "JOIN documents" not in sql
    assert params == ["subsidy", "宜宾", 5e5]
    sql, _ = queries.count_sql(RecordQuery(year_from=2025))
    assert "JOIN documents d" in sql and "JOIN targets t" in sql and "subsidies" not in sql


def test_document_order_cursor_under_a_document_filter_is_spelt_out():
    cursor = queries.encode_cursor([12, 340, 5678])
    sql, params = queries.records_sql(RecordQuery(kind="target", city="宜宾", cursor=cursor,
                                                  limit=50))
    assert "(r.doc_id > ? OR (r.doc_id = ? AND (r.start, r.id) > (?, ?)))" in sql
    assert params == ["target", "宜宾", 12, 12, 12, 340, 5678, 50]
    sql, params = queries.records_sql(RecordQuery(kind="target", cursor=cursor, limit=50))
    assert "(r.doc_id, r.start, r.id) > (?, ?, ?)" in sql
    assert params == ["target", 12, 340, 5678, 50]


@pytest.mark.parametrize("descending", [False, True])
def test_a_cursor_page_reads_the_documents_from_the_cursor_on(descending):
    # Without the bound, SQLite read and skipped every record of the city's documents before
    # the cursor's: a page cost more the further down the list it was.
    conn = sqlite3.connect(":memory:")
    schema.migrate(conn)
    cursor = queries.encode_cursor([12, 340, 5678])
    sql, params = queries.records_sql(RecordQuery(city="宜宾", cursor=cursor, limit=50,
                                                  descending=descending), payload=True)
    plan = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    assert f"(city=? AND rowid{'<' if descending else '>'}?)" in plan, plan
    assert "SEARCH r USING INDEX records_doc_start (doc_id=?)" in plan, plan


def test_cursor_replaces_offset_with_a_keyset_condition():
    cursor = queries.encode_cursor([700000.0, 42])
    sql, params = queries.records_sql(RecordQuery(sort="amount", descending=True, cursor=cursor,
                                                  offset=99, limit=20))
    assert "(COALESCE(s.amount_yuan, -1), r.id) < (?, ?)" in sql
    assert "OFFSET" not in sql
    assert params == [700000.0, 42, 20]


@pytest.mark.parametrize("query", [RecordQuery(kind="policy"), RecordQuery(sort="random"),
                                   RecordQuery(cursor="not-a-cursor"),
                                   RecordQuery(unit="财政局", unit_role="boss")],
                         ids=["bad kind", "bad sort", "bad cursor", "bad role"])
def test_records_sql_rejects_bad_input(query):
    with pytest.raises(ConfigError):
        queries.records_sql(query)


def test_search_sql_folds_tag_filters_into_the_match():
    sql, params = queries.search_sql('chars : "大 师"', ClauseFilters(city="达州", kind="target",
                                                                   year_from=2023, year_to=2025),
                                     limit=5)
    assert "JOIN" in sql and "WHERE clause_fts MATCH ? ORDER BY rank" in sql
    assert params == [('(chars : "大 师") AND tags : "c达州" AND tags : "ktarget" AND '
                      'tags : ("y2023" OR "y2024" OR "y2025")'), 5, 0]


def test_search_sql_open_year_range_is_a_join_filter():
    sql, params = queries.search_sql("x", ClauseFilters(year_from=2023, doc_type="measures"))
    assert "clause_fts MATCH ? AND d.year >= ?" in sql and "ORDER BY clause_fts.rank" in sql
    assert params == ['(x) AND tags : "tmeasures"', 2023, 20, 0]


def test_search_sql_without_filters_ranks_inside_fts_before_joining():
    sql, params = queries.search_sql('words : ("大师")', ClauseFilters(), limit=10, offset=20)
    assert "(SELECT rowid, rank FROM clause_fts WHERE clause_fts MATCH ? ORDER BY rank" in sql
    assert params == ['words : ("大师")', 10, 20]


def test_search_sql_excludes_ids():
    sql, params = queries.search_sql("x", ClauseFilters(), exclude=(3, 5))
    assert "c.id NOT IN (?, ?)" in sql and params == ["x", 3, 5, 20, 0]


def test_search_sql_unit_filter_looks_at_the_clause_task():
    sql, params = queries.search_sql("x", ClauseFilters(unit="市人社局"))
    assert "r2.scope = c.paragraph" in sql
    assert params == ["x", "市人社局", "市人社局", 20, 0]


@pytest.mark.parametrize("value, tag", [("宜宾", "c宜宾"), ("proposal_reply", "tproposalreply"),
                                        ("Nan Tong", "cnantong")], ids=["cjk", "underscore", "space"])
def test_filter_tags_are_single_tokens(value, tag):
    from policyintel.index.prepare import filter_tag

    assert filter_tag(tag[0], value) == tag


def test_bare_fts_sql_is_match_alone():
    assert queries.bare_fts_sql("x") == ("SELECT rowid FROM clause_fts WHERE clause_fts MATCH ?",
                                         ["x"])


def test_every_builder_prepares_against_the_schema():
    conn = sqlite3.connect(":memory:")
    schema.migrate(conn)
    built = [queries.records_sql(RecordQuery(unit="财政局", measure="订单班", year_from=2020)),
             queries.records_sql(RecordQuery(), count=True),
             queries.count_sql(RecordQuery(kind="target", city="x", doc_type="y", year=2024,
                                           level="省级", unit="局", measure="订单班")),
             queries.records_sql(RecordQuery(city="x", descending=True,
                                             cursor=queries.encode_cursor([1, 2, 3]))),
             queries.search_sql('chars : "师"', ClauseFilters(unit="局", kind="subsidy", city="x")),
             queries.compare_sql("技能大师工作室"), queries.units_sql([1, 2]),
             queries.record_measures_sql([1]), queries.clause_kinds_sql([3]),
             queries.bare_fts_sql('words : "大师"')]
    for sql, params in built:
        conn.execute(sql, params).fetchall()
