"""POST /api/v1/draft-reply (pasted text) and /draft-reply/file (upload): JSON and DOCX."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

PROPOSALS = Path(__file__).resolve().parent / "proposals"


@pytest.fixture(scope="module")
def client(fold_db):
    from fastapi.testclient import TestClient
    from policyintel.api.app import API_PREFIX, create_app
    from policyintel.api.routers import ROUTERS

    app = create_app(fold_db("达州"))
    if "draft" not in ROUTERS:  # until the app mounts this router itself
        from policyintel.api.routers.draft import router

        app.include_router(router, prefix=API_PREFIX)
    with TestClient(app) as c:
        yield c


def test_draft_from_pasted_text(client):
    text = (PROPOSALS / "dazhou-384.txt").read_text(encoding="utf-8")
    r = client.post("/api/v1/draft-reply", json={"text": text, "city": "达州", "unit": "市人社局",
                                                 "date": "2025年7月16日"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["header"]["title"] == "达州市人力资源社会保障局关于市政协五届三次会议第384号提案办理情况的函"
    assert data["checks"]["numbers_without_source"] == []
    assert data["markdown"].startswith("<p align=\"right\">【待补充：文号】</p>")
    assert any(c["kind"] == "index" and "zhizaoye" in c["source"] for c in data["citations"])
    assert len(data["coverage"]) == 6


def test_draft_as_docx_from_an_uploaded_file(client):
    import docx

    with open(PROPOSALS / "dazhou-384.txt", "rb") as fh:
        r = client.post("/api/v1/draft-reply/file", params={"format": "docx"},
                        files={"file": ("proposal.txt", fh, "text/plain")},
                        data={"city": "达州", "unit": "市人社局"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    doc = docx.Document(io.BytesIO(r.content))
    assert any("第384号提案办理情况的函" in p.text for p in doc.paragraphs)


def test_bad_request_has_the_error_shape(client):
    r = client.post("/api/v1/draft-reply", json={"text": "短", "city": "达州"})
    assert r.status_code == 422
    assert r.json()["error"]["status"] == 422
