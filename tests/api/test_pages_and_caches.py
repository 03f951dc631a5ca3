"""Keyset pages under every sort and filter, totals on request, and the answer caches: bounded,
and never serving an answer of an index that has since changed."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

V1 = "/api/v1"
SORTS = ("document", "amount", "value", "year", "city")
FILTERS = [{}, {"kind": "subsidy"}, {"kind": "target", "city": "宜宾"}, {"city": "达州"},
           {"doc_type": "implementation_plan"}, {"kind": "responsibility", "unit": "人社"}]
FILTER_IDS = ["all", "subsidies", "targets of Yibin", "Dazhou", "implementation plans",
              "tasks of the HR bureau"]


def _get(client, **params):
    r = client.get(V1 + "/records", params=params)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize("filters", FILTERS, ids=FILTER_IDS)
@pytest.mark.parametrize("desc", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("sort", SORTS)
def test_cursor_pages_list_every_record_once_in_the_order_of_one_page(client, sort, desc,
                                                                      filters):
    whole = _get(client, sort=sort, desc=desc, limit=1000, **filters)
    assert whole["total"] == len(whole["records"]) and whole["next_cursor"] is None
    seen, cursor = [], None
    while True:
        page = _get(client, sort=sort, desc=desc, limit=7, total=False, **filters,
                    **({"cursor": cursor} if cursor else {}))
        assert page["total"] is None
        seen += [r["id"] for r in page["records"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [r["id"] for r in whole["records"]]


def test_subsidies_of_a_city_are_in_document_order_with_their_total(client):
    body = _get(client, kind="subsidy", city="宜宾", limit=5)
    everything = _get(client, kind="subsidy", city="宜宾", limit=1000)["records"]
    assert body["total"] == len(everything) > 5
    keys = [(r["doc_id"], r["start"], r["id"]) for r in everything]
    assert keys == sorted(keys)
    assert all(r["city"] == "宜宾" and r["kind"] == "subsidy" for r in everything)
    nxt = _get(client, kind="subsidy", city="宜宾", limit=5, cursor=body["next_cursor"])
    assert nxt["total"] == body["total"]
    assert [r["id"] for r in nxt["records"]] == [r["id"] for r in everything[5:10]]


def test_total_is_left_out_on_request(client):
    assert _get(client, kind="target", total=False)["total"] is None
    assert _get(client, kind="target", total=True)["total"] > 0


def test_cached_answers_follow_a_change_of_the_index(scratch_db):
    from policyintel.api.app import create_app
    from policyintel.index.store import open_store

    with TestClient(create_app(scratch_db)) as c:
        def records():
            return c.get(V1 + "/records", params={"kind": "subsidy", "limit": 1000}).json()

        def search():
            return c.get(V1 + "/search", params={"q": "补贴", "limit": 200}).json()

        before, hits = records(), search()
        assert records() == before and search() == hits  # answered from the caches
        pool = c.app.state.pool
        assert pool.pages.hits and pool.search.hits
        doc = min({r["doc_id"] for r in before["records"]} & {h["doc_id"] for h in hits["hits"]})
        store = open_store(scratch_db)
        try:
            with store.atomic():
                store.delete_document(doc)
        finally:
            store.close()
        after = records()
        assert after["total"] == len(after["records"]) < before["total"]
        assert doc not in {r["doc_id"] for r in after["records"]}
        assert doc not in {h["doc_id"] for h in search()["hits"]}


def test_lru_keeps_within_its_item_and_byte_bounds():
    from policyintel.api.cache import LRU

    cache = LRU(3, max_bytes=50)
    for k in "abc":
        cache.put(k, k * 10, 10)
    assert cache.get("a") == "a" * 10  # a is now the most recently used
    cache.put("d", "d" * 10, 10)
    assert cache.get("b") is None and len(cache) == 3
    cache.put("e", "e" * 12, 12)
    cache.put("f", "f" * 12, 12)
    assert len(cache) == 3 and cache.nbytes <= 50
    assert [k for k in "acdef" if cache.get(k) is not None] == ["d", "e", "f"]
    cache.put("huge", "x" * 13, 13)  # over a quarter of the bytes: not kept
    assert cache.get("huge") is None and cache.get("f") == "f" * 12
