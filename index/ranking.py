"""Ranked clause search that stays fast when a query matches a large part of the index.

FTS5 ranks by computing BM25 for every matching row (about 1 µs each), so a common word such as
企业, matching 177,000 of a million clauses, costs 180 ms to rank whatever the LIMIT. The FTS
rowid of a clause is ``(its length in tokens << 32) | its id`` (``prepare.fts_rowid``), so a
posting list runs from the shortest clauses to the longest. A search therefore ranks a *window*:
the first ``window`` matches in rowid order — the shortest matching clauses, which are the ones
BM25 scores highest when a term occurs once — with FTS5's own BM25 (global statistics, so the
scores are the ones a full ranking gives them). When a query has fewer matches than the window,
the ranking is exact; otherwise a longer clause in which a term recurs may be missed from the top.

Queries whose BM25 set-up alone is expensive (FTS5 counts every phrase over the whole index to
get its IDF, about 25-50 ns a posting: index/search.py RANK_BUDGET) are not ranked by BM25 but
returned shortest clause first, with no score.

Builders here are pure: ``(sql, params)``, no database.
"""

from __future__ import annotations

from typing import Any

from policyintel.index.queries import _UNIT_MATCH as UNIT_MATCH
from policyintel.index.queries import ClauseFilters, tag_expression

# Matches ranked per query (≈ 1 µs each). On 1,200 distinct queries over the 10,000-document
# bench index (bench/bench_index.py ranking_quality), the top 20 of a 200-match window scored
# 0.9967 of an exact ranking's BM25 and a 2,000-match window 0.9975, at 1.7 ms a search
# against 2.7 ms: the matches past the shortest 200 rarely reach the top.
WINDOW = 200
ID_MASK = (1 << 32) - 1  # the clause id inside an FTS rowid (prepare.fts_rowid)

_CLAUSE_COLUMNS = ('c.id, c.doc_id, c.start, c."end", c.text, c.section_path, d.source, d.city,'
                   " d.doc_type, d.date, d.title")


def filtered_match(match: str, f: ClauseFilters) -> tuple[str, list[str], list[Any]]:
    """``(match with the tag filters folded in, join conditions, their params)``."""
    where: list[str] = []
    params: list[Any] = []
    tags = tag_expression(f)
    if tags:
        match = f"({match}) AND {tags}"
    if f.year_from is not None and f.year_to is None:
        where.append("d.year >= ?")
        params.append(f.year_from)
    if f.year_to is not None and f.year_from is None:
        where.append("d.year <= ?")
        params.append(f.year_to)
    if f.unit:
        where.append("EXISTS (SELECT 1 FROM records r2 JOIN record_units u ON u.record_id = r2.id"
                     " WHERE r2.doc_id = c.doc_id AND r2.scope = c.paragraph"
                     f" AND {UNIT_MATCH})")
        params += [f.unit, f.unit]
    return match, where, params


def window_bound_sql(match: str, window: int) -> tuple[str, list[Any]]:
    """The rowid of the ``window``-th match in rowid order (no row: fewer matches)."""
    return ("SELECT rowid FROM clause_fts WHERE clause_fts MATCH ? LIMIT 1 OFFSET ?",
            [match, window - 1])


def ranked_sql(match: str, f: ClauseFilters, *, window: int | None, ranked: bool = True,
               limit: int = 20, offset: int = 0, exclude: tuple[int, ...] = (),
               ) -> tuple[str, list[Any]]:
    """Clauses matching ``match`` under ``f``: by BM25 among the first ``window`` matches in
    rowid order (None: all), or (``ranked=False``) shortest first with a NULL score.

    A window is read in one pass: FTS5 walks the matches in rowid order, scoring each, and stops
    at the window's end; the filters outside FTS5 and the ordering by score apply to those rows.
    (Bounding the window's rowid first, then letting FTS5 order by rank, walked the matches
    twice: 0.68-0.80 ms a stage against 0.34-0.36 on the bench index, same rows and scores.)"""
    match, where, params = filtered_match(match, f)
    if exclude:
        where.append(f"c.id NOT IN ({', '.join('?' * len(exclude))})")
        params += list(exclude)
    joins = (f" JOIN clauses c ON c.id = (f.rowid & {ID_MASK})"
             " JOIN documents d ON d.id = c.doc_id")
    if ranked and window is not None:
        scored = ("(SELECT rowid, rank AS score FROM clause_fts WHERE clause_fts MATCH ?"
                  " ORDER BY rowid LIMIT ?)")
        if not where:  # only the page's rows are joined
            sql = (f"SELECT {_CLAUSE_COLUMNS}, f.score FROM (SELECT rowid, score FROM {scored}"
                   f" ORDER BY score LIMIT ? OFFSET ?) f{joins} ORDER BY f.score")
            return sql, [match, window, limit, offset]
        sql = (f"SELECT {_CLAUSE_COLUMNS}, f.score FROM {scored} f{joins}"
               f" WHERE {' AND '.join(where)} ORDER BY f.score LIMIT ? OFFSET ?")
        return sql, [match, window, *params, limit, offset]
    order = "rank" if ranked else "rowid"
    score = "rank" if ranked else "NULL"
    if not where:
        sql = (f"SELECT {_CLAUSE_COLUMNS}, f.score FROM (SELECT rowid, {score} AS score, "
               f"{order} AS o FROM clause_fts WHERE clause_fts MATCH ? ORDER BY {order}"
               f" LIMIT ? OFFSET ?) f{joins} ORDER BY f.o")
        return sql, [match, limit, offset]
    score = "clause_fts.rank" if ranked else "NULL"
    sql = (f"SELECT {_CLAUSE_COLUMNS}, {score} AS score FROM clause_fts"
           f" JOIN clauses c ON c.id = (clause_fts.rowid & {ID_MASK})"
           " JOIN documents d ON d.id = c.doc_id"
           f" WHERE clause_fts MATCH ? AND {' AND '.join(where)}"
           f" ORDER BY clause_fts.{order} LIMIT ? OFFSET ?")
    return sql, [match, *params, limit, offset]


def term_df_sql(cols: tuple[str, ...], terms: list[str]) -> tuple[str, list[Any]]:
    """Document frequencies of ``terms`` summed over FTS columns ``cols`` (from ``fts_terms``)."""
    col_marks, marks = ", ".join("?" * len(cols)), ", ".join("?" * len(terms))
    sql = (f"SELECT term, SUM(df) FROM fts_terms WHERE term IN ({marks})"
           f" AND col IN ({col_marks}) GROUP BY term")
    return sql, [*terms, *cols]
