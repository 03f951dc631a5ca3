"""Records: the CLI's filters, sorting and cursor pagination; JSON pages or streamed exports.

``format=`` (or the Accept header) chooses: ``json`` (default) answers one page; ``csv`` (UTF-8
with a BOM, for Excel), ``jsonl`` and ``xlsx`` stream every matching record.

A JSON page is its records' JSON as the index stored it when each record was written
(``Store.record_payloads``), joined under the page's total and cursor; ``RecordsPage`` documents
it. Building and serialising 50 records per request cost four times the CPU of the bare
endpoint's whole request; joining stored bytes costs nothing. Totals are cached
by filters and index version (the pool's ``counts``), so the pages after the first of a query,
and its repeats, do not count again; ``total=false`` skips counting. Whole pages are cached
too (the pool's ``pages``), by query and index version.

The handler is async and reads the index on the event loop: a page takes well under a
millisecond, and under 32 concurrent clients the threadpool (one thread and one pooled
connection per request in flight, threads contending for the GIL) cost 1.2-3x the CPU per
request of reading inline (bench/bench_api.py). Exports stream from a thread.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from policyintel.api.cache import dumps
from policyintel.api.deps import StorePool, pool_of
from policyintel.api.errors import ApiError
from policyintel.api.models import RecordsPage
from policyintel.api.params import QueryModel, RequestRoute, documented, parse_query
from policyintel.api.routers import errors
from policyintel.index.queries import KINDS, SORTS, RecordQuery, decode_cursor
from policyintel.index.records import (
    EXPORT_COLUMNS,
    flat_row,
    iter_records,
    write_xlsx,
)
from policyintel.ingest.document import DOC_TYPES
from pydantic import Field

router = APIRouter(tags=["records"], route_class=RequestRoute)

Kind = Literal[KINDS]  # type: ignore[valid-type]
DocType = Literal[DOC_TYPES]  # type: ignore[valid-type]
Sort = Literal[tuple(SORTS)]  # type: ignore[valid-type]
Format = Literal["json", "csv", "jsonl", "xlsx"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8",
               "jsonl": "application/x-ndjson", "xlsx": XLSX}
_ACCEPT = {"application/json": "json", "text/csv": "csv", "application/x-ndjson": "jsonl",
           "application/jsonl": "jsonl", "application/x-jsonlines": "jsonl",
           "application/jsonlines": "jsonl", XLSX: "xlsx"}
_ROWS_PER_CHUNK = 200
_CHUNK_BYTES = 1 << 16


def negotiate(fmt: str | None, accept: str | None) -> str:
    """``fmt`` if given, else the first Accept media type we serve, else json."""
    if fmt:
        return fmt
    ranked = []
    for i, part in enumerate((accept or "").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media.lower() in _ACCEPT and q > 0:
            ranked.append((-q, i, _ACCEPT[media.lower()]))
    return min(ranked)[2] if ranked else "json"


def _check_cursor(cursor: str, sort: str) -> None:
    values = decode_cursor(cursor, len(SORTS[sort]))  # ConfigError (400) when malformed
    if not all(v is None or isinstance(v, (str, int, float)) for v in values):
        raise ApiError(400, "bad_request", f"invalid cursor {cursor!r} for this sort")
    if any(isinstance(v, int) and abs(v) >= 2**63 for v in values):
        raise ApiError(400, "bad_request", f"invalid cursor {cursor!r}")


def _csv_chunks(pool: StorePool, query: RecordQuery) -> Iterator[bytes]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    buf.write("\ufeff")
    writer.writeheader()
    with pool.lease() as store:
        for n, row in enumerate(iter_records(store, query), 1):
            writer.writerow(flat_row(row))
            if n % _ROWS_PER_CHUNK == 0:
                yield buf.getvalue().encode("utf-8")
                buf.seek(0)
                buf.truncate()
    yield buf.getvalue().encode("utf-8")


def _jsonl_chunks(pool: StorePool, query: RecordQuery) -> Iterator[bytes]:
    lines: list[str] = []
    with pool.lease() as store:
        for row in iter_records(store, query):
            lines.append(json.dumps(row.to_dict(), ensure_ascii=False))
            if len(lines) >= _ROWS_PER_CHUNK:
                yield ("\n".join(lines) + "\n").encode("utf-8")
                lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")


def _xlsx_chunks(pool: StorePool, query: RecordQuery) -> Iterator[bytes]:
    # A workbook is a zip written at the end: build it in a spooled file, then stream that.
    with tempfile.SpooledTemporaryFile(max_size=8 << 20) as fh:
        with pool.lease() as store:
            write_xlsx(iter_records(store, query), fh)
        fh.seek(0)
        while chunk := fh.read(_CHUNK_BYTES):
            yield chunk


_EXPORTS = {"csv": _csv_chunks, "jsonl": _jsonl_chunks, "xlsx": _xlsx_chunks}

_EXPORT_CONTENT = {media.split(";")[0]: {"schema": {"type": "string"}}
                   for fmt, media in MEDIA_TYPES.items() if fmt != "json"}


def _filters_key(query: RecordQuery) -> tuple[Any, ...]:
    """What a records total depends on: the filters, not the order or page."""
    return (query.kind, query.city, query.doc_type, query.unit, query.unit_role, query.level,
            query.year, query.year_from, query.year_to, query.amount_min, query.amount_max,
            query.measure, query.doc_id)


def json_page(pool: StorePool, query: RecordQuery, *, count: bool = True) -> bytes:
    """One page of ``query`` as RecordsPage JSON: the records' stored JSON joined, from the page
    cache when there; its total from the count cache when there."""
    with pool.reading() as (version, store):
        key = (version, query, count)
        body = pool.pages.get(key) if version is not None else None
        if body is not None:
            return body
        records, next_cursor = store.record_payloads(query)
        total = None
        if count:
            count_key = (version, _filters_key(query))
            total = pool.counts.get(count_key) if version is not None else None
            if total is None:
                total = store.count_records(query)
                if version is not None:
                    pool.counts.put(count_key, total)
        head = dumps({"total": total, "offset": query.offset, "limit": query.limit,
                      "next_cursor": next_cursor})
        body = b"".join((head[:-1], b',"records":[', b",".join(records), b"]}"))
        if version is not None:
            pool.pages.put(key, body, len(body))
    return body


class RecordsParams(QueryModel):
    kind: Annotated[Kind | None, Field(description="Record kind.")] = None
    city: Annotated[str | None, Field(max_length=100, description="City short name.")] = None
    doc_type: Annotated[DocType | None, Field(description="Document type.")] = None
    unit: Annotated[str | None, Field(max_length=100, description=(
        "A responsible unit (canonical or as written, substring) of the record's task."))] = None
    unit_role: Literal["lead", "partner"] | None = None
    level: Annotated[str | None, Field(max_length=20, description="Subsidy level, e.g. 国家级.")] = None
    year: Annotated[int | None, Field(ge=0, le=9999, description=(
        "Deadline year, achievement year, else the document's year."))] = None
    year_from: Annotated[int | None, Field(ge=0, le=9999)] = None
    year_to: Annotated[int | None, Field(ge=0, le=9999)] = None
    amount_min: Annotated[float | None, Field(ge=0, le=1e15, description="Subsidy ≥ (yuan).")] = None
    amount_max: Annotated[float | None, Field(ge=0, le=1e15, description="Subsidy ≤ (yuan).")] = None
    measure: Annotated[str | None, Field(max_length=100, description="Records naming this measure.")] = None
    doc_id: Annotated[int | None, Field(ge=1, le=2**62)] = None
    sort: Sort = "document"
    desc: Annotated[bool, Field(description="Descending order.")] = False
    limit: Annotated[int, Field(ge=1, le=1000, description="Page size (json).")] = 100
    offset: Annotated[int, Field(ge=0, le=10**7, description="Skip this many (json).")] = 0
    cursor: Annotated[str | None, Field(max_length=2000, description=(
        "next_cursor of the previous page (json)."))] = None
    total: Annotated[bool, Field(description=(
        "Count every match into total (json); false leaves total null and saves the count."
        ))] = True
    format: Annotated[Format | None, Field(description=(
        "json: one page; csv (UTF-8 with BOM), jsonl, xlsx: every match, streamed. "
        "Default: from the Accept header, else json."))] = None


@router.get("/records", response_model=RecordsPage, responses={
    200: {"description": "A page of records (json), or every match (csv, jsonl, xlsx).",
          "content": _EXPORT_CONTENT},
    **errors(400, 422, 503)}, openapi_extra=documented(RecordsParams))
async def records(request: Request) -> Any:
    """Extracted records with their source offsets, filtered and sorted."""
    pool, p = pool_of(request), parse_query(RecordsParams, request)
    query = RecordQuery(kind=p.kind, city=p.city, doc_type=p.doc_type, unit=p.unit,
                        unit_role=p.unit_role, level=p.level, year=p.year,
                        year_from=p.year_from, year_to=p.year_to, amount_min=p.amount_min,
                        amount_max=p.amount_max, measure=p.measure, doc_id=p.doc_id,
                        sort=p.sort, descending=p.desc, limit=p.limit, offset=p.offset,
                        cursor=p.cursor)
    if p.cursor:
        _check_cursor(p.cursor, p.sort)
    fmt = negotiate(p.format, request.headers.get("accept"))
    if fmt != "json":
        with pool.lease():
            pass  # no index is a 503 now, not a stream cut short after its 200
        chunks = _EXPORTS[fmt](pool, replace(query, cursor=None, offset=0))
        return StreamingResponse(chunks, media_type=MEDIA_TYPES[fmt], headers={
            "Content-Disposition": f'attachment; filename="records.{fmt}"'})
    return Response(json_page(pool, query, count=p.total), media_type="application/json")
