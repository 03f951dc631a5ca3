"""Extraction of one uploaded file: the extract contract back, nothing stored."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from policyintel.api.deps import SettingsDep
from policyintel.api.models import ExtractResult
from policyintel.api.routers import errors
from policyintel.api.uploads import extract_job, run_parse, save_upload

router = APIRouter(tags=["extract"])


@router.post("/extract", response_model=ExtractResult, responses=errors(400, 413, 415, 422))
def extract(
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="One TXT (any encoding), HTML, DOCX or PDF file.")],
) -> dict[str, Any]:
    """Read one file (its format sniffed from the bytes), extract its records, and answer the
    extract contract (source, document metadata, clean text, grounded records, repairs)."""
    name = Path(file.filename or "upload").name or "upload"
    with tempfile.TemporaryDirectory(prefix="policyintel-extract-") as tmp:
        path, _ = save_upload(file.file, tmp, file.filename, settings.max_upload_bytes)
        return run_parse(extract_job, (str(path), name), name=name,
                         timeout=settings.parse_timeout_s)
