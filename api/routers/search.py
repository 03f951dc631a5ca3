"""Full-text search over clauses, with the CLI's query language and filters.

Answers are serialised here (orjson; ``SearchResponse`` documents them) and cached, bytes and
all, by their parameters and the index version (the pool's bounded ``search`` cache): a query
asked again before the index changes costs a lookup.

A search runs on the event loop, as a records page does. In threads, most of each search
(SQLite, which lets go of the GIL) could overlap the loop's work, but every hand-over of the
GIL between the loop and the search threads cost more than it saved: with 32 clients asking
distinct queries of one worker, 4 threads gave 580-710 requests/s and inline 850-900, and 1 or
2 threads no more than inline (bench/bench_api.py). The price is that a slow search holds up
the requests behind it: on the bench index a cold search takes 0.55 ms on average and the
slowest of 3,000 took 2 ms, and a year range is answered inside FTS5 (index/search.py). The
one filter that is not, the unit, and pages deep in the hits send their search to the
threadpool.
"""

from __future__ import annotations

from typing import Annotated, Literal

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import Response
from policyintel.api.cache import dumps
from policyintel.api.deps import StorePool, pool_of
from policyintel.api.models import SearchResponse
from policyintel.api.params import QueryModel, RequestRoute, documented, parse_query
from policyintel.api.routers import errors
from policyintel.index.queries import KINDS, ClauseFilters
from policyintel.index.search import search as run_search
from policyintel.ingest.document import DOC_TYPES
from pydantic import Field

router = APIRouter(tags=["search"], route_class=RequestRoute)
# Hits a search on the event loop may read (offset + limit): on the bench index 120 hits cost
# 4-6 ms and 520 hits ~20 ms.
INLINE_DEPTH = 200

Kind = Literal[KINDS]  # type: ignore[valid-type]
DocType = Literal[DOC_TYPES]  # type: ignore[valid-type]


class SearchParams(QueryModel):
    q: Annotated[str, Field(min_length=1, max_length=500, description=(
        'Words, a "quoted phrase", a unit name, or a mix; all terms must match.'))]
    city: Annotated[str | None, Field(max_length=100, description="Only this city (e.g. 宜宾).")] = None
    doc_type: Annotated[DocType | None, Field(description="Only this document type.")] = None
    kind: Annotated[Kind | None, Field(description="Only clauses holding a record of this kind.")] = None
    unit: Annotated[str | None, Field(max_length=100, description="Only tasks assigned to this unit.")] = None
    year_from: Annotated[int | None, Field(ge=0, le=9999, description="Documents of this year or later.")] = None
    year_to: Annotated[int | None, Field(ge=0, le=9999, description="Documents of this year or earlier.")] = None
    limit: Annotated[int, Field(ge=1, le=200)] = 20
    offset: Annotated[int, Field(ge=0, le=10_000)] = 0


@router.get("/search", response_model=SearchResponse, responses=errors(400, 422, 503),
            openapi_extra=documented(SearchParams))
async def search(request: Request) -> Response:
    """Clauses matching ``q``, best first: snippet with matches in «…», section path, offsets."""
    pool, p = pool_of(request), parse_query(SearchParams, request)
    filters = ClauseFilters(city=p.city, doc_type=p.doc_type, year_from=p.year_from,
                            year_to=p.year_to, kind=p.kind, unit=p.unit)
    if filters.unit is None and p.offset + p.limit <= INLINE_DEPTH:
        body = _answer(pool, p.q, filters, p.limit, p.offset)
    else:
        # The unit is the one filter FTS5 cannot answer: it is checked on each match, and a
        # common word with a rare unit walks them all (0.1-1.5 s on the bench index); a deep
        # page reads every hit before it (offset 1,000: ~30 ms, 10,000: 110-170 ms). Such a
        # search runs in the threadpool, so that it holds up no other request.
        body = await anyio.to_thread.run_sync(_answer, pool, p.q, filters, p.limit, p.offset)
    return Response(body, media_type="application/json")


def _answer(pool: StorePool, q: str, filters: ClauseFilters, limit: int, offset: int) -> bytes:
    """The answer, from the cache or searched, serialised and cached."""
    with pool.reading() as (version, store):
        key = (version, q, filters, limit, offset)
        body = pool.search.get(key) if version is not None else None
        if body is None:
            result = run_search(store, q, filters=filters, limit=limit, offset=offset)
            answer = result.to_dict()
            del answer["fallback"]  # not part of the answer's schema
            body = dumps({**answer, "limit": limit, "offset": offset})
            if version is not None:
                pool.search.put(key, body, len(body))
    return body
