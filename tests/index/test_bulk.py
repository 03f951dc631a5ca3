"""A full build's bulk store: what it leaves behind is an ordinary index."""

from __future__ import annotations

import sqlite3

from policyintel.index import schema
from policyintel.index.sqlite import FTS_AUTOMERGE, SQLiteStore

from tests.index.test_ranking import _found, _prepared


def _indexes(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))


def test_a_bulk_build_ends_with_every_index_and_fts_merging_on(tmp_path):
    reference = sqlite3.connect(":memory:")
    schema.migrate(reference)
    wanted = _indexes(reference)
    assert "records_doc_start" in wanted

    path = tmp_path / "bulk.db"
    with SQLiteStore(path, create=True, bulk=True) as store:
        # While rows go in, the secondary indexes wait and FTS5 does not merge segments.
        assert _indexes(store.conn) == {}
        with store.atomic():
            store.put_document(_prepared("/a.txt", "支持建设技能大师工作室。\n开展职业技能培训。"))
            store.put_document(_prepared("/b.txt", "新建公共实训基地三个。"))
        store.finish_bulk()
    with SQLiteStore(path) as store:
        assert _indexes(store.conn) == wanted
        (automerge,) = store.conn.execute(
            "SELECT v FROM clause_fts_config WHERE k = 'automerge'").fetchone()
        assert automerge == FTS_AUTOMERGE
        plan = " ".join(r[3] for r in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM records WHERE doc_id = 1 ORDER BY start"))
        assert "records_doc_start" in plan
        assert _found(store, "技能大师工作室") == {"支持建设技能大师工作室。"}
        assert _found(store, "实训基地") == {"新建公共实训基地三个。"}
