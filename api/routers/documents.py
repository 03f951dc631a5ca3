"""Documents: list with filters, one with its outline, repairs, records and text; upload one."""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Header, Query, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from policyintel.api.deps import PoolDep, SettingsDep, StoreDep
from policyintel.api.errors import ApiError, not_found
from policyintel.api.models import DocumentDetail, DocumentList, UploadResult
from policyintel.api.routers import errors
from policyintel.api.uploads import prepare_job, run_parse, safe_suffix, save_upload
from policyintel.index.queries import RecordQuery
from policyintel.index.records import iter_records
from policyintel.index.store import DocumentInfo, Store, open_store
from policyintel.ingest.document import DOC_TYPES, Section
from policyintel.ingest.outline import build_outline

router = APIRouter(tags=["documents"])

DocType = Literal[DOC_TYPES]  # type: ignore[valid-type]
MAX_ID = 2**62


def _year(info: DocumentInfo) -> int | None:
    date = info.metadata.get("date") or ""
    return int(date[:4]) if len(date) >= 4 and date[:4].isdigit() else None


def _summary(info: DocumentInfo) -> dict[str, Any]:
    return {"id": info.id, "source": info.source, "content_hash": info.content_hash,
            "n_chars": info.n_chars, "year": _year(info), "metadata": info.metadata}


def _section(s: Section) -> dict[str, Any]:
    return {"heading": s.heading, "level": s.level, "marker": s.marker, "start": s.start,
            "end": s.end, "heading_end": s.heading_end,
            "children": [_section(c) for c in s.children]}


@router.get("/documents", response_model=DocumentList, responses=errors(422, 503))
def list_documents(
    store: StoreDep,
    city: Annotated[str | None, Query(max_length=100, description="City short name, e.g. 宜宾.")] = None,
    doc_type: Annotated[DocType | None, Query(description="Document type.")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="Year of the document's date.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10**7)] = 0,
) -> dict[str, Any]:
    """Indexed documents (metadata only), in index order, filtered and paginated."""
    docs = [d for d in store.documents()
            if (city is None or d.metadata.get("city") == city)
            and (doc_type is None or d.metadata.get("doc_type") == doc_type)
            and (year is None or _year(d) == year)]
    return {"total": len(docs), "offset": offset, "limit": limit,
            "items": [_summary(d) for d in docs[offset:offset + limit]]}


@router.get("/documents/{doc_id}", response_model=DocumentDetail, responses=errors(400, 404, 422, 503))
def get_document(
    store: StoreDep,
    doc_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
    include_text: Annotated[bool, Query(description="Include the text (or its slice).")] = True,
    start: Annotated[int | None, Query(ge=0, le=MAX_ID, description=(
        "Slice the text from this offset; records are then those overlapping the slice."))] = None,
    end: Annotated[int | None, Query(ge=0, le=MAX_ID, description="Slice the text up to here.")] = None,
) -> dict[str, Any]:
    """One document: metadata, outline, repairs, records, and its clean text or a slice of it.

    Every offset (outline, repairs, records, the slice) refers to the document's clean text.
    """
    info = store.document(doc_id, with_text=True)
    if info is None:
        raise not_found(f"no document {doc_id} in the index; list them at /api/v1/documents")
    text = info.text or ""
    lo = min(start or 0, len(text))
    hi = len(text) if end is None else min(end, len(text))
    if hi < lo:
        raise ApiError(400, "bad_request", f"end ({end}) is before start ({start})")
    records = [r.to_dict() for r in iter_records(store, RecordQuery(doc_id=doc_id))]
    if start is not None or end is not None:
        records = [r for r in records if r["start"] < hi and r["end"] > lo]
    return {**_summary(info), "outline": [_section(s) for s in build_outline(text)],
            "repairs": info.repairs, "records": records,
            "text": text[lo:hi] if include_text else None, "text_start": lo, "text_end": hi}


def _check_key(configured: str | None, x_api_key: str | None, authorization: str | None) -> None:
    if not configured:
        raise ApiError(403, "uploads_disabled",
                       "indexing uploads is off on this server; start it with --api-key KEY "
                       "to allow it (POST /api/v1/extract works without storing anything)")
    given = x_api_key
    if given is None and authorization and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if given is None or not hmac.compare_digest(given.encode(), configured.encode()):
        raise ApiError(401, "unauthorized",
                       "missing or wrong API key: send it in the X-API-Key header "
                       "(or Authorization: Bearer KEY)", headers={"WWW-Authenticate": "Bearer"})


def _existing(store: Store, content_hash: str) -> int | None:
    for doc_id, digest in store.document_hashes().values():
        if digest == content_hash:
            return doc_id
    return None


def _result(info: DocumentInfo, created: bool, n_records: int) -> dict[str, Any]:
    return {"id": info.id, "created": created, "source": info.source,
            "content_hash": info.content_hash, "records": n_records, "metadata": info.metadata}


@router.post(
    "/documents", response_model=UploadResult, status_code=201,
    responses={200: {"model": UploadResult, "description": "Already indexed: its id."},
               **errors(400, 401, 403, 413, 415, 422, 503)})
def upload_document(
    settings: SettingsDep,
    pool: PoolDep,
    file: Annotated[UploadFile, File(description="One TXT, HTML, DOCX or PDF file.")],
    x_api_key: Annotated[str | None, Header(max_length=1000)] = None,
    authorization: Annotated[str | None, Header(max_length=1000)] = None,
) -> Any:
    """Index one uploaded file (needs the server's API key). The same content twice gives the
    same id: an already indexed file is not parsed again (200 instead of 201)."""
    _check_key(settings.api_key, x_api_key, authorization)
    name = Path(file.filename or "upload").name or "upload"
    folder = settings.upload_dir
    folder.mkdir(parents=True, exist_ok=True)
    tmp, digest = save_upload(file.file, folder, file.filename, settings.max_upload_bytes)
    try:
        with pool.lease() as store:
            found = _existing(store, digest)
            info = store.document(found) if found is not None else None
            if info is not None:
                count = store.records(RecordQuery(doc_id=info.id, limit=1)).total
                return JSONResponse(UploadResult(**_result(info, False, count)).model_dump(), 200)
        kept = folder / f"{digest}{safe_suffix(file.filename)}"
        tmp.replace(kept)
    finally:
        tmp.unlink(missing_ok=True)
    try:
        prepared = run_parse(prepare_job, (str(kept), name, digest), name=name,
                             timeout=settings.parse_timeout_s)
    except BaseException:
        kept.unlink(missing_ok=True)
        raise
    writer = open_store(settings.db_path)
    try:
        with writer.atomic():
            doc_id = _existing(writer, digest)
            created = doc_id is None
            if doc_id is None:
                doc_id = writer.put_document(prepared)
        info = writer.document(doc_id)
    finally:
        writer.close()
    if info is None:
        raise ApiError(503, "index_unavailable", f"document {doc_id} vanished while indexing")
    return JSONResponse(UploadResult(**_result(info, created, len(prepared.records))).model_dump(),
                        201 if created else 200)
