"""One router per resource, each mounted under /api/v1 by ``create_app``."""

from __future__ import annotations

from typing import Any

from policyintel.api.models import ErrorResponse

# Mounted in this order, and a request is matched against the routes in the same order: the
# two endpoints asked most often come first (a records page spent an eighth of its CPU in
# FastAPI's matching when /records came after the health and document routes).
ROUTERS = ("search", "records", "health", "documents", "compare", "measures", "similar",
           "extract", "draft")

_DESCRIPTIONS = {
    400: "Bad request: a value the service cannot use (an invalid cursor, a malformed body).",
    401: "Missing or wrong API key.",
    403: "Uploading is disabled on this server.",
    404: "Not found.",
    413: "Upload over the size limit.",
    415: "A file format the service cannot read.",
    422: "Invalid parameters (details list each), or an upload that cannot be parsed in time.",
    503: "The index is missing or cannot be read.",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for ``statuses``, all in the one error shape."""
    return {s: {"model": ErrorResponse, "description": _DESCRIPTIONS[s]} for s in statuses}
