"""Full-text search over clauses, with the CLI's query language and filters.

Answers are serialised here (orjson; ``SearchResponse`` documents them) and cached, bytes and
all, by their parameters and the index version (the pool's bounded ``search`` cache): a query
asked again before the index changes costs a lookup. Like /records, the handler reads the
index on the event loop (threads contending for the GIL cost more than they overlap).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from policyintel.api.cache import dumps
from policyintel.api.deps import PoolDep
from policyintel.api.models import SearchResponse
from policyintel.api.routers import errors
from policyintel.index.queries import KINDS, ClauseFilters
from policyintel.index.search import search as run_search
from policyintel.ingest.document import DOC_TYPES

router = APIRouter(tags=["search"])

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
    return Response(body, media_type="application/json")
