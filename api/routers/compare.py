"""Cross-city comparison: the measure × city table, every entry with its source."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from policyintel.api.deps import StoreDep
from policyintel.api.errors import not_found
from policyintel.api.models import Comparison
from policyintel.api.routers import errors
from policyintel.errors import ConfigError
from policyintel.index.compare import compare as run_compare

router = APIRouter(tags=["compare"])


@router.get("/compare", response_model=Comparison, responses=errors(404, 422, 503))
def compare(
    store: StoreDep,
    measure: Annotated[str | None, Query(max_length=100, description=(
        "One measure, by name or alias (see /api/v1/measures); default: all."))] = None,
    city: Annotated[list[str] | None, Query(max_length=50, description=(
        "Only these cities (repeat the parameter)."))] = None,
) -> dict[str, Any]:
    """What each city promises per measure: targets, achievements, subsidies by level and lead
    units, each entry with its document, offsets and quote."""
    try:
        table = run_compare(store, measure, cities=city or None)
    except ConfigError as e:
        raise not_found(str(e)) from e
    return table.to_dict()
