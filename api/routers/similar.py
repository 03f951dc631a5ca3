"""Similar clauses: to a stored clause (in other cities by default) or to free text."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from policyintel.api.deps import StoreDep
from policyintel.api.errors import not_found
from policyintel.api.models import SimilarResponse, SimilarText
from policyintel.api.routers import errors
from policyintel.errors import ConfigError
from policyintel.index.similar import SimilarHit, SimilarIndex
from policyintel.index.similar import similar as run_similar

router = APIRouter(tags=["similar"])


@router.get("/similar", response_model=SimilarResponse, responses=errors(404, 422, 503))
def similar_to_clause(
    store: StoreDep,
    clause_id: Annotated[int, Query(ge=1, le=2**62, description="A clause id (from /search).")],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    same_city: Annotated[bool, Query(description="Also neighbours in the clause's city.")] = False,
) -> dict[str, Any]:
    """The clauses most like clause ``clause_id``, best first, with cosine scores."""
    try:
        query, hits = run_similar(store, clause_id, k=limit, same_city=same_city)
    except ConfigError as e:
        raise not_found(f"{e}; find clause ids with /api/v1/search") from e
    if query is None:
        raise not_found(f"no clause {clause_id} in the index")
    return {"query": {"clause_id": query.id, "doc_id": query.doc_id, "city": query.city,
                      "source": query.source, "text": query.text},
            "hits": [h.to_dict() for h in hits]}


@router.post("/similar", response_model=SimilarResponse, responses=errors(400, 413, 422, 503))
def similar_to_text(store: StoreDep, body: SimilarText) -> dict[str, Any]:
    """The clauses most like a free text (any city), best first, with cosine scores."""
    # The model is used directly: similar() would read an all-digit text as a clause id.
    index = SimilarIndex.load(store)
    hits = []
    for clause_id, score in index.nearest(index.vector(body.text), k=body.limit):
        clause = store.clause(clause_id)
        if clause is not None:
            hits.append(SimilarHit(clause, score).to_dict())
    return {"query": {"text": body.text}, "hits": hits}
