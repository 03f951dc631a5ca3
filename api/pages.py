"""The web page: search, a document with its records highlighted, compare, records, upload.

Server-rendered Jinja2 templates (Chinese) over the same index library as the JSON API, with a
little vanilla JavaScript (api/static/); nothing is fetched from outside the app. Query values
come from HTML forms, where an empty field arrives as ``""``: they are read leniently (a value
that does not parse is ignored, not a 422). A place in a document is linked as
``/documents/{id}?at=START-END#at``: the page wraps that span in ``<span id="at">`` and the
browser scrolls to it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from policyintel.api import labels
from policyintel.api.marks import Span, mark_text, segments
from policyintel.errors import ConfigError, StoreError
from policyintel.index.compare import compare as run_compare
from policyintel.index.queries import KINDS, SORTS, ClauseFilters, RecordQuery
from policyintel.index.records import iter_records, query_records
from policyintel.index.search import search as run_search
from policyintel.index.store import DocumentInfo, RecordRow, Store
from policyintel.ingest.document import DOC_TYPES

HERE = Path(__file__).parent
STATIC = HERE / "static"
SEARCH_PAGE = 20
RECORDS_PAGE = 50
HOME_PER_CITY = 12
HOME_CITIES = 24
COMPARE_CITIES = 12
COMPARE_ENTRIES = 4
COMPARE_ALL_DOCS = 2000

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters.update(number=labels.number, yuan=labels.yuan)
templates.env.globals.update(
    KIND_LABELS=labels.KIND_LABELS, KIND_HINTS=labels.KIND_HINTS, KINDS=KINDS,
    DOC_TYPE_LABELS=labels.DOC_TYPE_LABELS, DOC_TYPES=DOC_TYPES,
    REPAIR_LABELS=labels.REPAIR_LABELS, METADATA_LABELS=labels.METADATA_LABELS,
    summary=labels.summary)


class Unavailable(Exception):
    """The index cannot be read: the page says so instead of answering JSON."""


# -- helpers ------------------------------------------------------------------------------------
def _int(value: str | None, lo: int = 0, hi: int = 2**62) -> int | None:
    try:
        n = int((value or "").strip())
    except ValueError:
        return None
    return n if lo <= n <= hi else None


def _choice(value: str | None, allowed: tuple[str, ...] | list[str]) -> str | None:
    value = (value or "").strip()
    return value if value in allowed else None


def _text(value: str | None, limit: int = 200) -> str | None:
    value = (value or "").strip()[:limit]
    return value or None


def place(doc_id: int, start: int, end: int) -> str:
    """The document page at a span of its text."""
    return f"/documents/{doc_id}?at={start}-{end}#at"


templates.env.globals["place"] = place


def doc_title(meta: dict[str, Any], source: str) -> str:
    """A document's title; without one, who issued what (文号), else its file name."""
    if meta.get("title"):
        return str(meta["title"])
    who = meta.get("issuer") or (f"{meta['city']}市" if meta.get("city") else "")
    what = labels.DOC_TYPE_LABELS.get(meta.get("doc_type") or "", "")
    number = f"（{meta['doc_number']}）" if meta.get("doc_number") else ""
    if who and (what or number):
        return f"{who}{what or '文件'}{number}"
    return f"{who}{what}（{Path(source).stem}）" if who or what else Path(source).stem


def has_route(request: Request, path: str) -> bool:
    """Whether the app serves ``path`` (the nav links only to pages that are mounted)."""
    return any(getattr(r, "path", None) == path for r in request.app.routes)


templates.env.globals["has_route"] = has_route


@contextmanager
def _store(request: Request) -> Iterator[Store]:
    try:
        with request.app.state.pool.lease() as store:
            yield store
    except StoreError as e:
        raise Unavailable(str(e)) from e


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def _error(request: Request, status: int, message: str) -> HTMLResponse:
    return _page(request, "error.html", status, message=message, active=None)


def _catalog(request: Request, store: Store) -> dict[str, Any]:
    """What the index holds for the filters and titles (cities, years, measures, a title per
    document), computed once per build and document count and kept on the app."""
    key = (store.get_meta("build_id"), len(store.document_hashes()))
    cached = getattr(request.app.state, "page_catalog", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    docs = store.documents()
    years = sorted({int(d.metadata["date"][:4]) for d in docs
                    if (d.metadata.get("date") or "")[:4].isdigit()}, reverse=True)
    catalog = {"cities": sorted({d.metadata["city"] for d in docs if d.metadata.get("city")}),
               "years": years, "measures": store.measure_names(),
               "titles": {d.id: doc_title(d.metadata, d.source) for d in docs}}
    request.app.state.page_catalog = (key, catalog)
    return catalog


def _guard(handler):  # type: ignore[no-untyped-def]
    """Render an unreadable index as a page saying how to build one."""
    @functools.wraps(handler)
    def wrapper(request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return handler(request, *args, **kwargs)
        except Unavailable as e:
            return _error(request, 503, f"索引不可用：{e}")
    return wrapper


# -- pages --------------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
@_guard
def home(request: Request, city: str | None = None) -> Response:
    """Start page: a search box, what the index holds, and its documents by city (the newest
    ``HOME_PER_CITY`` of each; all of one city with ``?city=``)."""
    with _store(request) as store:
        stats = store.stats()
        opts = _catalog(request, store)
        only = _choice(city, opts["cities"])
        by_city: dict[str, list[DocumentInfo]] = {}
        for d in store.documents():
            name = d.metadata.get("city") or "未知城市"
            if only is None or name == only:
                by_city.setdefault(name, []).append(d)
    for docs in by_city.values():
        docs.sort(key=lambda d: d.metadata.get("date") or "", reverse=True)
    by_kind = {k: (stats.get("records_by_kind") or {}).get(k, 0) for k in KINDS}
    return _page(request, "home.html", active="home", stats=stats, by_kind=by_kind,
                 by_city=by_city, per_city=None if only else HOME_PER_CITY,
                 many_cities=HOME_CITIES, **opts)


@router.get("/search", response_class=HTMLResponse)
@_guard
def search_page(request: Request, q: str | None = None, city: str | None = None,
                doc_type: str | None = None, year: str | None = None, kind: str | None = None,
                offset: str | None = None) -> Response:
    """Clause search with filters; each hit links to its place in the document."""
    query = _text(q, 500)
    with _store(request) as store:
        opts = _catalog(request, store)
        form = {"q": query or "", "city": _choice(city, opts["cities"]),
                "doc_type": _choice(doc_type, DOC_TYPES), "year": _int(year, 1900, 2100),
                "kind": _choice(kind, KINDS)}
        start = _int(offset, 0, 10_000) or 0
        hits, result = [], None
        if query:
            filters = ClauseFilters(city=form["city"], doc_type=form["doc_type"],
                                    year_from=form["year"], year_to=form["year"],
                                    kind=form["kind"])
            result = run_search(store, query, filters=filters, limit=SEARCH_PAGE, offset=start)
            for h in result.hits:
                c = h.clause
                hits.append({"hit": h, "clause": c, "link": place(c.doc_id, c.start, c.end),
                             "pieces": segments(c.text, h.snippet_start - c.start,
                                                h.snippet_end - c.start,
                                                [(a - c.start, b - c.start)
                                                 for a, b in h.highlights]),
                             "cut_left": h.snippet_start > c.start,
                             "cut_right": h.snippet_end < c.end})
    more = None
    if result is not None and len(result.hits) == SEARCH_PAGE:
        more = "/search?" + urlencode({k: v for k, v in {**form, "offset": start + SEARCH_PAGE}
                                       .items() if v not in (None, "")})
    return _page(request, "search.html", active="search", form=form, hits=hits,
                 searched=query is not None, offset=start, more=more,
                 cities_found=sorted({h["clause"].city or "?" for h in hits}), **opts)


def _record_span(r: RecordRow) -> Span:
    return Span(r.start, r.end, id=f"r{r.id}", classes=(f"k-{r.kind}",),
                data={"kind": r.kind, "rec": str(r.id)},
                title=f"{labels.KIND_LABELS.get(r.kind, r.kind)}："
                      f"{labels.summary(r.kind, r.to_dict())}")


_SENTENCE_END = "。；！？\n"


def context(text: str, start: int, end: int, width: int = 40) -> tuple[str, str, str]:
    """``(before, span, after)``: the span with up to ``width`` characters of its sentence on
    each side (… where the sentence goes on)."""
    if text[start:end] == "":
        return "", "", ""
    lo = max(0, start - width)
    cut = max(text.rfind(ch, lo, start) for ch in _SENTENCE_END)
    before = text[cut + 1:start] if cut >= 0 else ("…" if lo > 0 else "") + text[lo:start]
    hi = min(len(text), end + width)
    ends = [i for i in (text.find(ch, end, hi) for ch in _SENTENCE_END) if i >= 0]
    after = text[end:min(ends) + 1] if ends else text[end:hi] + ("…" if hi < len(text) else "")
    return before.lstrip(), text[start:end], after.rstrip()


def _at(value: str | None, n: int) -> tuple[int, int] | None:
    if not value or "-" not in value:
        return None
    a, _, b = value.partition("-")
    start, end = _int(a, 0, n), _int(b, 0, n)
    if start is None or end is None or end < start:
        return None
    return start, end


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
@_guard
def document_page(request: Request, doc_id: str, at: str | None = None) -> Response:
    """A document's text with every record marked at its span, its records, metadata, repairs."""
    n = _int(doc_id, 1)
    with _store(request) as store:
        info = store.document(n, with_text=True) if n is not None else None
        if info is None:
            return _error(request, 404, f"索引中没有编号为 {doc_id} 的文件。")
        records = list(iter_records(store, RecordQuery(doc_id=info.id)))
    text = info.text or ""
    focus = _at(at, len(text))
    spans = [Span(*focus, tag="span", id="at", classes=("focus",))] if focus else []
    spans += [_record_span(r) for r in records]
    by_kind: dict[str, list[RecordRow]] = {k: [] for k in KINDS}
    for r in records:
        by_kind.setdefault(r.kind, []).append(r)
    meta = {k: v for k, v in info.metadata.items() if v not in (None, "", [])}
    return _page(request, "document.html", active=None, info=info,
                 title=doc_title(info.metadata, info.source),
                 marked=mark_text(text, spans), records=records, by_kind=by_kind, meta=meta,
                 focus=focus, n_chars=len(text))


@router.get("/compare", response_class=HTMLResponse)
@_guard
def compare_page(request: Request, measure: str | None = None, city: str | None = None,
                 cities_from: str | None = None) -> Response:
    """The measure × city table; every entry links to its clause.

    A large index has hundreds of cities: the columns come ``COMPARE_CITIES`` at a time
    (``cities_from`` pages them), a cell shows ``COMPARE_ENTRIES`` entries of each kind and links
    the rest to the records table, and without a chosen measure an index of more than
    ``COMPARE_ALL_DOCS`` documents shows its first measure (comparing all is slow there).
    """
    with _store(request) as store:
        opts = _catalog(request, store)
        chosen = _choice(measure, opts["measures"])
        one_city = _choice(city, opts["cities"])
        defaulted = False
        if chosen is None and len(opts["titles"]) > COMPARE_ALL_DOCS and opts["measures"]:
            chosen, defaulted = opts["measures"][0], True
        try:
            table = run_compare(store, chosen, cities=[one_city] if one_city else None)
        except ConfigError as e:
            return _error(request, 400, str(e))
    first = _int(cities_from, 0, max(0, len(table.cities) - 1)) or 0
    shown = table.cities[first:first + COMPARE_CITIES]
    base = {k: v for k, v in {"measure": None if defaulted else chosen, "city": one_city}.items()
            if v}
    pages = [{"from": i, "label": f"{table.cities[i]}…",
              "url": "/compare?" + urlencode({**base, "cities_from": i}), "current": i == first}
             for i in range(0, len(table.cities), COMPARE_CITIES)]
    return _page(request, "compare.html", active="compare", table=table, cities_shown=shown,
                 pages=pages if len(pages) > 1 else [], defaulted=defaulted,
                 cap=COMPARE_ENTRIES, form={"measure": chosen, "city": one_city}, **opts)


def _records_form(params: dict[str, str | None], opts: dict[str, Any]) -> dict[str, Any]:
    return {"kind": _choice(params.get("kind"), KINDS),
            "city": _choice(params.get("city"), opts["cities"]),
            "doc_type": _choice(params.get("doc_type"), DOC_TYPES),
            "year": _int(params.get("year"), 1900, 2100),
            "unit": _text(params.get("unit"), 100),
            "level": _text(params.get("level"), 20),
            "measure": _choice(params.get("measure"), opts["measures"]),
            "sort": _choice(params.get("sort"), tuple(SORTS)) or "document"}


@router.get("/records", response_class=HTMLResponse)
@_guard
def records_page(request: Request) -> Response:
    """A filterable records table with CSV and XLSX downloads of the same filters."""
    params = dict(request.query_params)
    with _store(request) as store:
        opts = _catalog(request, store)
        form = _records_form(params, opts)
        query = RecordQuery(**{k: v for k, v in form.items() if v is not None},
                            limit=RECORDS_PAGE, cursor=_text(params.get("cursor"), 2000))
        try:
            page = query_records(store, query)
        except ConfigError:  # a stale or edited cursor: start again from the first page
            page = query_records(store, RecordQuery(**form, limit=RECORDS_PAGE))
        texts: dict[int, str] = {}
        for r in page.items:
            if r.doc_id not in texts:
                info = store.document(r.doc_id, with_text=True)
                texts[r.doc_id] = (info.text or "") if info is not None else ""
    filters = {k: v for k, v in form.items() if v not in (None, "") and k != "sort"}
    if form["sort"] != "document":
        filters["sort"] = form["sort"]
    qs = urlencode(filters)
    downloads = {fmt: f"/api/v1/records?{urlencode({**filters, 'format': fmt})}"
                 for fmt in ("csv", "xlsx")}
    next_url = (f"/records?{urlencode({**filters, 'cursor': page.next_cursor})}"
                if page.next_cursor else None)
    rows = [{"r": r, "d": r.to_dict(), "context": context(texts[r.doc_id], r.start, r.end)}
            for r in page.items]
    return _page(request, "records.html", active="records", form=form, rows=rows,
                 total=page.total, downloads=downloads, next_url=next_url,
                 first_url=f"/records?{qs}", paged=bool(params.get("cursor")), **opts)


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request) -> Response:
    """Drop a file, see its extraction at once (when the server has an API key configured)."""
    settings = getattr(request.app.state, "settings", None)
    enabled = bool(settings is not None and settings.api_key)
    limit_mb = settings.max_upload_bytes / (1024 * 1024) if settings is not None else 50
    return _page(request, "upload.html", active="upload", enabled=enabled, limit_mb=limit_mb,
                 kind_labels=labels.KIND_LABELS)


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    """The page's own CSS and JavaScript (no asset comes from outside the app)."""
    path = STATIC / name
    if "/" in name or name.startswith(".") or not path.is_file():
        return Response("not found", status_code=404, media_type="text/plain")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})
