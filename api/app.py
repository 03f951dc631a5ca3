"""The FastAPI app: the API under /api/v1, and the web page at / when its module is installed.

``create_app`` builds an app over one index file. ``app_from_env`` is the factory that
``policyintel serve`` hands to uvicorn (workers > 1 start it in each worker process) and reads
the same settings from environment variables.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import policyintel
from fastapi import FastAPI
from policyintel.api import errors
from policyintel.api.deps import Settings, StorePool
from policyintel.api.routers import ROUTERS
from policyintel.api.uploads import UploadLimit
from policyintel.index.store import default_db_path

API_PREFIX = "/api/v1"
ENV_API_KEY = "POLICYINTEL_API_KEY"
ENV_MAX_UPLOAD_MB = "POLICYINTEL_MAX_UPLOAD_MB"
ENV_PARSE_TIMEOUT = "POLICYINTEL_PARSE_TIMEOUT"
DEFAULT_PARSE_TIMEOUT_S = 60.0
PAGES_MODULES = ("policyintel.api.pages", "policyintel.api.routers.draft_page")
GC_YOUNG_THRESHOLD = 50_000  # objects allocated between young collections (CPython: 700)

DESCRIPTION = """Commitments (targets, achievements, subsidies, responsible units) extracted from
Chinese government policy documents, each grounded at its offsets in the source text.

Every error is JSON: `{"error": {"code": "...", "message": "...", "status": N}}`."""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    import anyio
    from policyintel.nlp import segment

    # jieba turns its logger to DEBUG when imported: import it, quiet it, then load the
    # tokenizer now rather than during the first search.
    segment.jieba_module()
    for name in ("jieba", "jieba_fast"):
        logging.getLogger(name).setLevel(logging.WARNING)
    await anyio.to_thread.run_sync(segment.tokenizer)
    # A request makes thousands of short-lived objects and next to no reference cycles, yet
    # CPython's young collection ran every 700 of them: 6-9% of a cold search's CPU through
    # the app (0.83-0.86 -> 0.79 ms with the threshold below, 0.78 with no collection at all).
    # What start-up loaded (jieba's dictionary, the app) is frozen out of every collection.
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    try:
        yield
    finally:
        app.state.pool.close()


def create_app(db_path: str | os.PathLike[str] | None = None, *, api_key: str | None = None,
               max_upload_mb: float = 50, parse_timeout_s: float = DEFAULT_PARSE_TIMEOUT_S,
               ) -> FastAPI:
    """The app over the index at ``db_path`` (default: $POLICYINTEL_DB or the user data dir).

    ``api_key`` enables ``POST /api/v1/documents`` for callers sending it; ``max_upload_mb``
    limits a request body (413 over it); ``parse_timeout_s`` limits parsing one upload.
    """
    path = Path(db_path) if db_path is not None else default_db_path()
    settings = Settings(db_path=path, api_key=api_key or None,
                        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
                        parse_timeout_s=parse_timeout_s)
    app = FastAPI(title="policyintel", version=policyintel.__version__, description=DESCRIPTION,
                  openapi_url=f"{API_PREFIX}/openapi.json", docs_url=f"{API_PREFIX}/docs",
                  redoc_url=None, lifespan=_lifespan)
    app.state.settings = settings
    app.state.pool = StorePool(path)
    errors.install(app)
    app.add_middleware(UploadLimit, max_bytes=settings.max_upload_bytes)
    for name in ROUTERS:
        module = importlib.import_module(f"policyintel.api.routers.{name}")
        app.include_router(module.router, prefix=API_PREFIX)
    for pages in PAGES_MODULES:
        # The pages are HTML for people; the committed API schema describes /api/v1 only.
        if importlib.util.find_spec(pages) is not None:
            app.include_router(importlib.import_module(pages).router, include_in_schema=False)
    return app


def app_from_env() -> FastAPI:
    """``create_app`` with settings from $POLICYINTEL_DB, $POLICYINTEL_API_KEY,
    $POLICYINTEL_MAX_UPLOAD_MB and $POLICYINTEL_PARSE_TIMEOUT (uvicorn's app factory)."""
    return create_app(
        None, api_key=os.environ.get(ENV_API_KEY) or None,
        max_upload_mb=float(os.environ.get(ENV_MAX_UPLOAD_MB) or 50),
        parse_timeout_s=float(os.environ.get(ENV_PARSE_TIMEOUT) or DEFAULT_PARSE_TIMEOUT_S))
