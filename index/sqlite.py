"""The embedded store: one SQLite file (WAL mode), FTS5 over clauses, typed records tables."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import orjson
from policyintel.errors import InternalError, StoreError
from policyintel.index import queries, ranking, schema
from policyintel.index.prepare import (  # the column tables are re-exported from here
    COMMON_FIELDS,  # noqa: F401
    PATH_SEP,
    TYPED_COLUMNS,
    UNIT_FIELDS,  # noqa: F401
    PreparedDocument,
    clause_id_of,
    clause_tags,
    fts_columns,
    fts_rowid,
)
from policyintel.index.queries import ClauseFilters, RecordQuery
from policyintel.index.store import Clause, DocumentInfo, Page, RecordRow

_META_COLUMNS = ("title", "city", "issuer", "doc_number", "date", "doc_type", "addressee",
                 "proposal_number", "session", "proposer")
_ROW_FIELDS = {
    "target": (("metric", "t_metric"), ("value", "t_value"), ("unit", "t_unit"),
               ("comparator", "comparator"), ("deadline_year", "deadline_year"),
               ("scope", "t_scope"), ("recurring", "recurring"),
               ("plan_end_year", "plan_end_year")),
    "achievement": (("metric", "a_metric"), ("value", "a_value"), ("unit", "a_unit"),
                    ("year", "a_year")),
    "subsidy": (("recipient", "recipient"), ("level", "level"), ("amount_yuan", "amount_yuan"),
                ("is_cap", "is_cap"), ("ratio", "ratio"), ("per", "per"), ("form", "form")),
    "responsibility": (),
}
_BOOLS = {"recurring", "is_cap"}
FTS_HASH_BYTES = 64 << 20
FTS_AUTOMERGE = 4  # FTS5's default
FTS_BATCH = 100_000  # FTS rows buffered before a sorted insert (≈ 40 MB)
READ_CACHE_KIB = 16 << 10  # page cache of a read-only connection


def record_payload(row: RecordRow) -> bytes:
    """A record's JSON object as the API serves it."""
    return orjson.dumps(row.to_dict())


# What SQLite's column types make of a value on its way in and out (index/schema.py).
_REAL_FIELDS = {"value", "amount_yuan", "ratio", "confidence"}
_INTEGER_FIELDS = {"deadline_year", "year", "plan_end_year"}


def _stored(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in _BOOLS:
        return bool(value)
    if name in _REAL_FIELDS and isinstance(value, int):
        return float(value)
    if name in _INTEGER_FIELDS and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _kept_measures(found: list[tuple[str, int, int, str, str]], measure_ids: dict[str, int],
                   ) -> list[tuple[str, int, int, str, str]]:
    """A record's measure links as record_measures keeps them: known measures, each once (its
    first link)."""
    seen: set[str] = set()
    kept = []
    for link in found:
        if link[0] in measure_ids and link[0] not in seen:
            seen.add(link[0])
            kept.append(link)
    return kept


# The kind's own fields in RecordRow.to_dict's order, which is also the typed table's.
_FIELD_NAMES = {kind: tuple(name for name, _ in spec) for kind, spec in _ROW_FIELDS.items()}
assert all(_FIELD_NAMES[k] == TYPED_COLUMNS[k][1] for k in _FIELD_NAMES), "typed column order"


def _written_payload(record_id: int, doc_id: int,
                     document: tuple[str, str | None, str | None, str | None], item: Any,
                     measures: list[tuple[str, int, int, str, str]]) -> bytes:
    """The payload that reading the rows written for ``item`` gives back: RecordRow.to_dict of
    them, built straight from the prepared values (tests/index/test_payloads.py holds the
    bytes equal)."""
    start, end, text, section, s_start, s_end, confidence = item.row
    source, city, doc_type, date = document
    out = {"id": record_id, "kind": item.kind, "doc_id": doc_id, "source": source, "city": city,
           "doc_type": doc_type, "date": date, "start": start, "end": end, "text": text,
           "section": list(_path(section)), "sentence_start": s_start, "sentence_end": s_end,
           "confidence": _stored("confidence", confidence)}
    for name, value in zip(_FIELD_NAMES[item.kind], item.typed, strict=True):
        out[name] = _stored(name, value)
    if item.kind == "responsibility":
        units = sorted(item.units, key=lambda u: u[1])
        for role in ("lead", "partner"):  # the only roles record_units admits
            mine = [(s, c) for r, _, s, c in units if r == role]
            out[f"{role}_units"] = [s for s, _ in mine]
            out[f"{role}_units_canonical"] = [c or s for s, c in mine]
    out["measures"] = [m for m, *_ in sorted(measures, key=lambda m: (m[1], m[0]))]
    return orjson.dumps(out)


def _path(value: str | None) -> tuple[str, ...]:
    return tuple(value.split(PATH_SEP)) if value else ()


class SQLiteStore:
    """A Store on one SQLite file. Use ``with store.atomic():`` around every write."""

    def __init__(self, path: Path, *, create: bool = False, readonly: bool = False,
                 bulk: bool = False) -> None:
        """Open (``create``: or make) the index at ``path``.

        ``bulk`` is for a new file that a full build fills and then renames into place: no WAL
        and no fsync (the rename is what makes the build atomic); call ``finish_bulk()`` last.
        """
        self.path = path
        self._deferred_indexes: list[tuple[str, str]] = []  # (name, sql) made by finish_bulk
        memory = str(path) == ":memory:"
        if not memory and not path.exists() and not create:
            raise StoreError(f"{path}: no index here; build one with: policyintel build --db {path}")
        try:
            if not memory:
                path.parent.mkdir(parents=True, exist_ok=True)
            uri = f"file:{path}?mode=ro" if readonly and not memory else str(path)
            self.conn = sqlite3.connect(uri, uri=readonly and not memory, isolation_level=None,
                                        check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA busy_timeout = 10000")
            if bulk:
                self.conn.execute("PRAGMA journal_mode = MEMORY")
                self.conn.execute("PRAGMA synchronous = OFF")
                self.conn.execute("PRAGMA cache_size = -262144")
                schema.migrate(self.conn)
                # FTS5 writes its in-memory terms out as a new segment each time they pass
                # 'hashsize' (1 MB by default) and merges those segments as it goes; a bulk
                # build writing in 64 MB pieces did 15% less work (bench: writer CPU 9.8 ->
                # 8.2-8.7 s on 2,000 documents). The setting is stored with the index.
                self._set_fts("hashsize", FTS_HASH_BYTES)
                # Nor does it merge segments as they come: 'optimize' merges them all once at
                # the end, where merging as it went moved each posting several times (writer CPU
                # 48 -> 44 s on the 10,000-document bench build). finish_bulk turns it back on.
                self._set_fts("automerge", 0)
                # Secondary indexes are made once the rows are in (finish_bulk): one sort per
                # index instead of an insertion per row, most of them at random places.
                self._deferred_indexes = [(name, sql) for name, sql in self.conn.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")]
                for name, _ in self._deferred_indexes:
                    self.conn.execute(f'DROP INDEX "{name}"')
            elif not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                schema.migrate(self.conn)
            elif schema.current_version(self.conn) != schema.LATEST:
                raise StoreError(f"{path}: index schema is not version {schema.LATEST}; "
                                 "open it writable once to migrate")
            else:
                # A reader keeps 16 MB of pages (SQLite's default: 2 MB): the full-text index's
                # inner pages stay in it across searches instead of being read again from the
                # OS (a cold search on the bench index 0.49-0.57 -> 0.46 ms; 64 MB: no better).
                self.conn.execute(f"PRAGMA cache_size = {-READ_CACHE_KIB}")
        except sqlite3.Error as e:
            raise StoreError(f"{path}: cannot open the index: {e}") from e
        self._lock = threading.RLock()
        self._depth = 0
        self._measure_ids: dict[str, int] | None = None
        self._fts_pending: list[tuple[int, str, str, str]] = []
        self._fts_pending_from = 0

    def _set_fts(self, option: str, value: int) -> None:
        """Set one of FTS5's options, which it keeps with the index."""
        self.conn.execute("INSERT INTO clause_fts (clause_fts, rank) VALUES (?, ?)", (option, value))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- transactions -------------------------------------------------------------------------
    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction (a savepoint when nested): all of it is written or none.

        FTS rows written inside it are buffered and inserted in rowid order before the outermost
        commit (searches inside the transaction do not see them yet)."""
        with self._lock:
            name = f"sp{self._depth}"
            if self._depth and len(self._fts_pending) >= FTS_BATCH:
                self._flush_fts()  # here, so that these rows are not inside the savepoint
            try:
                self.conn.execute("BEGIN IMMEDIATE" if self._depth == 0 else f"SAVEPOINT {name}")
            except sqlite3.Error as e:
                raise StoreError(f"{self.path}: cannot start a write: {e}") from e
            self._depth += 1
            pending = len(self._fts_pending)
            try:
                yield
                if self._depth == 1:
                    self._flush_fts()
            except BaseException:
                self._measure_ids = None
                del self._fts_pending[pending:]
                self._depth -= 1
                self.conn.execute("ROLLBACK" if self._depth == 0 else f"ROLLBACK TO {name}")
                if self._depth:
                    self.conn.execute(f"RELEASE {name}")
                raise
            self._depth -= 1
            try:
                self.conn.execute("COMMIT" if self._depth == 0 else f"RELEASE {name}")
            except sqlite3.Error as e:
                raise StoreError(f"{self.path}: cannot commit: {e}") from e

    def _flush_fts(self) -> None:
        # FTS5 flushes its in-memory index to a new segment whenever a rowid is not above the
        # last one; rowids ordered by clause length would do that at every other clause, so
        # they are inserted sorted, in batches.
        if self._fts_pending:
            self._fts_pending.sort()
            try:
                self.conn.executemany(
                    "INSERT INTO clause_fts (rowid, words, chars, tags) VALUES (?, ?, ?, ?)",
                    self._fts_pending)
            except sqlite3.Error as e:
                raise StoreError(f"{self.path}: cannot write the full-text index: {e}") from e
            self._fts_pending.clear()

    def _writing(self) -> None:
        if self._depth == 0:
            raise InternalError("store writes must happen inside store.atomic()")

    # -- writing ------------------------------------------------------------------------------
    def set_meta(self, key: str, value: str) -> None:
        self._writing()
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def _next_id(self, table: str) -> int:
        (last,) = self.conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()
        return last + 1

    def put_document(self, prepared: PreparedDocument) -> int:
        """Write one prepared document (replacing any document at the same path).

        Ids are assigned here and every table is written with one ``executemany`` (a build
        writes from one process, so this is what bounds its speed)."""
        self._writing()
        c = self.conn
        old = c.execute("SELECT id FROM documents WHERE path = ?", (prepared.path,)).fetchone()
        if old is not None:
            self.delete_document(old[0])
        meta = prepared.metadata
        cur = c.execute(
            f"INSERT INTO documents (path, source, content_hash, format, encoding, "
            f"{', '.join(_META_COLUMNS)}, year, text, original_text, source_offsets, repairs, "
            f"n_chars, indexed_at) VALUES ({', '.join('?' * (len(_META_COLUMNS) + 12))})",
            (prepared.path, prepared.source, prepared.content_hash, prepared.format,
             prepared.encoding, *(meta.get(k) for k in _META_COLUMNS), prepared.year,
             prepared.text, prepared.original_text, prepared.source_offsets, prepared.repairs,
             len(prepared.text), datetime.now(UTC).isoformat(timespec="seconds")))
        doc_id = cur.lastrowid
        c.executemany("INSERT INTO document_attachments (doc_id, position, name) VALUES (?, ?, ?)",
                      [(doc_id, i, n) for i, n in enumerate(meta.get("attachments") or ())])
        first = self._next_id("sections")
        c.executemany(
            'INSERT INTO sections (id, doc_id, parent_id, heading, level, marker, start, "end", '
            "heading_end, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(first + i, doc_id, first + parent if parent is not None else None, heading, level,
              marker, start, end, heading_end, path)
             for i, (parent, heading, level, marker, start, end, heading_end, path)
             in enumerate(prepared.sections)])
        first_clause = self._next_id("clauses")
        text = prepared.text
        c.executemany(
            'INSERT INTO clauses (id, doc_id, start, "end", paragraph, section_id, section_path, '
            "text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(first_clause + i, doc_id, start, end, para,
              first + section if section is not None else None, path, text[start:end])
             for i, (start, end, para, section, path, *_) in enumerate(prepared.clauses)])
        if not self._fts_pending:
            self._fts_pending_from = first_clause  # the lowest clause id in the buffer
        self._fts_pending += [(fts_rowid(first_clause + i, n_tokens), words, chars, tags)
                              for i, (*_, words, chars, tags, n_tokens)
                              in enumerate(prepared.clauses)]
        if self._depth == 1 and len(self._fts_pending) >= FTS_BATCH:
            self._flush_fts()  # no savepoint open: nothing can roll back part of the buffer
        self._put_records(doc_id, prepared.records, first_clause,
                          (prepared.source, meta.get("city"), meta.get("doc_type"), meta.get("date")))
        return doc_id

    def _put_records(self, doc_id: int, items: list[Any], first_clause: int,
                     document: tuple[str, str | None, str | None, str | None]) -> None:
        c = self.conn
        if self._measure_ids is None:
            self._measure_ids = {name: i for i, name in c.execute("SELECT id, name FROM measures")}
        measure_ids = self._measure_ids
        first = self._next_id("records")
        rows, typed, units, measures = [], defaultdict(list), [], []
        for k, item in enumerate(items):
            record_id = first + k
            kept = _kept_measures(item.measures, measure_ids)
            rows.append((record_id, doc_id, item.kind, *item.row,
                         first_clause + item.clause if item.clause is not None else None,
                         item.scope,
                         _written_payload(record_id, doc_id, document, item, kept)))
            typed[item.kind].append((record_id, *item.typed))
            units += [(record_id, *u) for u in item.units]
            measures += [(record_id, measure_ids[m], s, e, surface, via)
                         for m, s, e, surface, via in kept]
        c.executemany(
            'INSERT INTO records (id, doc_id, kind, start, "end", text, section_path, '
            "sentence_start, sentence_end, confidence, clause_id, scope, payload) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        for kind, values in typed.items():
            table, columns = TYPED_COLUMNS[kind]
            c.executemany(f"INSERT INTO {table} (record_id{''.join(', ' + n for n in columns)}) "
                          f"VALUES ({', '.join('?' * (len(columns) + 1))})", values)
        c.executemany("INSERT INTO record_units (record_id, role, position, surface, canonical)"
                      " VALUES (?, ?, ?, ?, ?)", units)
        c.executemany(
            'INSERT INTO record_measures (record_id, measure_id, start, "end", surface, via)'
            " VALUES (?, ?, ?, ?, ?, ?)", measures)

    def _write_payloads(self, doc_id: int) -> None:
        """Store the JSON of each record of ``doc_id``, built from its rows as a records page
        reads them (the backfill of fill_record_payloads; new records get theirs as written)."""
        cols, rows = self._fetch(*queries.records_sql(RecordQuery(doc_id=doc_id, limit=-1)))
        self.conn.executemany("UPDATE records SET payload = ? WHERE id = ?",
                              [(record_payload(row), row.id)
                               for row in self._record_rows(cols, rows)])

    def fill_record_payloads(self) -> int:
        """Write the payloads an older index or a change of measures left out; how many
        documents had some."""
        self._writing()
        docs = [d for (d,) in self.conn.execute(
            "SELECT DISTINCT doc_id FROM records WHERE payload IS NULL")]
        for doc_id in docs:
            self._write_payloads(doc_id)
        return len(docs)

    def delete_document(self, doc_id: int) -> None:
        """Remove a document and everything derived from it, FTS rows included."""
        self._writing()
        doc = self.conn.execute("SELECT city, doc_type, year FROM documents WHERE id = ?",
                                (doc_id,)).fetchone()
        if doc is None:
            return
        kinds: dict[int, set[str]] = defaultdict(set)
        for cid, kind in self.conn.execute(
                "SELECT clause_id, kind FROM records WHERE doc_id = ? AND clause_id IS NOT NULL",
                (doc_id,)):
            kinds[cid].add(kind)
        clauses = self.conn.execute("SELECT id, text FROM clauses WHERE doc_id = ?",
                                    (doc_id,)).fetchall()
        # Rows of a document written earlier in this transaction may still be in the buffer:
        # they are dropped there rather than deleted from an index that does not hold them.
        ids = {cid for cid, _ in clauses}
        buffered: set[int] = set()
        if ids and self._fts_pending and max(ids) >= self._fts_pending_from:
            buffered = {clause_id_of(r[0]) for r in self._fts_pending} & ids
        if buffered:
            self._fts_pending[:] = [r for r in self._fts_pending
                                    if clause_id_of(r[0]) not in buffered]
        rows = []
        for cid, text in clauses:
            if cid in buffered:
                continue
            tags = clause_tags(doc["city"], doc["doc_type"], doc["year"], kinds[cid])
            words, chars, n_tokens = fts_columns(text, tags)
            rows.append((fts_rowid(cid, n_tokens), words, chars, tags))
        self.conn.executemany(
            "INSERT INTO clause_fts (clause_fts, rowid, words, chars, tags)"
            " VALUES ('delete', ?, ?, ?, ?)", rows)
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def sync_measures(self, taxonomy: Any) -> None:
        """Make the measures tables hold ``taxonomy`` (ids of kept measures do not change)."""
        self._writing()
        self._measure_ids = None
        c = self.conn
        wanted = taxonomy.measures
        for name in [n for (n,) in c.execute("SELECT name FROM measures") if n not in wanted]:
            # Its records' payloads name it: built again by fill_record_payloads.
            c.execute("UPDATE records SET payload = NULL WHERE id IN (SELECT rm.record_id FROM "
                      "record_measures rm JOIN measures m ON m.id = rm.measure_id "
                      "WHERE m.name = ?)", (name,))
            c.execute("DELETE FROM measures WHERE name = ?", (name,))
        for m in wanted.values():
            c.execute("INSERT INTO measures (name, category) VALUES (?, ?) ON CONFLICT(name) "
                      "DO UPDATE SET category = excluded.category", (m.name, m.category))
            (mid,) = c.execute("SELECT id FROM measures WHERE name = ?", (m.name,)).fetchone()
            c.execute("DELETE FROM measure_aliases WHERE measure_id = ?", (mid,))
            c.executemany("INSERT OR IGNORE INTO measure_aliases (measure_id, alias) VALUES (?, ?)",
                          [(mid, a) for a in m.aliases])

    def refresh_term_stats(self) -> None:
        """Recount ``fts_terms`` (each FTS term's document frequency per column)."""
        self._writing()
        c = self.conn
        c.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.clause_fts_terms "
                  "USING fts5vocab(main, clause_fts, 'col')")
        c.execute("DELETE FROM fts_terms")
        c.execute("INSERT INTO fts_terms (term, col, df) SELECT term, col, doc "
                  "FROM temp.clause_fts_terms")
        c.execute("DROP TABLE temp.clause_fts_terms")

    def finish_bulk(self) -> None:
        """Merge the FTS index, analyse, and leave a self-contained file (no WAL beside it)."""
        try:
            for _, sql in self._deferred_indexes:
                self.conn.execute(sql)
            self._deferred_indexes = []
            self.conn.execute("INSERT INTO clause_fts (clause_fts) VALUES ('optimize')")
            self._set_fts("automerge", FTS_AUTOMERGE)  # for the writes that follow the build
            with self.atomic():
                self.refresh_term_stats()
            self.conn.execute("ANALYZE")
            self.conn.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot finish the build: {e}") from e

    # -- reading ------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def document_hashes(self) -> dict[str, tuple[int, str]]:
        return {p: (i, h) for i, p, h in self.conn.execute(
            "SELECT id, path, content_hash FROM documents")}

    def _document_info(self, row: sqlite3.Row, with_text: bool) -> DocumentInfo:
        meta = {k: row[k] for k in _META_COLUMNS}
        meta["attachments"] = [n for (n,) in self.conn.execute(
            "SELECT name FROM document_attachments WHERE doc_id = ? ORDER BY position", (row["id"],))]
        return DocumentInfo(id=row["id"], path=row["path"], source=row["source"],
                            content_hash=row["content_hash"], metadata=meta, n_chars=row["n_chars"],
                            text=row["text"] if with_text else None,
                            repairs=json.loads(row["repairs"]) if with_text else [])

    def documents(self) -> list[DocumentInfo]:
        cols = ", ".join(("id", "path", "source", "content_hash", "n_chars", *_META_COLUMNS))
        return [self._document_info(r, False)
                for r in self.conn.execute(f"SELECT {cols} FROM documents ORDER BY id")]

    def document(self, doc_id: int, *, with_text: bool = False) -> DocumentInfo | None:
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return self._document_info(row, with_text) if row else None

    _CLAUSE_SQL = ('SELECT c.id, c.doc_id, c.start, c."end", c.text, c.section_path, d.source, '
                   "d.city, d.doc_type, d.date, d.title FROM clauses c JOIN documents d "
                   "ON d.id = c.doc_id")

    @staticmethod
    def _clause(row: sqlite3.Row, score: float | None = None) -> Clause:
        return Clause(id=row["id"], doc_id=row["doc_id"], source=row["source"], city=row["city"],
                      doc_type=row["doc_type"], date=row["date"], title=row["title"],
                      section=_path(row["section_path"]), start=row["start"], end=row["end"],
                      text=row["text"], score=score)

    def clause(self, clause_id: int) -> Clause | None:
        row = self.conn.execute(self._CLAUSE_SQL + " WHERE c.id = ?", (clause_id,)).fetchone()
        return self._clause(row) if row else None

    def iter_clauses(self) -> Iterator[Clause]:
        for row in self.conn.execute(self._CLAUSE_SQL + " ORDER BY c.id"):
            yield self._clause(row)

    def search_clauses(self, match: str, filters: ClauseFilters, *, limit: int,
                       offset: int = 0, exclude: tuple[int, ...] = (),
                       ranked: bool = True, most: int | None = None) -> list[Clause]:
        """Clauses matching the FTS5 expression ``match`` under ``filters``, best first.

        Ranked by BM25 over a window of the shortest matches (exact when the query has fewer
        matches than the window; see index/ranking.py); ``ranked=False``: shortest first,
        without a score. A window that filters outside FTS5 thin out too much is widened.
        ``most``: an upper bound of the matches (from the term counts of the last build); within
        the window, every match is ranked (exact), without reading the window first."""
        want = offset + limit
        window = max(ranking.WINDOW, 4 * want)
        if most is not None and most <= window:
            window = None
        full_match, outside, _ = ranking.filtered_match(match, filters)
        try:
            while True:
                sql, params = ranking.ranked_sql(match, filters, window=window if ranked else None,
                                                 ranked=ranked, limit=limit, offset=offset,
                                                 exclude=exclude)
                rows = self.conn.execute(sql, params).fetchall()
                if len(rows) >= limit or not ranked or window is None:
                    break
                # A short page: every match was ranked (the window holds a page), unless
                # filters outside FTS5 thinned the window (then widen it).
                if not (outside or exclude):
                    break
                if self.conn.execute(*ranking.window_bound_sql(full_match, window)).fetchone() is None:
                    break
                window *= 8
        except sqlite3.OperationalError as e:
            raise StoreError(f"search failed for {match!r}: {e}") from e
        return [self._clause(r, score=-r["score"] if r["score"] is not None else None)
                for r in rows]

    def term_frequencies(self, terms: list[str], cols: tuple[str, ...]) -> dict[str, int]:
        """How many clauses hold each of ``terms`` in each of FTS columns ``cols``, summed
        (absent: 0)."""
        if not terms:
            return {}
        found = dict(self.conn.execute(*ranking.term_df_sql(cols, sorted(set(terms)))).fetchall())
        return {t: found.get(t, 0) for t in terms}

    def year_range(self) -> tuple[int | None, int | None]:
        """The earliest and latest year of the indexed documents (None, None: no years)."""
        low, high = self.conn.execute("SELECT MIN(year), MAX(year) FROM documents").fetchone()
        return low, high

    def clause_kinds(self, clause_ids: list[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = defaultdict(list)
        if clause_ids:
            sql, params = queries.clause_kinds_sql(clause_ids)
            for cid, kind in self.conn.execute(sql, params):
                if kind not in out[cid]:
                    out[cid].append(kind)
        return dict(out)

    def _fetch(self, sql: str, params: list[Any]) -> tuple[dict[str, int], list[tuple[Any, ...]]]:
        """Plain tuple rows and each column's position (sqlite3.Row looks names up per access)."""
        cur = self.conn.cursor()
        cur.row_factory = None
        try:
            rows = cur.execute(sql, params).fetchall()
        except sqlite3.Error as e:
            raise StoreError(f"records query failed: {e}") from e
        return {d[0]: i for i, d in enumerate(cur.description or ())}, rows

    def _record_rows(self, cols: dict[str, int], rows: list[tuple[Any, ...]], n_keys: int = 0,
                     ) -> list[RecordRow]:
        """RecordRows of query rows; units and measures of every row come in one query each
        (per 500 rows)."""
        i_id = cols["id"]
        ids = [r[i_id] for r in rows]
        units: dict[int, tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]] = {}
        measures: dict[int, list[str]] = defaultdict(list)
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            for rid, role, surface, canonical in self.conn.execute(*queries.units_sql(part)):
                pair = units.get(rid)
                if pair is None:
                    pair = units[rid] = ([], [])
                pair[role != "lead"].append((surface, canonical))
            for rid, name in self.conn.execute(*queries.record_measures_sql(part)):
                measures[rid].append(name)
        fields_of = {kind: [(name, cols[col], name in _BOOLS) for name, col in spec]
                     for kind, spec in _ROW_FIELDS.items()}
        (i_kind, i_doc, i_source, i_city, i_type, i_date, i_title, i_start, i_end, i_text,
         i_path, i_s_start, i_s_end, i_conf) = (
            cols[c] for c in ("kind", "doc_id", "source", "city", "doc_type", "date", "title",
                              "start", "end", "text", "section_path", "sentence_start",
                              "sentence_end", "confidence"))
        i_measure = cols.get("measure")
        i_keys = [cols[f"_k{i}"] for i in range(n_keys)]
        out = []
        for r in rows:
            fields = {}
            for name, i, is_bool in fields_of[r[i_kind]]:
                value = r[i]
                fields[name] = bool(value) if is_bool and value is not None else value
            rid = r[i_id]
            lead, partner = units.get(rid, ((), ()))
            out.append(RecordRow(
                id=rid, kind=r[i_kind], doc_id=r[i_doc], source=r[i_source], city=r[i_city],
                doc_type=r[i_type], date=r[i_date], title=r[i_title], start=r[i_start],
                end=r[i_end], text=r[i_text], section=_path(r[i_path]), fields=fields,
                lead_units=tuple(lead), partner_units=tuple(partner),
                measures=tuple(measures.get(rid, ())),
                measure=r[i_measure] if i_measure is not None else None,
                sort_key=tuple(r[i] for i in i_keys), sentence_start=r[i_s_start],
                sentence_end=r[i_s_end], confidence=r[i_conf]))
        return out

    def count_records(self, query: RecordQuery) -> int:
        """How many records match ``query``'s filters (its order and page do not matter)."""
        try:
            (n,) = self.conn.execute(*queries.count_sql(query)).fetchone()
        except sqlite3.Error as e:
            raise StoreError(f"records count failed: {e}") from e
        return n

    def records(self, query: RecordQuery) -> Page:
        """One page of ``query``; ``total`` is counted only when ``query.count_total``."""
        cols, rows = self._fetch(*queries.records_sql(query))
        items = self._record_rows(cols, rows, len(queries.SORTS[query.sort]))
        total = self.count_records(query) if query.count_total else None
        cursor = None
        if len(items) == query.limit and items:
            cursor = queries.encode_cursor(list(items[-1].sort_key))
        return Page(items=items, total=total, next_cursor=cursor, offset=query.offset)

    def record_payloads(self, query: RecordQuery) -> tuple[list[bytes], str | None]:
        """One page of ``query`` as each record's JSON object (``RecordRow.to_dict``, stored
        when the record was written) and the cursor of the next page (None on the last)."""
        keys = len(queries.SORTS.get(query.sort, ()))
        _, rows = self._fetch(*queries.records_sql(query, payload=True))
        missing = [r[0] for r in rows if r[1] is None]
        if missing:  # an index written before payloads were stored: build them now
            built = {row.id: record_payload(row) for row in self.records(
                replace(query, count_total=False)).items}
            rows = [(r[0], built[r[0]] if r[1] is None else r[1], *r[2:]) for r in rows]
        cursor = None
        if rows and len(rows) == query.limit:
            cursor = queries.encode_cursor(list(rows[-1][2:2 + keys]))
        return [r[1] for r in rows], cursor

    def measure_records(self, measure: str | None = None) -> list[RecordRow]:
        return self._record_rows(*self._fetch(*queries.compare_sql(measure)))

    def measure_names(self) -> list[str]:
        return [n for (n,) in self.conn.execute("SELECT name FROM measures ORDER BY id")]

    def stats(self) -> dict[str, Any]:
        c = self.conn
        out: dict[str, Any] = {"path": str(self.path), "schema_version": schema.current_version(c)}
        for table in ("documents", "clauses", "records", "measures"):
            (out[table],) = c.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
        out["records_by_kind"] = dict(c.execute("SELECT kind, COUNT(*) FROM records GROUP BY kind"))
        out["cities"] = dict(c.execute(
            "SELECT COALESCE(city, '?'), COUNT(*) FROM documents GROUP BY city ORDER BY city"))
        out["build_id"] = self.get_meta("build_id")
        return out
