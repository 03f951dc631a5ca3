"""The web page in Debian's Chromium (Playwright): what a researcher does, checked on screen.

Each test also writes screenshots of its page at 1366×768 and 375×812 to
tests/artifacts/screenshots/ so that a person can look at the layout.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import policyintel
import pytest

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

PLACE = re.compile(r"/documents/(\d+)\?at=(\d+)-(\d+)#at$")
YIBIN_FILE = (Path(policyintel.__file__).parent / "corpus" / "yibin"
              / "2022-chanjiao-ronghe-shifanshi-shishi-fangan.txt")


def test_search_lists_clauses_from_three_cities(page, shoot):
    page.goto("/")
    page.get_by_role("searchbox", name="关键词").fill("技能大师工作室")
    page.get_by_role("button", name="检索").click()
    page.wait_for_url(re.compile(r"/search\?q="))
    hits = page.locator("li.hit")
    expect(hits.first).to_be_visible()
    cities = set(hits.evaluate_all("els => els.map(e => e.dataset.city)"))
    assert len(cities) >= 3, cities
    # every snippet highlights the query (or a word of it) and links to its place
    for i in range(hits.count()):
        hit = hits.nth(i)
        assert hit.locator("mark.hl").count() >= 1
        assert PLACE.search(hit.locator("a.goto").get_attribute("href"))
    assert "技能大师工作室" in " ".join(hits.locator("mark.hl").all_inner_texts())
    shoot(page, "search")
    # the link goes to the exact clause, scrolled into view and marked
    first = hits.first
    section = first.locator(".path span").last.inner_text() if first.locator(".path span").count() else ""
    first.locator("a.goto").click()
    page.wait_for_url(PLACE)
    focus = page.locator("#at")
    expect(focus).to_be_in_viewport()
    assert "技能大师工作室" in focus.inner_text() or section in focus.inner_text()


def test_yibin_document_shows_the_subsidy_at_its_span(page, shoot):
    records = page.request.get("/api/v1/records", params={
        "city": "宜宾", "kind": "subsidy", "limit": 500}).json()["records"]
    subsidy = next(r for r in records if "70万元" in r["text"])
    page.goto(f"/documents/{subsidy['doc_id']}")
    expect(page.locator("h1")).to_contain_text("宜宾")
    mark = page.locator(f'mark[data-kind="subsidy"][data-start="{subsidy["start"]}"]')
    expect(mark).to_have_count(1)
    expect(mark).to_contain_text("70万元")
    assert mark.get_attribute("data-end") == str(subsidy["end"])
    # the mark sits at its offsets in the displayed text, and is coloured
    assert page.evaluate(
        """([start, end]) => {
             const text = document.querySelector('article.doc-text').textContent;
             return Array.from(text).slice(start, end).join('');
           }""", [subsidy["start"], subsidy["end"]]) == subsidy["text"]
    background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    # every record of the document is marked; the legend names the kinds
    doc = page.request.get(f"/api/v1/documents/{subsidy['doc_id']}").json()
    assert page.locator("article.doc-text mark[id^='r']").count() == len(doc["records"])
    expect(page.locator(".legend")).to_contain_text("补贴")
    # clicking it in the side list scrolls to it
    page.locator(f'a.rec-link[data-rec="{subsidy["id"]}"]').click()
    expect(mark).to_be_in_viewport()
    expect(page).to_have_url(re.compile(rf"#r{subsidy['id']}$"))
    page.goto(f"/documents/{subsidy['doc_id']}?at={subsidy['start']}-{subsidy['end']}#at")
    expect(page.locator("#at")).to_be_in_viewport()
    shoot(page, "document")


def test_compare_table_links_open_the_clause(page, shoot):
    page.goto("/compare")
    table = page.locator("#compare-table")
    expect(table).to_be_visible()
    cities = table.locator("thead th").all_inner_texts()[1:]
    assert len(cities) >= 3 and "宜宾" in cities
    assert table.locator("tbody tr").count() >= 5
    links = table.locator("td li:not(.rest) a")
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(PLACE.search(h) for h in hrefs)
    # a long cell links the rest of its entries to the records table
    for href in table.locator("td li.rest a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"):
        assert href.startswith("/records?measure=") and page.request.get(href).ok
    shoot(page, "compare")
    # the 技能大师工作室 row, 宜宾 column: a subsidy entry; click it
    col = cities.index("宜宾") + 2
    row = table.locator("tbody tr", has=page.locator("th", has_text="技能大师工作室"))
    link = row.locator(f"td:nth-child({col}) li.k-subsidy a").first
    quote = link.get_attribute("title")
    link.click()
    page.wait_for_url(PLACE)
    focus = page.locator("#at")
    expect(focus).to_be_in_viewport()
    assert focus.inner_text() == quote
    # a sample of the other links answer with the document page
    for href in hrefs[:: max(1, len(hrefs) // 8)]:
        assert page.request.get(href).ok


def test_records_csv_download_keeps_the_chinese(page, shoot):
    page.goto("/records")
    page.get_by_label("城市", exact=True).select_option("宜宾")
    page.get_by_label("类型", exact=True).select_option("subsidy")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"kind=subsidy"))
    rows = page.locator("#records-table tbody tr")
    expect(rows.first).to_be_visible()
    total = int(re.search(r"共 (\d+) 条", page.locator("h1").inner_text()).group(1))
    shoot(page, "records")
    with page.expect_download() as info:
        page.locator("#dl-csv").click()
    assert info.value.suggested_filename.endswith(".csv")
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    table = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(table) == total
    assert {r["city"] for r in table} == {"宜宾"} and {r["kind"] for r in table} == {"subsidy"}
    assert any("70万元" in r["text"] and "技能大师工作室" in r["recipient"] for r in table)
    with page.expect_download() as info:
        page.locator("#dl-xlsx").click()
    from openpyxl import load_workbook

    assert info.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "宜宾" in cells and any("70万元" in c for c in cells)


def test_upload_shows_the_extraction(page, shoot):
    page.goto("/upload")
    page.locator("#upload-file").set_input_files(str(YIBIN_FILE))
    expect(page.locator("#upload-status")).to_contain_text("抽取完成", timeout=60_000)
    mark = page.locator('#upload-text mark[data-kind="subsidy"]', has_text="70万元")
    expect(mark.first).to_be_visible()
    expect(page.locator("#upload-sub")).to_contain_text("宜宾")
    shoot(page, "upload")


def _drop(page, name: str, data: bytes, mime: str) -> None:
    transfer = page.evaluate_handle(
        """([name, bytes, mime]) => {
             const dt = new DataTransfer();
             dt.items.add(new File([new Uint8Array(bytes)], name, {type: mime}));
             return dt;
           }""", [name, list(data), mime])
    page.dispatch_event("#upload-form", "drop", {"dataTransfer": transfer})


def test_upload_by_drop_and_a_file_it_cannot_read(page):
    page.goto("/upload")
    reply = "对你们提出的建议，我局高度重视。2023年，全市新增省级技能大师工作室3个，" \
            "对新获批的单位给予20万元一次性奖励。\n"
    _drop(page, "答复.txt", reply.encode("gb18030"), "text/plain")
    expect(page.locator("#upload-status")).to_contain_text("抽取完成", timeout=60_000)
    expect(page.locator('#upload-text mark[data-kind="subsidy"]')).to_have_text("20万元")
    _drop(page, "图片.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
    expect(page.locator("#upload-status")).to_contain_text("抽取失败", timeout=60_000)
    expect(page.locator("#upload-status")).to_have_class(re.compile("error"))


def test_home_page(page, shoot):
    page.goto("/")
    expect(page.locator(".doclist")).to_contain_text("宜宾")
    shoot(page, "home")
