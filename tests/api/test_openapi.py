"""The committed docs/openapi.json is the schema the code serves."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "openapi.json"


def test_committed_schema_matches_the_code():
    from policyintel.cli.serve import openapi_json

    assert COMMITTED.exists(), "write it with: policyintel serve --dump-openapi docs/openapi.json"
    assert openapi_json() == COMMITTED.read_text(encoding="utf-8"), (
        "docs/openapi.json differs from the code; regenerate it with "
        "`policyintel serve --dump-openapi docs/openapi.json` and review the diff")


def test_schema_lists_every_resource_and_the_error_shape():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    paths = schema["paths"]
    for path in ("/api/v1/documents", "/api/v1/documents/{doc_id}", "/api/v1/search",
                 "/api/v1/records", "/api/v1/compare", "/api/v1/measures", "/api/v1/similar",
                 "/api/v1/extract", "/api/v1/health", "/api/v1/version"):
        assert path in paths
    assert set(paths["/api/v1/similar"]) == {"get", "post"}
    assert set(paths["/api/v1/documents"]) == {"get", "post"}
    for path, ops in paths.items():
        for method, op in ops.items():
            for status, response in op["responses"].items():
                if status.startswith(("4", "5")):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorResponse"), (method, path, status)
    records_200 = paths["/api/v1/records"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "text/csv", "application/x-ndjson"} <= set(records_200)
