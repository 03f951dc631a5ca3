"""Records queries and their exports: CSV (UTF-8 with BOM, for Excel), JSON Lines, XLSX."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from policyintel.index.queries import RecordQuery
from policyintel.index.store import Page, RecordRow, Store

# Export columns: common ones, then each kind's own (a row leaves other kinds' columns empty).
EXPORT_COLUMNS = (
    "id", "kind", "city", "doc_type", "date", "source", "doc_id", "start", "end", "section",
    "text", "metric", "value", "unit", "comparator", "deadline_year", "year", "scope", "recurring",
    "recipient", "level", "amount_yuan", "is_cap", "ratio", "per", "form", "lead_units",
    "lead_units_canonical", "partner_units", "partner_units_canonical", "measures",
)


def query_records(store: Store, query: RecordQuery | None = None, **filters: Any) -> Page:
    """One page of records matching ``query`` (or keyword filters of RecordQuery)."""
    q = query or RecordQuery()
    if filters:
        q = replace(q, **filters)
    return store.records(q)


def iter_records(store: Store, query: RecordQuery | None = None, *, page_size: int = 1000,
                 ) -> Iterator[RecordRow]:
    """Every record matching ``query``, page by page (cursor pagination)."""
    q = replace(query or RecordQuery(), limit=page_size, offset=0, cursor=None, count_total=False)
    while True:
        page = store.records(q)
        yield from page.items
        if page.next_cursor is None:
            return
        q = replace(q, cursor=page.next_cursor)


def flat_row(r: RecordRow) -> dict[str, Any]:
    """A record as one flat row of EXPORT_COLUMNS (lists joined with 、, sections with ' > ')."""
    d = r.to_dict()
    out: dict[str, Any] = {}
    for col in EXPORT_COLUMNS:
        value = d.get(col)
        if col == "section":
            value = " > ".join(value or ())
        elif isinstance(value, list):
            value = "、".join(map(str, value))
        out[col] = value
    return out


def write_csv(rows: Iterable[RecordRow], out: IO[str]) -> int:
    """CSV with a UTF-8 BOM so that Excel shows the Chinese; returns the number of rows."""
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for r in rows:
        writer.writerow(flat_row(r))
        n += 1
    return n


def write_jsonl(rows: Iterable[RecordRow], out: IO[str]) -> int:
    n = 0
    for r in rows:
        out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_xlsx(rows: Iterable[RecordRow], path: str | Path | IO[bytes]) -> int:
    """An XLSX workbook with one sheet of EXPORT_COLUMNS (write-only mode: constant memory)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("records")
    ws.append(list(EXPORT_COLUMNS))
    n = 0
    for r in rows:
        flat = flat_row(r)
        ws.append([flat[c] for c in EXPORT_COLUMNS])
        n += 1
    wb.save(path)
    return n


def export(store: Store, query: RecordQuery | None, fmt: str, out: str | Path | IO[Any]) -> int:
    """Write every record matching ``query`` as ``fmt`` (csv, jsonl, xlsx) to ``out``."""
    rows = iter_records(store, query)
    if fmt == "xlsx":
        return write_xlsx(rows, out)  # type: ignore[arg-type]
    writer = {"csv": write_csv, "jsonl": write_jsonl}[fmt]
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return writer(rows, fh)
    return writer(rows, out)  # type: ignore[arg-type]


def csv_text(rows: Iterable[RecordRow]) -> str:
    buf = io.StringIO()
    write_csv(rows, buf)
    return buf.getvalue()
