"""Stored record payloads: a records page served as stored JSON is the page built from rows."""

from __future__ import annotations

import shutil
from dataclasses import replace
from types import SimpleNamespace

import orjson
import pytest
from policyintel.index.queries import SORTS, RecordQuery
from policyintel.index.sqlite import SQLiteStore


def _pages(store, query, read):
    """Every page of ``query`` through ``read`` (records or payloads), following cursors."""
    out = []
    while True:
        items, cursor = read(query)
        out += items
        if cursor is None:
            return out
        query = replace(query, cursor=cursor)


def _built(store):
    def read(q):
        page = store.records(replace(q, count_total=False))
        return [r.to_dict() for r in page.items], page.next_cursor
    return read


def _stored(store):
    def read(q):
        payloads, cursor = store.record_payloads(q)
        return [orjson.loads(p) for p in payloads], cursor
    return read


@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("filters", [{}, {"kind": "subsidy"}, {"city": "宜宾"},
                                     {"kind": "target", "year_from": 2025},
                                     {"kind": "responsibility", "unit": "人力资源"}])
def test_stored_pages_equal_built_pages(store, sort, filters):
    query = RecordQuery(sort=sort, limit=7, **filters)
    built = _pages(store, query, _built(store))
    assert built, f"no records for {filters}"
    assert _pages(store, query, _stored(store)) == built


def test_payloads_carry_the_sentence_of_each_record(store):
    rows = _pages(store, RecordQuery(limit=200), _stored(store))
    with_sentence = [r for r in rows if r["sentence_start"] is not None]
    assert len(with_sentence) > len(rows) // 2
    for r in with_sentence[:200]:
        assert r["sentence_start"] <= r["start"] < r["sentence_end"], r


@pytest.fixture
def writable_copy(corpus_db, tmp_path):
    path = tmp_path / "copy.db"
    shutil.copy(corpus_db, path)
    with SQLiteStore(path) as s:
        yield s


def test_missing_payloads_are_built_when_read_and_filled_by_the_next_build(writable_copy):
    store = writable_copy
    query = RecordQuery(kind="subsidy", limit=1000)
    before = store.record_payloads(query)
    with store.atomic():
        store.conn.execute("UPDATE records SET payload = NULL WHERE kind = 'subsidy'")
    assert store.record_payloads(query) == before
    with store.atomic():
        assert store.fill_record_payloads() > 0
    (missing,) = store.conn.execute("SELECT COUNT(*) FROM records WHERE payload IS NULL").fetchone()
    assert missing == 0
    assert store.record_payloads(query) == before


def test_dropping_a_measure_clears_the_payloads_that_name_it(writable_copy):
    store = writable_copy
    name, n = store.conn.execute(
        "SELECT m.name, COUNT(*) FROM record_measures rm JOIN measures m ON m.id = rm.measure_id"
        " GROUP BY m.name ORDER BY COUNT(*) DESC LIMIT 1").fetchone()
    assert n > 0

    with store.atomic():
        store.sync_measures(SimpleNamespace(measures={}))
        assert store.fill_record_payloads() > 0
    payloads, _ = store.record_payloads(RecordQuery(limit=1000))
    assert payloads and not any(name in orjson.loads(p)["measures"] for p in payloads)
