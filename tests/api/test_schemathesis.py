"""Property-based checks of the API against its own OpenAPI schema (schemathesis, in-process).

Every operation gets a bounded number of generated requests: no response may be a 5xx, and every
response must match the schema (status code, content type, headers, body). Bounded so that it runs in
well under a minute in CI.

The schema is loaded when the module is imported (schemathesis' fixture-based loader does not
work with this pytest), so the app is made then over a path in a temporary folder; the index
is copied there from the session's corpus index before the first request (the app opens its
index lazily).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from policyintel.api.app import create_app

# A deeper run: POLICYINTEL_FUZZ_EXAMPLES=500 pytest tests/api/test_schemathesis.py
EXAMPLES_PER_OPERATION = int(os.environ.get("POLICYINTEL_FUZZ_EXAMPLES", "25"))
_FOLDER = Path(tempfile.mkdtemp(prefix="policyintel-fuzz-"))
_DB = _FOLDER / "corpus.db"

app = create_app(_DB, api_key="fuzz-key-not-guessed", max_upload_mb=1, parse_timeout_s=20)
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@pytest.fixture(scope="module", autouse=True)
def _index(corpus_db):
    shutil.copyfile(corpus_db, _DB)
    yield
    app.state.pool.close()
    shutil.rmtree(_FOLDER, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    # Two default checks judge the request, not the response, and do not fit this API:
    # - "schema-valid data is accepted": some values the schema cannot tell apart from good ones
    #   are refused by design with a 4xx: an unreadable file (415), a cursor the API did not make
    #   (400), a text slice whose end is before its start (400);
    # - "schema-violating data is rejected": in a query string or an uploaded file every value
    #   is text, so a number sent where a string is due arrives as a valid string (city=-1.5),
    #   and an object sent where a file is due is a readable JSON text file.
    # Invalid parameters are rejected with 422: tests/api/test_errors.py checks that case by case.
    case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance,
                                            schemathesis.checks.negative_data_rejection])
