"""Full-text search over clauses, with the CLI's query language and filters.

Answers are serialised here (orjson; ``SearchResponse`` documents them) and cached, bytes and
all, by their parameters and the index version (the pool's bounded ``search`` cache): a query
asked again before the index changes costs a lookup. Unlike /records (Python-bound, read on
the event loop), a search runs in a small pool of threads: it is mostly SQLite, which
releases the GIL, and inline a slow query held up every other (p95 3x).
"""

from __future__ import annotations

from typing import Annotated, Literal

import anyio
import os
from fastapi import APIRouter
from fastapi.responses import Response
from policyintel.api.cache import dumps
from policyintel.api.deps import PoolDep, StorePool
from policyintel.api.models import SearchResponse
from policyintel.api.params import QueryModel, documented, query
from policyintel.api.routers import errors
from policyintel.index.queries import KINDS, ClauseFilters
from policyintel.index.search import search as run_search
from policyintel.ingest.document import DOC_TYPES
from pydantic import Field

router = APIRouter(tags=["search"])
SEARCH_THREADS = 4  # 32 clients, cold queries, 1 worker: inline 277 req/s p95 ~330 ms, 2
#                     threads 289/128 ms, 4 threads 357-370/104 ms, 8 threads 295/147 ms

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


SearchQuery = query(SearchParams)


@router.get("/search", response_model=SearchResponse, responses=errors(400, 422, 503),
            openapi_extra=documented(SearchParams))
async def search(pool: PoolDep, p: SearchQuery) -> Response:
    """Clauses matching ``q``, best first: snippet with matches in «…», section path, offsets."""
    q, limit, offset = p.q, p.limit, p.offset
    filters = ClauseFilters(city=p.city, doc_type=p.doc_type, year_from=p.year_from,
                            year_to=p.year_to, kind=p.kind, unit=p.unit)
    version = pool.version()
    body = pool.search.get((version, q, filters, limit, offset)) if version is not None else None
    if body is None:
        # A search runs in a thread: most of it is SQLite, which lets go of the GIL, so a long
        # search no longer holds up the short ones behind it; at most SEARCH_THREADS at once.
        import os
        if os.environ.get("PI_INLINE"):
            body = _answer(pool, q, filters, limit, offset)
        else:
            body = await anyio.to_thread.run_sync(_answer, pool, q, filters, limit, offset,
                                              limiter=pool.limiter("search", int(os.environ.get("PI_THREADS", SEARCH_THREADS))))
    return Response(body, media_type="application/json")


def _answer(pool: StorePool, q: str, filters: ClauseFilters, limit: int, offset: int) -> bytes:
    """The answer searched, serialised and cached (or from the cache, filled meanwhile)."""
    with pool.lease() as store:
        version = pool.version()
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
