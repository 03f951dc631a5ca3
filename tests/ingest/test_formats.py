"""The same document in every format comes out as the same document.

From corpus texts (a reply letter, a long implementation plan, an action plan whose attachment
is a table) the test builds, inside the run, a PDF (system CJK font, running header, page
numbers, the table ruled and split over a page break), a DOCX, a government web page (navigation,
breadcrumb, information table, widgets, footer around the article) and GBK-encoded text, reads
each with ``policyintel.ingest.read`` and compares the CJK characters of ``doc.text`` (line breaks
and spaces legitimately differ between formats) and the metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from policyintel.ingest import load, read

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
DOCUMENTS = {
    "nantong-reply": {"path": "nantong/2023-rsj-gongshanglian-tian-dafu.txt",
                          "title": "关于深度推进产才融合的提案的答复", "header": "南通市人力资源和社会保障局"},
    "yibin-plan": {"path": "yibin/2022-chanjiao-ronghe-shifanshi-shishi-fangan.txt",
                       "title": "宜宾市人民政府关于印发实施方案的通知", "header": "宜宾市人民政府文件"},
    "dazhou-table": {"path": "dazhou/2025-zhizaoye-jineng-rencai-sannian-gongjian-xingdong-fangan.txt",
                         "title": "达州市人民政府办公室关于印发行动方案的通知", "header": "达州市人民政府办公室",
                         "table_after": "单位:人次", "columns": 5},
}
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def cjk(text: str) -> str:
    return "".join(_CJK.findall(text))


@pytest.fixture(scope="module", params=sorted(DOCUMENTS), ids=sorted(DOCUMENTS))
def built(request, tmp_path_factory, pdf_font, make):
    spec = DOCUMENTS[request.param]
    text = (CORPUS / spec["path"]).read_text(encoding="utf-8")
    blocks = make.article_blocks(text, table_after=spec.get("table_after"),
                            columns=spec.get("columns", 0))
    out = tmp_path_factory.mktemp(request.param)
    files = {
        "txt-utf8": make.write_text(out / "doc.txt", blocks),
        "txt-gbk": make.write_text(out / "doc-gbk.txt", blocks, encoding="gbk"),
        "txt-utf16": make.write_text(out / "doc-utf16.txt", blocks, encoding="utf-16"),
        "pdf": make.write_pdf(out / "doc.pdf", blocks, pdf_font, header=spec["header"]),
        "docx": make.write_docx(out / "doc.docx", blocks, title=spec["title"]),
        "html": make.write_html(out / "doc.html", blocks, title=spec["title"]),
        "html-gbk": make.write_html(out / "doc-gbk.html", blocks, title=spec["title"],
                               encoding="gb18030"),
    }
    return spec, blocks, files


FORMATS = ["txt-gbk", "txt-utf16", "pdf", "docx", "html", "html-gbk"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_cjk_text_in_every_format(built, fmt):
    _, _, files = built
    reference = cjk(read(files["txt-utf8"]).text)
    assert len(reference) > 500
    assert cjk(read(files[fmt]).text) == reference


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_metadata_in_every_format(built, fmt):
    _, _, files = built
    assert read(files[fmt]).metadata.to_dict() == read(files["txt-utf8"]).metadata.to_dict()


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_table_kept_as_one_grid(built, fmt):
    _, blocks, files = built
    grids = [block for block in blocks if isinstance(block, list)]
    raw = load(files[fmt])
    assert len(raw.tables) == len(grids)
    for table, grid in zip(raw.tables, grids):
        assert [[cell.text for cell in row] for row in table.rows] == grid
        for row in table.rows:
            for cell in row:
                assert raw.text[cell.start:cell.end] == cell.text


def test_pdf_pages_and_furniture(built):
    spec, blocks, files = built
    raw = load(files["pdf"])
    assert raw.format == "pdf"
    numbers = [number for _, number in raw.pages]
    assert numbers == list(range(1, len(numbers) + 1))
    offsets = [offset for offset, _ in raw.pages]
    assert offsets == sorted(offsets) and offsets[0] == 0
    lines = raw.text.splitlines()
    # The running header and the "- n -" page numbers are gone.
    assert not any(re.fullmatch(r"- \d+ -", line) for line in lines)
    in_body = sum(block.count(spec["header"]) for block in blocks if isinstance(block, str))
    assert raw.text.count(spec["header"]) == in_body


def test_html_hints_from_page(built):
    spec, _, files = built
    raw = load(files["html"])
    assert raw.hints["title"] == spec["title"]
    assert raw.hints["publish_date"] == "2025-10-30 09:39"
    assert raw.hints["issuer"] == "达州市人民政府办公室"
    assert raw.hints["written_date"] == "2025-10-14"
    for junk in ("首页", "主办单位", "网站标识码", "分享到", "字体", "相关文章", "联系电话：0818"):
        assert junk not in raw.text
