"""POST /extract: a corpus document uploaded in each format comes back as the extract contract.

The files are built in the test from the Yibin implementation plan with tests/ingest's builders
(PDF with a CJK font, running header and page numbers; DOCX; a government web page; GBK text).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

V1 = "/api/v1"
ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "corpus" / "yibin" / "2022-chanjiao-ronghe-shifanshi-shishi-fangan.txt"
TITLE = "宜宾市人民政府关于印发实施方案的通知"
SCHEMA = ROOT.parent / "shared" / "contracts" / "extract.schema.json"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
FORMATS = ["txt-utf8", "txt-gbk", "html", "docx", "pdf"]


def cjk(text: str) -> str:
    return "".join(_CJK.findall(text))


@pytest.fixture(scope="module")
def uploads(tmp_path_factory, builders, cjk_font) -> dict[str, Path]:
    blocks = builders.article_blocks(PLAN.read_text(encoding="utf-8"))
    out = tmp_path_factory.mktemp("uploads")
    return {
        "txt-utf8": builders.write_text(out / "plan.txt", blocks),
        "txt-gbk": builders.write_text(out / "plan-gbk.txt", blocks, encoding="gbk"),
        "html": builders.write_html(out / "plan.html", blocks, title=TITLE,
                                    issuer="宜宾市人民政府", site="宜宾市人民政府"),
        "docx": builders.write_docx(out / "plan.docx", blocks, title=TITLE),
        "pdf": builders.write_pdf(out / "plan.pdf", blocks, cjk_font, header="宜宾市人民政府文件"),
    }


@pytest.fixture(scope="module")
def extracted(client, uploads) -> dict[str, dict]:
    out = {}
    for fmt, path in uploads.items():
        with open(path, "rb") as fh:
            r = client.post(V1 + "/extract", files={"file": (path.name, fh)})
        assert r.status_code == 200, (fmt, r.text)
        out[fmt] = r.json()
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_extract_answers_the_contract(extracted, uploads, fmt):
    body = extracted[fmt]
    if SCHEMA.exists():
        import jsonschema

        jsonschema.validate(body, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert body["source"] == uploads[fmt].name
    assert body["records"]
    for r in body["records"]:
        assert body["text"][r["start"]:r["end"]] == r["text"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_extract_reads_the_same_text_in_every_format(extracted, fmt):
    assert cjk(extracted[fmt]["text"]) == cjk(extracted["txt-utf8"]["text"])
    assert extracted[fmt]["document"]["city"] == "宜宾"


@pytest.mark.parametrize("fmt", FORMATS)
def test_extract_finds_the_national_master_studio_award(extracted, fmt):
    awards = [r for r in extracted[fmt]["records"]
              if r["kind"] == "subsidy" and r["amount_yuan"] == 700000]
    assert awards, fmt
    assert awards[0]["level"] == "国家级"
    assert "技能大师工作室" in awards[0]["recipient"]


def test_extract_stores_nothing(client, uploads):
    before = client.get(V1 + "/health").json()["index"]["documents"]
    with open(uploads["docx"], "rb") as fh:
        assert client.post(V1 + "/extract", files={"file": ("plan.docx", fh)}).status_code == 200
    assert client.get(V1 + "/health").json()["index"]["documents"] == before
