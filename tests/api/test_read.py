"""Reading the corpus index over HTTP: real answers from the bundled documents."""

from __future__ import annotations

import pytest
from policyintel.index.queries import ClauseFilters

V1 = "/api/v1"


def _get(client, path, **params):
    r = client.get(V1 + path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_health_reports_the_corpus_index(client):
    body = _get(client, "/health")
    assert body["status"] == "ok"
    index = body["index"]
    assert index["documents"] == 21
    assert set(index["cities"]) >= {"宜宾", "达州", "遂宁", "南通"}
    assert index["records"] > 100


def test_version(client):
    import policyintel

    body = _get(client, "/version")
    assert body["version"] == policyintel.__version__
    assert body["api_version"] == "v1"


def test_documents_are_filtered_and_paginated(client):
    everything = _get(client, "/documents", limit=500)
    assert everything["total"] == 21
    yibin = _get(client, "/documents", city="宜宾")
    assert yibin["total"] == 4
    assert {d["metadata"]["city"] for d in yibin["items"]} == {"宜宾"}
    replies = _get(client, "/documents", doc_type="proposal_reply", year=2023)
    assert replies["total"] >= 2
    assert all(d["metadata"]["doc_type"] == "proposal_reply" and d["year"] == 2023
               for d in replies["items"])
    first, second = (_get(client, "/documents", limit=10, offset=o)["items"] for o in (0, 10))
    ids = [d["id"] for d in first + second]
    assert len(ids) == 20 and len(set(ids)) == 20


@pytest.fixture(scope="module")
def yibin_plan(client):
    """The Yibin implementation plan (its 国家级技能大师工作室 award is 70万元)."""
    docs = _get(client, "/documents", city="宜宾", doc_type="implementation_plan", limit=50)["items"]
    plan = next(d for d in docs if "产教融合" in (d["metadata"]["title"] or ""))
    return _get(client, f"/documents/{plan['id']}")


def test_document_records_are_grounded_in_its_text(yibin_plan):
    text = yibin_plan["text"]
    assert len(text) == yibin_plan["n_chars"] == yibin_plan["text_end"]
    assert yibin_plan["records"], "the plan has records"
    for r in yibin_plan["records"]:
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["doc_id"] == yibin_plan["id"]
    award = [r for r in yibin_plan["records"]
             if r["kind"] == "subsidy" and r["amount_yuan"] == 700000]
    assert award and award[0]["level"] == "国家级"
    assert text[award[0]["start"]:award[0]["end"]] == "70万元"


def test_document_outline_points_at_its_headings(yibin_plan):
    text = yibin_plan["text"]
    outline = yibin_plan["outline"]
    assert len(outline) >= 3

    def walk(sections):
        for s in sections:
            assert text[s["start"]:s["heading_end"]].strip().startswith(s["heading"][:4])
            walk(s["children"])

    walk(outline)
    assert outline[0]["heading"].startswith("一、")


def test_document_text_slice(client, yibin_plan):
    doc_id, text = yibin_plan["id"], yibin_plan["text"]
    part = _get(client, f"/documents/{doc_id}", start=2400, end=2500)
    assert part["text"] == text[2400:2500]
    assert (part["text_start"], part["text_end"]) == (2400, 2500)
    assert part["records"] and all(r["start"] < 2500 and r["end"] > 2400 for r in part["records"])
    past_end = _get(client, f"/documents/{doc_id}", start=10**9)
    assert past_end["text"] == ""
    no_text = _get(client, f"/documents/{doc_id}", include_text="false")
    assert no_text["text"] is None and no_text["records"]


def test_search_finds_master_studios_in_three_cities(client):
    body = _get(client, "/search", q="技能大师工作室", limit=50)
    assert body["count"] >= 3
    assert len({h["city"] for h in body["hits"]}) >= 3
    for hit in body["hits"]:
        assert "«" in hit["snippet"] and "»" in hit["snippet"]
        assert hit["section"], "every hit has its section path"
        doc = _get(client, f"/documents/{hit['doc_id']}", start=hit["start"], end=hit["end"])
        assert doc["text"] == hit["text"]
        for start, end in hit["highlights"]:
            assert hit["start"] <= start < end <= hit["end"]


def test_search_filters(client):
    body = _get(client, "/search", q="技能大师工作室", city="宜宾", kind="subsidy")
    assert body["hits"] and {h["city"] for h in body["hits"]} == {"宜宾"}
    assert all("subsidy" in h["kinds"] for h in body["hits"])
    assert _get(client, "/search", q="技能大师工作室", year_from=2030)["count"] == 0


def test_search_by_unit_answers_the_same_as_the_library(client, corpus_db):
    # A unit-filtered search runs in the threadpool; its answer is the library's.
    from policyintel.index.search import search
    from policyintel.index.sqlite import SQLiteStore

    body = _get(client, "/search", q="培训", unit="人力资源社会保障局", limit=50)
    with SQLiteStore(corpus_db, readonly=True) as store:
        expected = search(store, "培训", filters=ClauseFilters(unit="人力资源社会保障局"), limit=50)
    assert body["count"] == len(expected.hits) > 0
    assert [h["clause_id"] for h in body["hits"]] == [h.clause.id for h in expected.hits]


def test_records_filtered_by_kind_and_city(client):
    body = _get(client, "/records", kind="subsidy", city="宜宾", limit=1000)
    assert body["total"] == len(body["records"]) > 5
    assert {r["kind"] for r in body["records"]} == {"subsidy"}
    assert {r["city"] for r in body["records"]} == {"宜宾"}
    award = [r for r in body["records"] if r["amount_yuan"] == 700000]
    assert award and award[0]["level"] == "国家级"
    national = _get(client, "/records", kind="subsidy", city="宜宾", level="国家级", limit=1000)
    assert 700000 in {r["amount_yuan"] for r in national["records"]}
    assert {r["level"] for r in national["records"]} == {"国家级"}


def test_records_sorted_by_amount(client):
    body = _get(client, "/records", kind="subsidy", sort="amount", desc="true", limit=5)
    amounts = [r["amount_yuan"] or -1 for r in body["records"]]
    assert amounts == sorted(amounts, reverse=True)
    low = _get(client, "/records", kind="subsidy", amount_min=100000, amount_max=500000, limit=1000)
    assert low["records"] and all(100000 <= r["amount_yuan"] <= 500000 for r in low["records"])


def test_records_cursor_pages_cover_everything_once(client):
    total = _get(client, "/records", limit=1)["total"]
    seen, cursor = [], None
    while True:
        params = {"limit": 37, **({"cursor": cursor} if cursor else {})}
        page = _get(client, "/records", **params)
        seen += [r["id"] for r in page["records"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == total


def test_responsibility_records_name_units(client):
    body = _get(client, "/records", kind="responsibility", limit=1000)
    assert body["records"]
    assert any(r["lead_units"] for r in body["records"])
    assert all(len(r["lead_units"]) == len(r["lead_units_canonical"]) for r in body["records"])


def test_compare_master_studios_across_cities(client):
    body = _get(client, "/compare", measure="技能大师工作室")
    assert body["measures"] == ["技能大师工作室"]
    assert len(body["cities"]) >= 2
    cells = {c["city"]: c for c in body["cells"]}
    yibin = cells["宜宾"]
    assert 700000 in yibin["subsidies_by_level"]["国家级"]
    for entry in yibin["subsidies"]:
        src = entry["source"]
        doc = _get(client, f"/documents/{src['doc_id']}", start=src["start"], end=src["end"])
        assert doc["text"] == src["quote"]


def test_compare_by_alias_and_city(client):
    body = _get(client, "/compare", measure="大师工作室", city=["宜宾"])
    assert body["measures"] == ["技能大师工作室"] and body["cities"] == ["宜宾"]


def test_measures_list_the_taxonomy(client):
    names = [m["name"] for m in _get(client, "/measures")["measures"]]
    assert "技能大师工作室" in names


def test_similar_to_a_clause_comes_from_other_cities(client):
    hit = _get(client, "/search", q="技能大师工作室", city="宜宾", kind="subsidy")["hits"][0]
    body = _get(client, "/similar", clause_id=hit["clause_id"], limit=5)
    assert body["query"]["clause_id"] == hit["clause_id"]
    assert body["hits"] and all(h["city"] != "宜宾" for h in body["hits"])
    scores = [h["score"] for h in body["hits"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("text", ["技能大师工作室建设", "2027"], ids=["phrase", "digits-as-text"])
def test_similar_to_free_text(client, text):
    r = client.post(V1 + "/similar", json={"text": text, "limit": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["query"] == {"clause_id": None, "doc_id": None, "city": None, "source": None,
                             "text": text}
    assert len(body["hits"]) <= 3


def test_a_deep_search_page_continues_the_first(client):
    # Pages past INLINE_DEPTH hits are searched in the threadpool: the same ranking goes on.
    from policyintel.api.routers.search import INLINE_DEPTH

    whole = _get(client, "/search", q="的", limit=200, offset=0)["hits"]
    offset = len(whole) - 10
    assert offset + 50 > INLINE_DEPTH
    deep = _get(client, "/search", q="的", limit=50, offset=offset)["hits"]
    assert [h["clause_id"] for h in deep[:10]] == [h["clause_id"] for h in whole[-10:]]
