"""Every error is JSON in one shape with a stable code; no input gives a bare 500."""

from __future__ import annotations

import base64
import json

import pytest
from fastapi.testclient import TestClient

V1 = "/api/v1"


def assert_error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert err["status"] == status and err["code"] == code
    assert isinstance(err["message"], str) and len(err["message"]) > 10
    return err


@pytest.mark.parametrize("path", [
    "/documents/99999", "/similar?clause_id=9999999", "/compare?measure=没有这个措施", "/nothing-here",
], ids=["document", "clause", "measure", "route"])
def test_404(client, path):
    assert_error(client.get(V1 + path), 404, "not_found")


def test_404_outside_the_api(client):
    assert_error(client.get("/no/such/page.html"), 404, "not_found")


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": "many"}, {"kind": "promise"}, {"sort": "random"},
    {"year": 10**30}, {"amount_min": -1}, {"doc_id": 2**70}, {"format": "pdf"},
], ids=["limit-zero", "limit-text", "kind", "sort", "huge-year", "negative-amount", "huge-id",
        "format"])
def test_422_reshaped_with_details(client, params):
    err = assert_error(client.get(V1 + "/records", params=params), 422, "validation_error")
    assert err["details"] and err["details"][0]["loc"][0] == "query"
    assert err["details"][0]["loc"][-1] in err["message"]


def test_422_for_missing_query_and_bad_body(client):
    err = assert_error(client.get(V1 + "/search"), 422, "validation_error")
    assert err["details"][0]["loc"] == ["query", "q"]
    assert_error(client.post(V1 + "/similar", json={"text": ""}), 422, "validation_error")
    assert_error(client.post(V1 + "/similar", content=b"{not json",
                             headers={"content-type": "application/json"}), 422,
                 "validation_error")
    assert_error(client.post(V1 + "/extract"), 422, "validation_error")


@pytest.mark.parametrize("cursor", [
    "not-a-cursor", base64.urlsafe_b64encode(b"[1, 2]").decode(),
    base64.urlsafe_b64encode(json.dumps([{"a": 1}, [2], 3]).encode()).decode(),
    base64.urlsafe_b64encode(json.dumps([1, 2**80, 3]).encode()).decode(),
], ids=["garbage", "wrong-length", "not-scalars", "huge-int"])
def test_400_bad_cursor(client, cursor):
    assert_error(client.get(V1 + "/records", params={"cursor": cursor}), 400, "bad_request")


def test_400_slice_end_before_start(client):
    assert_error(client.get(V1 + "/documents/1", params={"start": 50, "end": 10}), 400,
                 "bad_request")


def test_405(client):
    assert_error(client.delete(V1 + "/documents/1"), 405, "method_not_allowed")


@pytest.mark.parametrize(("name", "data", "code", "says"), [
    ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "unsupported_format", "PNG"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "unsupported_format", "docx"),
    ("broken.docx", b"PK\x03\x04" + bytes(200), "unreadable_file", "DOCX"),
    ("noise.bin", bytes(range(256)) * 40, "unreadable_file", "binary"),
], ids=["png", "legacy-office", "damaged-docx", "binary"])
def test_415_unreadable_upload(client, name, data, code, says):
    err = assert_error(client.post(V1 + "/extract", files={"file": (name, data)}), 415, code)
    assert err["message"].startswith(f"{name}: ") and says in err["message"]
    assert "/tmp" not in err["message"]


def test_415_empty_upload(client):
    err = assert_error(client.post(V1 + "/extract", files={"file": ("empty.txt", b"")}), 415,
                       "unreadable_file")
    assert err["message"].startswith("empty.txt: ")


@pytest.fixture(scope="module")
def small_limit_client(corpus_db):
    from policyintel.api.app import create_app

    with TestClient(create_app(corpus_db, max_upload_mb=0.01, parse_timeout_s=0.001)) as c:
        yield c


def test_413_upload_over_the_limit(small_limit_client):
    r = small_limit_client.post(V1 + "/extract", files={"file": ("big.txt", "通知".encode() * 20000)})
    err = assert_error(r, 413, "payload_too_large")
    assert "limit" in err["message"]


def test_413_without_content_length(small_limit_client):
    def body():
        for _ in range(20):
            yield b"x" * 1024

    r = small_limit_client.post(V1 + "/similar", content=body(),
                                headers={"content-type": "application/json"})
    assert_error(r, 413, "payload_too_large")


def test_parse_time_limit(small_limit_client):
    r = small_limit_client.post(V1 + "/extract", files={"file": ("slow.txt", "关于印发方案的通知\n".encode())})
    err = assert_error(r, 422, "parse_timeout")
    assert "slow.txt" in err["message"]


def test_401_and_403_on_upload(client, corpus_db):
    from policyintel.api.app import create_app

    files = {"file": ("a.txt", "关于印发方案的通知".encode())}
    assert_error(client.post(V1 + "/documents", files=files), 401, "unauthorized")
    assert_error(client.post(V1 + "/documents", files=files, headers={"X-API-Key": "wrong"}),
                 401, "unauthorized")
    assert_error(client.post(V1 + "/documents", files=files,
                             headers={"Authorization": "Bearer wrong"}), 401, "unauthorized")
    with TestClient(create_app(corpus_db)) as closed:
        assert_error(closed.post(V1 + "/documents", files=files, headers={"X-API-Key": "x"}),
                     403, "uploads_disabled")


def test_503_without_an_index(tmp_path):
    from policyintel.api.app import create_app

    with TestClient(create_app(tmp_path / "missing.db")) as c:
        err = assert_error(c.get(V1 + "/health"), 503, "index_unavailable")
        assert "policyintel build" in err["message"]
        assert_error(c.get(V1 + "/records", params={"format": "csv"}), 503, "index_unavailable")
        assert c.get(V1 + "/version").status_code == 200


def test_unexpected_error_is_a_json_500(corpus_db):
    from policyintel.api.app import create_app

    app = create_app(corpus_db)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    with TestClient(app, raise_server_exceptions=False) as c:
        err = assert_error(c.get("/boom"), 500, "internal_error")
        assert "RuntimeError" in err["message"] and "kaboom" not in err["message"]
