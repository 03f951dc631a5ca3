"""Records queries over the corpus index, pagination, and exports (CSV with BOM, JSONL, XLSX)."""

from __future__ import annotations

import io
import json

from policyintel.index.queries import RecordQuery
from policyintel.index.records import export, iter_records, query_records, write_csv


def _require(store, **filters):
    page = query_records(store, RecordQuery(limit=1000, **filters))
    assert page.items, f"no records for {filters}"
    return page


def test_yibin_subsidies_include_700000_for_a_national_master_studio(store):
    page = _require(store, kind="subsidy", city="宜宾")
    hits = [r for r in page.items if r.fields["amount_yuan"] == 700000]
    assert any(r.fields["level"] == "国家级" and "技能大师工作室" in (r.fields["recipient"] or "")
               for r in hits), [(r.fields, r.text) for r in hits]


def test_targets_carry_the_plan_period_apart_from_their_deadline(store):
    # The Dazhou action plan's title names 2025—2027; its tasks keep 2027 as plan_end_year even
    # where the sentence states no deadline of its own.
    page = _require(store, kind="target", city="达州")
    plan = [r for r in page.items if "行动方案" in (r.title or "")]
    assert plan and all(r.fields["plan_end_year"] == 2027 for r in plan)
    assert any(r.fields["deadline_year"] is None for r in plan)
    assert any(r.to_dict()["plan_end_year"] == 2027 for r in plan)


def test_records_are_grounded_in_their_document(store):
    for r in query_records(store, RecordQuery(limit=300)).items:
        doc = store.document(r.doc_id, with_text=True)
        assert doc.text[r.start:r.end] == r.text


def test_kind_filter(store):
    page = _require(store, kind="responsibility")
    assert {r.kind for r in page.items} == {"responsibility"}
    assert all(r.lead_units or r.partner_units for r in page.items)


def test_unit_filter_matches_canonical_or_written_name(store):
    page = _require(store, kind="responsibility", unit="人力资源社会保障局")
    for r in page.items:
        names = [n for pair in r.lead_units + r.partner_units for n in pair if n]
        assert any("人力资源社会保障局" in n for n in names)


def test_amount_range_and_sort(store):
    page = _require(store, kind="subsidy", amount_min=100000, sort="amount", descending=True)
    amounts = [r.fields["amount_yuan"] for r in page.items]
    assert all(a >= 100000 for a in amounts) and amounts == sorted(amounts, reverse=True)


def test_cursor_pages_cover_everything_once(store):
    everything = [r.id for r in query_records(store, RecordQuery(limit=100000)).items]
    paged = [r.id for r in iter_records(store, RecordQuery(), page_size=7)]
    assert paged == everything


def test_offset_pagination(store):
    first = query_records(store, RecordQuery(limit=5)).items
    second = query_records(store, RecordQuery(limit=5, offset=5)).items
    assert not {r.id for r in first} & {r.id for r in second}


def test_csv_has_a_bom_and_the_chinese_intact(store):
    buf = io.StringIO()
    n = write_csv(iter_records(store, RecordQuery(kind="responsibility")), buf)
    data = buf.getvalue().encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,kind,city")
    if n:
        assert "局" in text


def test_jsonl_is_one_record_per_line(store, tmp_path):
    out = tmp_path / "r.jsonl"
    n = export(store, RecordQuery(), "jsonl", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == n
    if n:
        first = json.loads(lines[0])
        assert {"kind", "start", "end", "text", "source"} <= set(first)


def test_xlsx_is_readable_by_openpyxl(store, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    n = export(store, RecordQuery(), "xlsx", out)
    ws = load_workbook(out, read_only=True)["records"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "kind", "city")
    assert len(rows) == n + 1
