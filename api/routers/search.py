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
from fastapi import APIRouter, Query
from fastapi.responses import Response
from policyintel.api.cache import dumps
from policyintel.api.deps import PoolDep, StorePool
from policyintel.api.models import SearchResponse
from policyintel.api.routers import errors
from policyintel.index.queries import KINDS, ClauseFilters
from policyintel.index.search import search as run_search
from policyintel.ingest.document import DOC_TYPES

router = APIRouter(tags=["search"])
SEARCH_THREADS = 4  # 32 clients, cold queries, 1 worker: inline 277 req/s p95 ~330 ms, 2
#                     threads 289/128 ms, 4 threads 357-370/104 ms, 8 threads 295/147 ms

Kind = Literal[KINDS]  # type: ignore[valid-type]
DocType = Literal[DOC_TYPES]  # type: ignore[valid-type]


@router.get("/search", response_model=SearchResponse, responses=errors(400, 422, 503))
async def search(
    pool: PoolDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description=(
        'Words, a "quoted phrase", a unit name, or a mix; all terms must match.'))],
    city: Annotated[str | None, Query(max_length=100, description="Only this city (e.g. 宜宾).")] = None,
    doc_type: Annotated[DocType | None, Query(description="Only this document type.")] = None,
    kind: Annotated[Kind | None, Query(description="Only clauses holding a record of this kind.")] = None,
    unit: Annotated[str | None, Query(max_length=100, description="Only tasks assigned to this unit.")] = None,
    year_from: Annotated[int | None, Query(ge=0, le=9999, description="Documents of this year or later.")] = None,
    year_to: Annotated[int | None, Query(ge=0, le=9999, description="Documents of this year or earlier.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> Response:
    """Clauses matching ``q``, best first: snippet with matches in «…», section path, offsets."""
    filters = ClauseFilters(city=city, doc_type=doc_type, year_from=year_from, year_to=year_to,
                            kind=kind, unit=unit)
    version = pool.version()
    body = pool.search.get((version, q, filters, limit, offset)) if version is not None else None
    if body is None:
        # A search runs in a thread: most of it is SQLite, which lets go of the GIL, so a long
        # search no longer holds up the short ones behind it; at most SEARCH_THREADS at once.
        body = await anyio.to_thread.run_sync(_answer, pool, q, filters, limit, offset,
                                              limiter=pool.limiter("search", SEARCH_THREADS))
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
