"""The store's schema as ordered migrations, from the first release on.

Each migration is ``(version, description, script)``; ``migrate`` applies the ones a database has
not seen, each in its own transaction, and records them in ``schema_version``. Never edit a
released migration: add the next one.
"""

from __future__ import annotations

import sqlite3

from policyintel.errors import StoreError

# FTS5 over clauses: ``words`` holds jieba search-mode tokens, ``chars`` the character unigrams
# (a phrase query over unigrams is a substring search). Contentless: the text lives in clauses.
_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    format TEXT,
    encoding TEXT,
    title TEXT,
    city TEXT,
    issuer TEXT,
    doc_number TEXT,
    date TEXT,
    year INTEGER,
    doc_type TEXT,
    addressee TEXT,
    proposal_number TEXT,
    session TEXT,
    proposer TEXT,
    text TEXT NOT NULL,
    original_text TEXT,
    source_offsets BLOB,
    repairs TEXT NOT NULL DEFAULT '[]',
    n_chars INTEGER NOT NULL,
    indexed_at TEXT NOT NULL
);
CREATE INDEX documents_city ON documents(city);
CREATE INDEX documents_type_year ON documents(doc_type, year);

CREATE TABLE document_attachments (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (doc_id, position)
);

CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
    heading TEXT NOT NULL,
    level INTEGER NOT NULL,
    marker TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    heading_end INTEGER NOT NULL,
    path TEXT NOT NULL
);
CREATE INDEX sections_doc ON sections(doc_id);

CREATE TABLE clauses (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    section_id INTEGER REFERENCES sections(id) ON DELETE SET NULL,
    section_path TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL
);
CREATE INDEX clauses_doc ON clauses(doc_id, start);

CREATE VIRTUAL TABLE clause_fts USING fts5(
    words, chars, content='', tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('target', 'achievement', 'subsidy', 'responsibility')),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    section_path TEXT NOT NULL DEFAULT '',
    sentence_start INTEGER,
    sentence_end INTEGER,
    confidence REAL,
    clause_id INTEGER REFERENCES clauses(id) ON DELETE SET NULL,
    scope INTEGER NOT NULL
);
CREATE INDEX records_doc ON records(doc_id, scope);
CREATE INDEX records_kind ON records(kind);
CREATE INDEX records_clause ON records(clause_id);

CREATE TABLE targets (
    record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    metric TEXT,
    value REAL,
    unit TEXT,
    comparator TEXT,
    deadline_year INTEGER,
    scope TEXT,
    recurring INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX targets_year ON targets(deadline_year);

CREATE TABLE achievements (
    record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    metric TEXT,
    value REAL,
    unit TEXT,
    year INTEGER
);

CREATE TABLE subsidies (
    record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    recipient TEXT,
    level TEXT,
    amount_yuan REAL,
    is_cap INTEGER NOT NULL DEFAULT 0,
    ratio REAL,
    per TEXT,
    form TEXT
);
CREATE INDEX subsidies_level ON subsidies(level);
CREATE INDEX subsidies_amount ON subsidies(amount_yuan);

CREATE TABLE responsibilities (
    record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE
);

CREATE TABLE record_units (
    record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
    position INTEGER NOT NULL,
    surface TEXT NOT NULL,
    canonical TEXT,
    PRIMARY KEY (record_id, role, position)
);
CREATE INDEX record_units_canonical ON record_units(canonical);
CREATE INDEX record_units_surface ON record_units(surface);

CREATE TABLE measures (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    category TEXT
);

CREATE TABLE measure_aliases (
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    PRIMARY KEY (measure_id, alias)
);

CREATE TABLE record_measures (
    record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    surface TEXT NOT NULL,
    via TEXT NOT NULL CHECK (via IN ('sentence', 'heading')),
    PRIMARY KEY (record_id, measure_id)
);
CREATE INDEX record_measures_measure ON record_measures(measure_id);
"""

# A third FTS column ``tags`` holds each clause's filter values as tokens (c宜宾 y2022 ksubsidy),
# so filters intersect posting lists inside FTS5. FTS5's ``rank`` is BM25 with words weighted
# over characters and tags not counted, so ``ORDER BY rank LIMIT n`` ranks before any join.
# The FTS table is recreated empty; clearing the tokenizer fingerprint makes the next build full.
_V2 = """
DROP TABLE clause_fts;
CREATE VIRTUAL TABLE clause_fts USING fts5(
    words, chars, tags, content='', tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO clause_fts (clause_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 0.0)');
DELETE FROM meta WHERE key = 'tokenizer';
"""

# FTS rowids become (clause length in tokens << 32) | clause id (index/prepare.py: fts_rowid), so
# a posting list runs from the shortest clauses to the longest and a ranked query can stop after
# a window of them. ``fts_terms`` holds each term's document frequency per column (refreshed by
# every build) so a search can tell a cheap query from an expensive one before running it.
_V3 = """
DROP TABLE clause_fts;
CREATE VIRTUAL TABLE clause_fts USING fts5(
    words, chars, tags, content='', tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO clause_fts (clause_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 0.0)');
CREATE TABLE fts_terms (
    term TEXT NOT NULL,
    col TEXT NOT NULL,
    df INTEGER NOT NULL,
    PRIMARY KEY (term, col)
) WITHOUT ROWID;
DELETE FROM meta WHERE key = 'tokenizer';
"""

_V4 = """
ALTER TABLE targets ADD COLUMN plan_end_year INTEGER;
"""

# Records pages in keyset order (doc_id, start, id): with or without a kind filter (alone or
# with a city's documents), a page and its cursor continuation are read in order from an index
# and stop at the page's end; a count touches only the matching index entries.
# records_kind_doc covers records_kind's queries too.
_V5 = """
CREATE INDEX records_kind_doc ON records(kind, doc_id, start);
CREATE INDEX records_doc_start ON records(doc_id, start);
DROP INDEX records_kind;
"""

# Each record's API JSON object, written with the record (index/sqlite.py: record payloads), so
# a records page is its rows' payloads joined: no row building or serialising per request.
# NULL (records of an index made before this version, or whose measures changed) is built
# when read and filled by the next build.
_V6 = """
ALTER TABLE records ADD COLUMN payload BLOB;
"""

# The ``chars`` column holds character bigrams after the unigrams (index/prepare.py:
# fts_columns): a run of characters is searched as a phrase of bigrams. The FTS rows of an older
# index lack them, so they are dropped with the term counts; the schema fingerprint makes the
# next build full (until then a search finds nothing rather than a wrong subset).
_V7 = """
INSERT INTO clause_fts (clause_fts) VALUES ('delete-all');
DELETE FROM fts_terms;
"""

# The ``words`` column's tokens now carry a mark of their own (prepare.WORD_MARK), apart from
# the chars column's: the rows are dropped and the next build is full, as for version 7.
_V8 = _V7

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "documents, sections, clauses + FTS5, typed records, measures", _V1),
    (2, "FTS5 tags column for filters; rank is BM25 weighting words over characters", _V2),
    (3, "FTS rowids ordered by clause length; per-column term frequencies in fts_terms", _V3),
    (4, "targets.plan_end_year: the end of the plan period, apart from a task's own deadline", _V4),
    (5, "records indexes (kind, doc_id, start) and (doc_id, start): pages in document order", _V5),
    (6, "records.payload: each record's JSON as the API serves it", _V6),
    (7, "FTS chars column: character bigrams after the unigrams (rows dropped: build again)", _V7),
    (8, "FTS word tokens marked apart from the characters' (rows dropped: build again)", _V8),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone()
    if row is None:
        return 0
    (version,) = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()
    return int(version)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration newer than the database; return the version reached."""
    version = current_version(conn)
    if version > LATEST:
        raise StoreError(f"index schema version {version} is newer than this policyintel "
                         f"({LATEST}); upgrade policyintel")
    try:
        if version == 0:
            conn.executescript("BEGIN; CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                               "description TEXT NOT NULL, applied_at TEXT NOT NULL "
                               "DEFAULT CURRENT_TIMESTAMP); COMMIT;")
        for number, description, script in MIGRATIONS:
            if number <= version:
                continue
            conn.executescript(
                f"BEGIN;\n{script}\nINSERT INTO schema_version (version, description) "
                f"VALUES ({number}, '{description.replace(chr(39), chr(39) * 2)}');\nCOMMIT;")
            version = number
    except sqlite3.Error as e:
        if conn.in_transaction:
            conn.rollback()
        raise StoreError(f"cannot migrate the index to schema version {LATEST}: {e}") from e
    return version
