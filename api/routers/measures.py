"""The measure taxonomy the index links records to."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from policyintel.api.deps import StoreDep
from policyintel.api.models import MeasureList
from policyintel.api.routers import errors
from policyintel.index.measures import Taxonomy

router = APIRouter(tags=["compare"])


@router.get("/measures", response_model=MeasureList, responses=errors(503))
def measures(store: StoreDep) -> dict[str, Any]:
    """Measures known to the index, in taxonomy order, with category and aliases."""
    taxonomy = Taxonomy.load()
    out = []
    for name in store.measure_names():
        m = taxonomy.measures.get(name)
        out.append({"name": name, "category": m.category if m else None,
                    "aliases": list(m.aliases) if m else []})
    return {"measures": out}
