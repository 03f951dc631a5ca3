"""Records exports: CSV with a BOM for Excel, JSON Lines, XLSX; by format= or Accept."""

from __future__ import annotations

import csv
import io
import json

import pytest

V1 = "/api/v1"


def _total(client, **params) -> int:
    return client.get(V1 + "/records", params={**params, "limit": 1}).json()["total"]


def test_csv_has_bom_and_chinese_intact(client):
    r = client.get(V1 + "/records", params={"kind": "subsidy", "city": "宜宾", "format": "csv"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert 'filename="records.csv"' in r.headers["content-disposition"]
    raw = r.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == _total(client, kind="subsidy", city="宜宾")
    assert {row["city"] for row in rows} == {"宜宾"}
    award = [row for row in rows if row["amount_yuan"] in ("700000", "700000.0")]
    assert award and award[0]["level"] == "国家级" and award[0]["text"] == "70万元"
    assert "技能大师工作室" in award[0]["recipient"]


def test_jsonl_streams_every_match(client):
    r = client.get(V1 + "/records", params={"format": "jsonl"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert len(lines) == _total(client) > 200  # more than one page of the JSON API
    assert len({rec["id"] for rec in lines}) == len(lines)
    assert any("技能大师工作室" in (rec.get("recipient") or "") for rec in lines)


def test_xlsx_opens_with_openpyxl(client):
    from openpyxl import load_workbook

    r = client.get(V1 + "/records", params={"kind": "subsidy", "format": "xlsx"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    wb = load_workbook(io.BytesIO(r.content), read_only=True)
    rows = list(wb["records"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert "amount_yuan" in header and "recipient" in header
    assert len(body) == _total(client, kind="subsidy")
    kinds = {row[header.index("kind")] for row in body}
    assert kinds == {"subsidy"}
    assert any("技能大师工作室" in (row[header.index("recipient")] or "") for row in body)


@pytest.mark.parametrize(("accept", "media"), [
    ("text/csv", "text/csv"),
    ("application/x-ndjson", "application/x-ndjson"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("text/html,application/json;q=0.9,*/*;q=0.8", "application/json"),
    ("text/csv;q=0.5, application/x-ndjson", "application/x-ndjson"),
    ("*/*", "application/json"),
], ids=["csv", "jsonl", "xlsx", "browser-json", "quality-order", "anything"])
def test_format_from_accept_header(client, accept, media):
    r = client.get(V1 + "/records", params={"kind": "target"}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)


def test_format_parameter_beats_accept(client):
    r = client.get(V1 + "/records", params={"format": "json"}, headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("application/json")
