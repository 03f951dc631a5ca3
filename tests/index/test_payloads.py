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
    # Bytes, not parsed JSON: 8 and 8.0 parse to equal Python numbers.
    def read(q):
        page = store.records(replace(q, count_total=False))
        return [orjson.dumps(r.to_dict()) for r in page.items], page.next_cursor
    return read


def _stored(store):
    def read(q):
        return store.record_payloads(q)
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
    rows = [orjson.loads(p) for p in _pages(store, RecordQuery(limit=200), _stored(store))]
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


def test_payload_written_with_a_record_is_what_reading_its_rows_gives(tmp_path):
    # Values the column types change on the way through SQLite (an int in a REAL column, an
    # integral float in an INTEGER one), a measure linked twice, units listed out of order:
    # the payload written with the record must still equal the one read back from its rows.
    from policyintel.corpus_files import corpus_files
    from policyintel.extractors.pipeline import extract
    from policyintel.index.measures import Taxonomy
    from policyintel.index.prepare import TYPED_COLUMNS, prepare_document
    from policyintel.ingest import read

    taxonomy = Taxonomy.load()
    for _, path in corpus_files():  # the first document with a target and a measure link
        doc = read(path)
        prepared = prepare_document(doc, extract(doc), path=str(path), content_hash="x",
                                    taxonomy=taxonomy)
        kinds = {i.kind for i in prepared.records}
        if "target" in kinds and "responsibility" in kinds and any(
                i.measures for i in prepared.records):
            break
    names = {kind: cols for kind, (_, cols) in TYPED_COLUMNS.items()}
    edited = []
    for item in prepared.records:
        typed = dict(zip(names[item.kind], item.typed, strict=True))
        if item.kind == "target" and typed["value"] is not None:
            typed["value"] = int(typed["value"])
            typed["deadline_year"] = 2027.0
        measures = item.measures + item.measures[:1]  # the first link again
        edited.append(item._replace(typed=tuple(typed[n] for n in names[item.kind]),
                                    units=tuple(reversed(item.units)), measures=measures))
    prepared.records = edited
    assert any(i.kind == "target" for i in edited) and any(i.measures for i in edited)
    with SQLiteStore(tmp_path / "one.db", create=True) as store:
        with store.atomic():
            store.sync_measures(taxonomy)
            store.put_document(prepared)
        query = RecordQuery(limit=10_000)
        stored = store.record_payloads(query)[0]
        built = [orjson.dumps(r.to_dict())
                 for r in store.records(replace(query, count_total=False)).items]
    assert stored == built  # bytes: 8 and 8.0 would parse equal
    assert any(r["kind"] == "target" and r["deadline_year"] == 2027
               for r in map(orjson.loads, stored))
