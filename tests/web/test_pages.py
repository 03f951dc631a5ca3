"""The HTML pages without a browser: status, Chinese content, marks at the records' spans."""

from __future__ import annotations

import html
import re

import pytest
from policyintel.api.labels import summary, yuan
from policyintel.api.marks import Span, mark_text, segments
from policyintel.index.queries import RecordQuery
from policyintel.index.records import iter_records
from policyintel.index.store import open_store

MARK_OPEN = re.compile(r'<mark id="r(\d+)"[^>]*data-start="(\d+)" data-end="(\d+)"[^>]*'
                       r'data-kind="(\w+)"')


@pytest.fixture(scope="module")
def store(web_db):
    s = open_store(web_db, readonly=True)
    yield s
    s.close()


def _doc_id(store, city: str, needle: str) -> int:
    for d in store.documents():
        if d.metadata.get("city") == city and needle in (store.document(d.id, with_text=True).text
                                                          or ""):
            return d.id
    raise LookupError(needle)


@pytest.mark.parametrize(("url", "expected"), [
    ("/", "地方政策文件中的承诺"),
    ("/search", "在全部文件的条款中检索"),
    ("/search?q=技能大师工作室", "技能大师工作室"),
    ("/search?q=技能大师工作室&city=&doc_type=&year=&kind=", "条结果"),
    ("/compare", "城市对比"),
    ("/records", "记录表"),
    ("/records?kind=subsidy&city=宜宾&year=&unit=", "下载 CSV"),
    ("/upload", "把文件拖到这里"),
], ids=["home", "search-empty", "search", "search-empty-filters", "compare", "records",
        "records-filtered", "upload"])
def test_page_answers_in_chinese(client, url, expected):
    r = client.get(url)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert expected in html.unescape(r.text)
    assert 'lang="zh-CN"' in r.text


def test_search_page_lists_three_cities(client):
    body = client.get("/search", params={"q": "技能大师工作室"}).text
    cities = set(re.findall(r'<li class="hit" data-city="([^"]*)"', body))
    assert {"宜宾", "达州", "遂宁"} <= cities
    links = re.findall(r'href="(/documents/\d+\?at=\d+-\d+#at)"', body)
    assert links and all(client.get(u).status_code == 200 for u in set(links[:5]))


def test_document_page_marks_every_record_at_its_span(client, store):
    doc_id = _doc_id(store, "宜宾", "70万元")
    info = store.document(doc_id, with_text=True)
    records = list(iter_records(store, RecordQuery(doc_id=doc_id)))
    body = client.get(f"/documents/{doc_id}").text
    opened = {int(i): (int(a), int(b), k) for i, a, b, k in MARK_OPEN.findall(body)}
    assert opened == {r.id: (r.start, r.end, r.kind) for r in records}
    subsidy = next(r for r in records if r.kind == "subsidy" and r.text == "70万元")
    assert re.search(rf'<mark id="r{subsidy.id}"[^>]*>70万元</mark>', body)
    assert info.text and info.text[subsidy.start:subsidy.end] == "70万元"
    # the marked text, tags removed, is the document's text
    article = re.search(r'<article class="doc-text"[^>]*>(.*?)</article>', body, re.DOTALL).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", article)) == info.text


def test_document_page_focus_wraps_the_linked_span(client, store):
    doc_id = _doc_id(store, "宜宾", "70万元")
    text = store.document(doc_id, with_text=True).text
    start = text.index("70万元")
    body = client.get(f"/documents/{doc_id}", params={"at": f"{start}-{start + 4}"}).text
    assert re.search(r'<span id="at" class="focus"[^>]*><mark [^>]*>70万元</mark></span>', body)


@pytest.mark.parametrize("url", ["/documents/999999", "/documents/abc", "/documents/0"],
                         ids=["unknown-id", "not-a-number", "zero"])
def test_missing_document_is_a_chinese_404_page(client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert "没有编号为" in r.text and r.headers["content-type"].startswith("text/html")


def test_records_page_download_links_keep_the_filters(client):
    body = html.unescape(client.get("/records", params={"kind": "subsidy", "city": "宜宾"}).text)
    csv_link = re.search(r'id="dl-csv" href="([^"]+)"', body).group(1)
    assert "kind=subsidy" in csv_link and "format=csv" in csv_link and "city=" in csv_link
    r = client.get(csv_link)
    assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf")
    assert "宜宾" in r.content.decode("utf-8-sig")


def test_compare_page_cells_link_to_clauses(client):
    body = client.get("/compare").text
    links = re.findall(r'href="(/documents/\d+\?at=\d+-\d+#at)"', body)
    assert len(links) > 10
    assert "技能大师工作室" in body and "宜宾" in body


def test_upload_page_says_when_it_is_off(web_db):
    from fastapi.testclient import TestClient
    from policyintel.api.app import create_app

    with TestClient(create_app(web_db)) as c:
        body = c.get("/upload").text
    assert "上传功能未开启" in body and "upload.js" not in body


def test_static_files_are_served_and_confined(client):
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").headers["content-type"].startswith(
        ("text/javascript", "application/javascript"))
    assert client.get("/static/..%2Fpages.py").status_code == 404
    assert client.get("/static/nothing.css").status_code == 404


def test_pages_are_not_in_the_api_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert not any(p in paths for p in ("/", "/search", "/compare", "/records", "/upload"))


# -- marks: nesting of overlapping spans ---------------------------------------------------------
def _strip(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.mark.parametrize(("spans", "expected"), [
    ([(2, 6, "a")], '对于<mark id="a" data-start="2" data-end="6">新获批的</mark>单位给予70万元'),
    ([(0, 14, "outer"), (10, 14, "inner")],
     ('<mark id="outer" data-start="0" data-end="14">对于新获批的单位给予<mark id="inner" '
     'data-start="10" data-end="14">70万元</mark></mark>')),
    ([(2, 8, "x"), (6, 10, "y")],
     ('对于<mark id="x" data-start="2" data-end="8">新获批的<mark id="y" data-start="6" '
     'data-end="10">单位</mark></mark><mark class="cont" data-start="6" data-end="10">给予</mark>'
     '70万元')),
], ids=["one-span", "nested", "crossing-split"])
def test_mark_text_nests(spans, expected):
    text = "对于新获批的单位给予70万元"
    out = mark_text(text, [Span(a, b, id=i) for a, b, i in spans])
    assert str(out).startswith(expected)
    assert _strip(str(out)) == text


def test_mark_text_escapes_and_skips_empty_spans():
    out = str(mark_text("<b>补贴</b>", [Span(3, 3, id="e"), Span(3, 5, data={"kind": "a&b"})]))
    assert "<b>" not in out and "&lt;b&gt;" in out and 'data-kind="a&amp;b"' in out
    assert 'id="e"' not in out


def test_segments_cut_at_highlights():
    text = "实施技能大师工作室建设"
    assert segments(text, 0, len(text), [(2, 9)]) == [
        ("实施", False), ("技能大师工作室", True), ("建设", False)]


@pytest.mark.parametrize(("kind", "fields", "expected"), [
    ("subsidy", {"level": "国家级", "recipient": "新获批国家级技能大师工作室的单位",
                 "amount_yuan": 700000.0, "is_cap": False, "form": "一次性奖励"},
     "新获批国家级技能大师工作室的单位 70万元 一次性奖励"),
    ("subsidy", {"level": "省级", "recipient": "新认定的企业", "amount_yuan": 200000.0},
     "省级 新认定的企业 20万元"),
    ("subsidy", {"amount_yuan": 5000000, "is_cap": True, "per": "个", "ratio": 0.3},
     "最高500万元/个 比例30%"),
    ("target", {"metric": "技能人才培训", "value": 10000.0, "unit": "人次", "comparator": ">=",
                "deadline_year": 2027}, "技能人才培训 ≥10000人次（2027年）"),
    ("target", {"metric": "产业规模", "value": 150000000.0, "unit": "元", "comparator": "="},
     "产业规模 1.5亿元"),
    ("achievement", {"metric": "新增企业新型学徒", "value": 2443, "unit": "人", "year": 2022},
     "新增企业新型学徒 2443人（2022年）"),
    ("responsibility", {"lead_units": ["市人社局"], "lead_units_canonical": ["市人力资源社会保障局"],
                        "partner_units": ["市财政局"]},
     "牵头：市人力资源社会保障局；配合：市财政局"),
], ids=["subsidy-level-in-recipient", "subsidy-level-apart", "subsidy-cap-per-ratio", "target", "target-money", "achievement",
        "responsibility"])
def test_summary(kind, fields, expected):
    assert summary(kind, fields) == expected


@pytest.mark.parametrize(("amount", "expected"), [
    (700000, "70万元"), (150000000, "1.5亿元"), (5000, "5000元"), (12345.5, "1.2346万元")],
    ids=["wan", "yi", "yuan", "fraction"])
def test_yuan(amount, expected):
    assert yuan(amount) == expected


def test_home_lists_one_city_on_request(client):
    body = client.get("/", params={"city": "遂宁"}).text
    assert "<h3>遂宁" in body and "<h3>宜宾" not in body


def test_pages_without_an_index_say_how_to_build_one(tmp_path):
    from fastapi.testclient import TestClient
    from policyintel.api.app import create_app

    with TestClient(create_app(tmp_path / "missing.db")) as c:
        for url in ("/", "/search?q=补贴", "/records", "/compare", "/documents/1"):
            r = c.get(url)
            assert r.status_code == 503 and "索引不可用" in r.text and "policyintel build" in r.text
        assert c.get("/upload").status_code == 200


@pytest.mark.parametrize(("meta", "source", "expected"), [
    ({"title": "宜宾市职业教育改革实施方案"}, "a.txt", "宜宾市职业教育改革实施方案"),
    ({"issuer": "达州市人民政府办公室", "doc_type": "notice", "doc_number": "达市府办函〔2021〕156号"},
     "x.txt", "达州市人民政府办公室通知（达市府办函〔2021〕156号）"),
    ({"city": "南通", "doc_type": "action_plan"}, "corpus/nantong/2024-plan.txt", "南通市行动方案"),
    ({"city": "南通"}, "corpus/nantong/2019-jinzhan.txt", "南通市（2019-jinzhan）"),
    ({}, "corpus/x/2019-jinzhan.txt", "2019-jinzhan"),
], ids=["title", "issuer-type-number", "city-type", "city-only", "nothing"])
def test_doc_title_falls_back_on_metadata(meta, source, expected):
    from policyintel.api.pages import doc_title

    assert doc_title(meta, source) == expected


def test_compare_pages_cities_and_caps_cells_on_a_large_index(client, monkeypatch):
    from policyintel.api import pages

    monkeypatch.setattr(pages, "COMPARE_CITIES", 2)
    monkeypatch.setattr(pages, "COMPARE_ENTRIES", 1)
    monkeypatch.setattr(pages, "COMPARE_ALL_DOCS", 5)  # the corpus (21 documents) is "large"
    body = html.unescape(client.get("/compare").text)
    assert "索引较大" in body
    heads = re.findall(r'<th scope="col">([^<]+)</th>', body)
    assert len(heads) == 1 + 2
    pager = re.findall(r'<nav class="pager".*?</nav>', body, re.DOTALL)[0]
    later = re.findall(r'href="(/compare\?[^"]*cities_from=2)"', pager)
    assert later
    body2 = html.unescape(client.get(later[0]).text)
    heads2 = re.findall(r'<th scope="col">([^<]+)</th>', body2)
    assert heads2[1:] and not set(heads2[1:]) & set(heads[1:])
    assert re.search(r'另有 \d+ 项', body + body2)


def test_compare_one_city(client):
    body = client.get("/compare", params={"city": "宜宾", "measure": "技能大师工作室"}).text
    assert re.findall(r'<th scope="col">([^<]+)</th>', body) == ["举措", "宜宾"]
    assert "70万元" in body


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("一、总则\n对新获批的单位，分别给予70万元、40万元的一次性奖励。其他条款",
     "70万元", ("对新获批的单位，分别给予", "70万元", "、40万元的一次性奖励。")),
    ("甲" * 60 + "给予20万元奖励" + "乙" * 60, "20万元",
     ("…" + "甲" * 38 + "给予", "20万元", "奖励" + "乙" * 38 + "…")),
], ids=["cut-at-sentence", "cut-at-width"])
def test_context_around_a_record(text, span, expected):
    from policyintel.api.pages import context

    start = text.index(span)
    assert context(text, start, start + len(span)) == expected


def test_records_page_shows_each_record_in_its_sentence(client):
    body = client.get("/records", params={"kind": "subsidy", "city": "宜宾"}).text
    assert re.search(r'分别给予<mark class="k-subsidy">70万元</mark>、', body)


def test_nav_links_only_to_mounted_pages(client):
    body = client.get("/").text
    assert ('href="/draft"' in body) == any(
        getattr(r, "path", None) == "/draft" for r in client.app.routes)
    for path in ("/search", "/compare", "/records", "/upload"):
        assert f'href="{path}"' in body
