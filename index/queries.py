"""Query specifications and the builders that turn them into ``(sql, params)``.

Builders are pure: they touch no database, so each is tested alone on its SQL and parameters.
Values always travel as parameters, never formatted into the SQL.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from policyintel.errors import ConfigError

KINDS = ("target", "achievement", "subsidy", "responsibility")
# BM25 weights of the FTS columns (a whole-word hit counts more than a character run) are set
# as the FTS table's rank function in schema migration 2.


@dataclass(frozen=True, slots=True)
class ClauseFilters:
    """Filters on search results. ``unit`` matches a responsible unit of the clause's task,
    canonical or as written (substring)."""

    city: str | None = None
    doc_type: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    kind: str | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class RecordQuery:
    """Filters, order and page of a records query.

    ``year`` matches a target's deadline year, an achievement's year, else the document's year.
    ``unit`` matches a unit (canonical or as written, substring) of the record or of a
    responsibility in the same task. ``sort`` is one of ``SORTS``; ``cursor`` continues a page
    (keyset: the page after the cursor's sort key, however deep). ``count_total=False`` skips
    counting every match for the page's total.
    """

    kind: str | None = None
    city: str | None = None
    doc_type: str | None = None
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    unit: str | None = None
    unit_role: str | None = None  # lead | partner | None (either)
    level: str | None = None
    amount_min: float | None = None
    amount_max: float | None = None
    measure: str | None = None
    doc_id: int | None = None
    sort: str = "document"
    descending: bool = False
    limit: int = 100
    offset: int = 0
    cursor: str | None = None
    count_total: bool = True  # False: a page leaves its total uncounted (None)


_YEAR_EXPR = "COALESCE(t.deadline_year, a.year, d.year)"
_AMOUNT_EXPR = "s.amount_yuan"
# Each sort is a tuple of expressions; r.id last makes the order total (needed by cursors).
SORTS: dict[str, tuple[str, ...]] = {
    "document": ("r.doc_id", "r.start", "r.id"),
    "amount": ("COALESCE(s.amount_yuan, -1)", "r.id"),
    "value": ("COALESCE(t.value, a.value, -1)", "r.id"),
    "year": (f"COALESCE({_YEAR_EXPR}, 0)", "r.id"),
    "city": ("COALESCE(d.city, '')", "r.doc_id", "r.start", "r.id"),
}

# The columns of a record row, by the table they come from (r, d, then each kind's own).
_COLUMNS = {
    "r": ('r.id, r.kind, r.doc_id, r.start, r."end", r.text, r.section_path, r.clause_id, '
          "r.sentence_start, r.sentence_end, r.confidence, r.scope"),
    "d": "d.source, d.city, d.doc_type, d.date, d.year AS doc_year, d.title",
    "t": ("t.metric AS t_metric, t.value AS t_value, t.unit AS t_unit, t.comparator, "
          "t.deadline_year, t.scope AS t_scope, t.recurring, t.plan_end_year"),
    "a": "a.metric AS a_metric, a.value AS a_value, a.unit AS a_unit, a.year AS a_year",
    "s": "s.recipient, s.level, s.amount_yuan, s.is_cap, s.ratio, s.per, s.form",
}
_KIND_TABLE = {"target": "t", "achievement": "a", "subsidy": "s"}
_SORT_TABLES = {"document": set(), "amount": {"s"}, "value": {"t", "a"},
                "year": {"t", "a", "d"}, "city": {"d"}}
RECORD_COLUMNS = ", ".join(_COLUMNS.values())

RECORD_FROM = """records r JOIN documents d ON d.id = r.doc_id
 LEFT JOIN targets t ON t.record_id = r.id
 LEFT JOIN achievements a ON a.record_id = r.id
 LEFT JOIN subsidies s ON s.record_id = r.id"""


def _null_columns(table: str) -> str:
    """``table``'s record columns as NULLs under the same names (a table not joined)."""
    names = [c.strip().split(" AS ")[-1].split(".")[-1] for c in _COLUMNS[table].split(",")]
    return ", ".join(f"NULL AS {n}" for n in names)


_UNIT_MATCH = "(instr(u.canonical, ?) > 0 OR instr(u.surface, ?) > 0)"


def _unit_in_task(record_alias: str, role: str | None) -> tuple[str, list[Any]]:
    """EXISTS: a responsibility in the same task (doc, scope) as the record names the unit."""
    role_sql, params = "", []
    if role:
        if role not in ("lead", "partner"):
            raise ConfigError(f"unit role must be lead or partner, not {role!r}")
        role_sql = " AND u.role = ?"
        params.append(role)
    sql = ("EXISTS (SELECT 1 FROM records r2 JOIN record_units u ON u.record_id = r2.id"
           f" WHERE r2.doc_id = {record_alias}.doc_id AND r2.scope = {record_alias}.scope"
           f" AND {_UNIT_MATCH}{role_sql})")
    return sql, params


def _record_filters(q: RecordQuery, *, docs_from: tuple[str, Any] | None = None,
                    ) -> tuple[list[str], list[Any], set[str]]:
    """WHERE terms of ``q``'s filters, their parameters, and the tables they need joined
    (of d, t, a, s). A document filter is a subquery on documents, so the records index
    (kind, doc_id, start) reads a page in order, document by document, and stops at its end;
    ``docs_from`` (an operator and a document id: a cursor's document) starts it there, where
    it would otherwise read and skip every record of the documents before."""
    where: list[str] = []
    params: list[Any] = []
    joins: set[str] = set()
    if q.kind:
        if q.kind not in KINDS:
            raise ConfigError(f"unknown record kind {q.kind!r}; one of {', '.join(KINDS)}")
        where.append("r.kind = ?")
        params.append(q.kind)
    docs = [(f"{column} = ?", value) for column, value in (("city", q.city),
                                                          ("doc_type", q.doc_type))
            if value is not None]
    if docs:
        if docs_from is not None:
            docs.append((f"id {docs_from[0]} ?", docs_from[1]))
        where.append("r.doc_id IN (SELECT id FROM documents WHERE "
                     + " AND ".join(term for term, _ in docs) + ")")
        params += [value for _, value in docs]
    if q.doc_id is not None:
        where.append("r.doc_id = ?")
        params.append(q.doc_id)
    if q.level is not None:
        where.append("s.level = ?")
        params.append(q.level)
        joins.add("s")
    for op, value in (("=", q.year), (">=", q.year_from), ("<=", q.year_to)):
        if value is not None:
            where.append(f"{_YEAR_EXPR} {op} ?")
            params.append(value)
            joins |= {"t", "a", "d"}
    for op, value in ((">=", q.amount_min), ("<=", q.amount_max)):
        if value is not None:
            where.append(f"{_AMOUNT_EXPR} {op} ?")
            params.append(value)
            joins.add("s")
    if q.unit:
        exists, role_params = _unit_in_task("r", q.unit_role)
        where.append(exists)
        params += [q.unit, q.unit, *role_params]
    if q.measure:
        where.append("EXISTS (SELECT 1 FROM record_measures rm JOIN measures m ON m.id = rm.measure_id"
                     " WHERE rm.record_id = r.id AND m.name = ?)")
        params.append(q.measure)
    return where, params, joins


_JOINS = {"d": " JOIN documents d ON d.id = r.doc_id",
          "t": " LEFT JOIN targets t ON t.record_id = r.id",
          "a": " LEFT JOIN achievements a ON a.record_id = r.id",
          "s": " LEFT JOIN subsidies s ON s.record_id = r.id"}


def count_sql(q: RecordQuery) -> tuple[str, list[Any]]:
    """The number of records matching ``q``'s filters (joining only the tables they name)."""
    where, params, joins = _record_filters(q)
    sql = "SELECT COUNT(*) FROM records r" + "".join(_JOINS[t] for t in "dtas" if t in joins)
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql, params


def _keyset(q: RecordQuery, keys: tuple[str, ...], values: list[Any]) -> tuple[str, list[Any]]:
    """The rows after the cursor ``values`` in ``q``'s order."""
    op = "<" if q.descending else ">"
    if q.sort == "document" and (q.city is not None or q.doc_type is not None):
        # Spelt out, so that SQLite still reads the documents' records by (kind, doc_id): the
        # row-value form would make it range-scan every record after the cursor.
        doc, start, rid = values
        return (f"(r.doc_id {op} ? OR (r.doc_id = ? AND (r.start, r.id) {op} (?, ?)))",
                [doc, doc, start, rid])
    return f"({', '.join(keys)}) {op} ({', '.join('?' * len(keys))})", list(values)


def records_sql(q: RecordQuery, *, count: bool = False, payload: bool = False,
                ) -> tuple[str, list[Any]]:
    """SELECT of the records matching ``q`` (or their count), one row per record, in the order
    of ``q.sort`` after ``q.cursor`` (keyset) or ``q.offset``. ``payload``: each row is only
    ``id, payload`` (the record's stored JSON) and the sort key, joining only the tables the
    filters and the order need."""
    if count:
        return count_sql(q)
    if q.sort not in SORTS:
        raise ConfigError(f"unknown sort {q.sort!r}; one of {', '.join(SORTS)}")
    keys = SORTS[q.sort]
    cursor = decode_cursor(q.cursor, len(keys)) if q.cursor else None
    docs_from = None
    if cursor is not None and q.sort == "document":
        docs_from = ("<=" if q.descending else ">=", cursor[0])
    where, params, joins = _record_filters(q, docs_from=docs_from)
    if cursor is not None:
        term, values = _keyset(q, keys, cursor)
        where.append(term)
        params += values
    direction = " DESC" if q.descending else ""
    if payload:
        tables = joins | _SORT_TABLES[q.sort]
        columns = "r.id, r.payload"
    else:
        # A kind's page joins only that kind's table (another kind's columns are NULL in its
        # rows).
        tables = {"d"} | joins | _SORT_TABLES[q.sort]
        tables |= ({_KIND_TABLE[q.kind]} if q.kind in _KIND_TABLE
                   else set() if q.kind else set("tas"))
        columns = ", ".join(_COLUMNS[t] if t in tables or t == "r" else _null_columns(t)
                            for t in _COLUMNS)
    sql = (f"SELECT {columns}, {', '.join(f'{k} AS _k{i}' for i, k in enumerate(keys))}"
           " FROM records r" + "".join(_JOINS[t] for t in "dtas" if t in tables))
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY " + ", ".join(f"{k}{direction}" for k in keys) + " LIMIT ?"
    params.append(q.limit)
    if q.offset and not q.cursor:
        sql += " OFFSET ?"
        params.append(q.offset)
    return sql, params


def encode_cursor(values: list[Any]) -> str:
    """An opaque cursor holding the sort key of the last row of a page."""
    return base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode()


def decode_cursor(cursor: str, n: int) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, UnicodeDecodeError) as e:
        raise ConfigError(f"invalid cursor {cursor!r}") from e
    if not isinstance(values, list) or len(values) != n:
        raise ConfigError(f"invalid cursor {cursor!r} for this sort")
    return values


def units_sql(record_ids: list[int]) -> tuple[str, list[Any]]:
    marks = ", ".join("?" * len(record_ids))
    sql = ("SELECT record_id, role, surface, canonical FROM record_units"
           f" WHERE record_id IN ({marks}) ORDER BY record_id, role, position")
    return sql, list(record_ids)


def record_measures_sql(record_ids: list[int]) -> tuple[str, list[Any]]:
    marks = ", ".join("?" * len(record_ids))
    sql = ("SELECT rm.record_id, m.name FROM record_measures rm JOIN measures m"
           f" ON m.id = rm.measure_id WHERE rm.record_id IN ({marks})"
           " ORDER BY rm.record_id, rm.start, m.name")
    return sql, list(record_ids)


def tag_expression(f: ClauseFilters) -> str:
    """The filters the ``tags`` FTS column answers (city, type, kind, a closed year range)."""
    from policyintel.index.prepare import filter_tag

    parts = []
    for prefix, value in (("c", f.city), ("t", f.doc_type)):
        tag = filter_tag(prefix, value)
        if tag:
            parts.append(f'tags : "{tag}"')
    if f.kind:
        if f.kind not in KINDS:
            raise ConfigError(f"unknown record kind {f.kind!r}; one of {', '.join(KINDS)}")
        parts.append(f'tags : "{filter_tag("k", f.kind)}"')
    if f.year_from is not None and f.year_to is not None:
        years = range(f.year_from, f.year_to + 1)
        parts.append("tags : (" + " OR ".join(f'"y{y}"' for y in years) + ")" if years
                     else 'tags : "y"')
    return " AND ".join(parts)


_CLAUSE_COLUMNS = ('c.id, c.doc_id, c.start, c."end", c.text, c.section_path, d.source, d.city,'
                   " d.doc_type, d.date, d.title")


def search_sql(match: str, f: ClauseFilters, *, limit: int = 20, offset: int = 0,
               exclude: tuple[int, ...] = ()) -> tuple[str, list[Any]]:
    """Clauses matching the FTS5 expression ``match`` under ``f``, best BM25 first.

    ``rank`` is BM25 with WORDS_WEIGHT/CHARS_WEIGHT (schema migration 2); an FTS rowid holds
    the clause id in its low 32 bits (schema migration 3). Without filters the
    top rows are ranked inside the FTS table and only they are joined; ``exclude`` leaves out
    clause ids already returned.
    """
    where, params = [], []
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
                     f" AND {_UNIT_MATCH})")
        params += [f.unit, f.unit]
    if exclude:
        where.append(f"c.id NOT IN ({', '.join('?' * len(exclude))})")
        params += list(exclude)
    if not where:
        sql = (f"SELECT {_CLAUSE_COLUMNS}, f.rank AS score FROM (SELECT rowid, rank FROM clause_fts"
               " WHERE clause_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?) f"
               " JOIN clauses c ON c.id = (f.rowid & 4294967295) JOIN documents d ON d.id = c.doc_id"
               " ORDER BY f.rank")
        return sql, [match, limit, offset]
    sql = (f"SELECT {_CLAUSE_COLUMNS}, clause_fts.rank AS score FROM clause_fts"
           " JOIN clauses c ON c.id = (clause_fts.rowid & 4294967295) JOIN documents d ON d.id = c.doc_id"
           f" WHERE clause_fts MATCH ? AND {' AND '.join(where)} ORDER BY clause_fts.rank"
           " LIMIT ? OFFSET ?")
    return sql, [match, *params, limit, offset]


def bare_fts_sql(match: str) -> tuple[str, list[Any]]:
    """The baseline: FTS5 MATCH alone, no ranking, joins or filters (for benchmarks)."""
    return "SELECT rowid FROM clause_fts WHERE clause_fts MATCH ?", [match]


def clause_kinds_sql(clause_ids: list[int]) -> tuple[str, list[Any]]:
    marks = ", ".join("?" * len(clause_ids))
    sql = (f"SELECT r.clause_id, r.kind FROM records r WHERE r.clause_id IN ({marks})"
           " ORDER BY r.clause_id, r.start")
    return sql, list(clause_ids)


def compare_sql(measure: str | None = None) -> tuple[str, list[Any]]:
    """Every record linked to a measure (or to ``measure``), with its fields and document."""
    sql = (f"SELECT m.name AS measure, rm.via, rm.surface AS measure_surface, {RECORD_COLUMNS}"
           " FROM record_measures rm JOIN measures m ON m.id = rm.measure_id"
           " JOIN records r ON r.id = rm.record_id JOIN documents d ON d.id = r.doc_id"
           " LEFT JOIN targets t ON t.record_id = r.id"
           " LEFT JOIN achievements a ON a.record_id = r.id"
           " LEFT JOIN subsidies s ON s.record_id = r.id")
    params: list[Any] = []
    if measure is not None:
        sql += " WHERE m.name = ?"
        params.append(measure)
    sql += " ORDER BY m.name, d.city, r.doc_id, r.start"
    return sql, params
