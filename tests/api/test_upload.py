"""POST /documents indexes an upload (API key only); the same content gives the same id; readers
keep answering while the index is being written."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

V1 = "/api/v1"
KEY = "s3cret-upload-key"

# A short notice in the genre, written for this test (not from the corpus).
NOTICE = """关于印发《攀枝花市技能人才培育三年行动方案》的通知
各区县人民政府，市级有关部门：
现将《攀枝花市技能人才培育三年行动方案》印发给你们，请认真贯彻执行。
一、工作目标
到2027年，全市新增高技能人才8000人以上，新建市级技能大师工作室12个。
二、支持政策
对新认定的省级技能大师工作室，给予一次性补助30万元。（责任单位：市人力资源社会保障局、市财政局）
攀枝花市人民政府办公室
2025年3月6日
"""


@pytest.fixture
def writer_client(scratch_db):
    from policyintel.api.app import create_app

    with TestClient(create_app(scratch_db, api_key=KEY)) as c:
        yield c


def _upload(c, name: str, data: bytes, key: str = KEY):
    return c.post(V1 + "/documents", files={"file": (name, data)}, headers={"X-API-Key": key})


def test_upload_indexes_the_document(writer_client):
    c = writer_client
    before = c.get(V1 + "/health").json()["index"]["documents"]
    r = _upload(c, "panzhihua-notice.txt", NOTICE.encode("utf-8"))
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["created"] is True and body["source"] == "panzhihua-notice.txt"
    assert body["metadata"]["city"] == "攀枝花" and body["records"] >= 2
    assert c.get(V1 + "/health").json()["index"]["documents"] == before + 1

    doc = c.get(V1 + f"/documents/{body['id']}").json()
    assert doc["text"].startswith("关于印发")
    subsidy = [rec for rec in doc["records"] if rec["kind"] == "subsidy"]
    assert subsidy and subsidy[0]["amount_yuan"] == 300000 and subsidy[0]["level"] == "省级"
    hits = c.get(V1 + "/search", params={"q": "技能大师工作室", "city": "攀枝花"}).json()["hits"]
    assert hits and {h["doc_id"] for h in hits} == {body["id"]}


def test_same_content_twice_gives_the_same_id(writer_client):
    c = writer_client
    first = _upload(c, "a.txt", NOTICE.encode("utf-8"))
    again = _upload(c, "renamed-copy.txt", NOTICE.encode("utf-8"))
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"] and again.json()["created"] is False
    gbk = _upload(c, "a-gbk.txt", NOTICE.encode("gbk"))  # other bytes: another document
    assert gbk.status_code == 201 and gbk.json()["id"] != first.json()["id"]


def test_upload_of_an_indexed_corpus_file_returns_its_id(writer_client, builders):
    from policyintel.corpus_files import corpus_files

    path = next(p for city, p in corpus_files() if city == "yibin")
    r = _upload(writer_client, path.name, path.read_bytes())
    assert r.status_code == 200 and r.json()["created"] is False
    listed = writer_client.get(V1 + "/documents", params={"limit": 500}).json()["items"]
    assert r.json()["id"] in {d["id"] for d in listed}


def test_unreadable_upload_is_not_kept(writer_client, scratch_db):
    r = _upload(writer_client, "scan.png", b"\x89PNG\r\n\x1a\n" + bytes(300))
    assert r.status_code == 415
    folder = scratch_db.with_name(scratch_db.name + ".uploads")
    assert not any(folder.iterdir())


def test_readers_answer_while_a_build_writes(writer_client, scratch_db):
    """A writer holds the index's write lock (an incremental build in progress): reads go on
    and see the committed index, not the half-written one."""
    from policyintel.index.store import open_store

    c = writer_client
    before = c.get(V1 + "/health").json()["index"]["documents"]
    holding, release = threading.Event(), threading.Event()

    def write() -> None:
        store = open_store(scratch_db)
        try:
            with store.atomic():
                store.delete_document(1)
                holding.set()
                release.wait(30)
                raise RuntimeError("abandon the write")  # rolled back
        except RuntimeError:
            pass
        finally:
            store.close()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        assert holding.wait(30)
        started = time.perf_counter()
        for _ in range(5):
            assert c.get(V1 + "/health").json()["index"]["documents"] == before
            assert c.get(V1 + "/documents/1").status_code == 200
            assert c.get(V1 + "/search", params={"q": "技能大师工作室"}).json()["count"] > 0
        assert time.perf_counter() - started < 5
    finally:
        release.set()
        thread.join()
    assert c.get(V1 + "/health").json()["index"]["documents"] == before


def test_full_rebuild_is_seen_by_the_next_request(writer_client, scratch_db):
    """A full build renames a new file into place; pooled connections to the old one are dropped."""
    from policyintel.corpus_files import corpus_files
    from policyintel.index.build import build

    c = writer_client
    assert c.get(V1 + "/health").json()["index"]["documents"] == 21
    yibin = [(city, p) for city, p in corpus_files() if city == "yibin"]
    build(yibin, scratch_db, full=True, jobs=1, similar=False)
    index = c.get(V1 + "/health").json()["index"]
    assert index["documents"] == len(yibin) and set(index["cities"]) == {"宜宾"}
