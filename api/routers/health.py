"""Service state: is the index there, and what version answers."""

from __future__ import annotations

from typing import Any

import policyintel
from fastapi import APIRouter
from policyintel.api.deps import StoreDep
from policyintel.api.models import Health, Version
from policyintel.api.routers import errors

router = APIRouter(tags=["service"])

API_VERSION = "v1"
CONTRACT_VERSION = "extract-json/v1"


@router.get("/health", response_model=Health, responses=errors(503))
def health(store: StoreDep) -> dict[str, Any]:
    """The index answers: its size, cities and build id. 503 when there is no index."""
    return {"status": "ok", "index": store.stats()}


@router.get("/version", response_model=Version)
def version() -> dict[str, Any]:
    """The policyintel version, the API version and the extract contract version."""
    return {"name": "policyintel", "version": policyintel.__version__, "api_version": API_VERSION,
            "contract_version": CONTRACT_VERSION}
