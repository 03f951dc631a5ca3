"""The drafting page (/draft): form, draft with citation links, DOCX download."""

from __future__ import annotations

from pathlib import Path

import pytest

PROPOSALS = Path(__file__).resolve().parent / "proposals"


@pytest.fixture(scope="module")
def client(fold_db):
    from fastapi.testclient import TestClient
    from policyintel.api.app import create_app
    from policyintel.api.routers import draft_page

    app = create_app(fold_db("达州"))
    if not any(getattr(r, "path", None) == "/draft" for r in app.routes):
        app.include_router(draft_page.router)  # until the app mounts the page itself
    with TestClient(app) as c:
        yield c


def test_form_page(client):
    r = client.get("/draft")
    assert r.status_code == 200 and "答复函起草" in r.text and 'name="city"' in r.text


def test_pasted_proposal_gives_a_cited_draft(client):
    text = (PROPOSALS / "dazhou-384.txt").read_text(encoding="utf-8")
    r = client.post("/draft", data={"city": "达州", "unit": "市人社局", "text": text})
    assert r.status_code == 200, r.text
    assert "第384号提案办理情况的函" in r.text
    assert "/documents/" in r.text and "?at=" in r.text
    assert "<mark>【待补充" in r.text


def test_docx_download(client):
    text = (PROPOSALS / "dazhou-384.txt").read_text(encoding="utf-8")
    r = client.post("/draft", data={"city": "达州", "text": text, "want": "docx"})
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_empty_proposal_is_refused_on_the_page(client):
    r = client.post("/draft", data={"city": "达州", "text": ""})
    assert r.status_code == 422 and "请粘贴提案正文" in r.text
