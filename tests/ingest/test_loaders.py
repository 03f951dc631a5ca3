"""Each loader on realistic inputs: encodings, web pages, PDFs with tables and furniture, DOCX,
traditional characters, and sniffing that never trusts the suffix."""

from __future__ import annotations

import pytest
from policyintel.errors import LoadError, UnsupportedFormat
from policyintel.ingest import load
from policyintel.ingest.convert import has_traditional, to_simplified
from policyintel.ingest.loaders import pdf as pdf_loader
from policyintel.ingest.loaders.pdf import garbage_ratio, is_page_number
from policyintel.ingest.loaders.text import decode

NOTICE = ("各县（市、区）人民政府，市级有关部门：\n"
          "现将《南充市促进民营经济高质量发展若干措施》印发给你们，请认真贯彻执行。\n"
          "对新认定的国家级专精特新“小巨人”企业，给予一次性奖励50万元。\n"
          "南充市人民政府办公室\n2024年3月15日\n")


# -- TXT ------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("utf-16", "utf-16"),          # with BOM
    ("utf-16-le", "utf-16-le"),    # no BOM: found by the NULs of its ASCII characters
    ("utf-16-be", "utf-16-be"),
    ("gbk", "gb18030"),
    ("gb18030", "gb18030"),
], ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-nobom", "utf16be-nobom", "gbk", "gb18030"])
def test_text_encodings_detected(tmp_path, encoding, expected):
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE.encode(encoding))
    raw = load(path)
    assert raw.format == "txt"
    assert raw.text == NOTICE
    assert raw.encoding == expected


def test_gb18030_four_byte_characters(tmp_path):
    # 䶮 and 㛃 are outside GBK; GB18030 encodes them in four bytes.
    text = "关于䶮字与㛃字地名用字规范的通知\n各区人民政府：请遵照执行。\n"
    path = tmp_path / "rare.txt"
    path.write_bytes(text.encode("gb18030"))
    assert load(path).text == text


def test_crlf_and_cr_become_newlines(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("第一条　总则\r\n第二条　适用范围\r第三条　附则\r\n".encode("gbk"))
    assert load(path).text == "第一条　总则\n第二条　适用范围\n第三条　附则\n"


@pytest.mark.parametrize("data", [
    "Politique régionale: créé à Québec, déjà révisée, façade, élève".encode("latin-1"),
    "“Smart quotes” — résumé, naïve café, Zürich, São Paulo".encode("cp1252"),
], ids=["latin1-french", "cp1252-quotes"])
def test_western_legacy_text_is_refused_not_mojibake(tmp_path, data):
    with pytest.raises(LoadError, match="binary, not text"):
        decode(data, tmp_path / "x.txt")


def test_traditional_text_in_utf8_and_big5_set(tmp_path):
    text = "臺北市政府關於推動產業發展之實施計畫\n各機關學校：請查照辦理。\n"
    path = tmp_path / "big5ish.txt"
    path.write_bytes(text.encode("utf-8"))
    assert load(path).text == text


# -- HTML -----------------------------------------------------------------------------------
def test_gov_page_article_without_chrome(tmp_path, make):
    blocks = ["各县（市、区）人民政府，市级有关部门：",
              "现将《行动方案》印发给你们，请认真抓好贯彻落实。",
              [["地区", "2025年", "2026年"], ["通川区", "500", "400"], ["达川区", "400", "300"]],
              "达州市人民政府办公室", "2025年10月14日"]
    path = make.write_html(tmp_path / "page.html", blocks, title="关于印发行动方案的通知",
                           doc_number="达市府办发〔2025〕12号", encoding="gb18030")
    raw = load(path)
    assert raw.format == "html"
    assert raw.encoding == "gb18030"
    assert raw.text.splitlines() == [
        "各县（市、区）人民政府，市级有关部门：", "现将《行动方案》印发给你们，请认真抓好贯彻落实。",
        "地区", "2025年", "2026年", "通川区", "500", "400", "达川区", "400", "300",
        "达州市人民政府办公室", "2025年10月14日"]
    (table,) = raw.tables
    assert [[c.text for c in row] for row in table.rows] == blocks[2]
    assert all(raw.text[c.start:c.end] == c.text for row in table.rows for c in row)
    assert raw.hints["doc_number"] == "达市府办发〔2025〕12号"
    assert raw.hints["source"] == "达州市人民政府办公室"
    assert raw.hints["page_title"] == "关于印发行动方案的通知_达州市人民政府"


LAYOUT_PAGE = """<html><head><title>遂宁市经济和信息化局关于提案的答复</title></head><body>
<table width="980"><tr><td class="logo">遂宁市经济和信息化局</td></tr>
<tr><td><a href="/">网站首页</a> | <a href="/a">机构概况</a> | <a href="/b">政务公开</a> | <a href="/c">通知公告</a></td></tr>
<tr><td>
  <table><tr><td width="200"><ul><li><a href="/x">工业经济运行情况通报</a></li><li><a href="/y">关于开展企业技术改造申报工作的通知</a></li></ul></td>
  <td>
    <div class="ttl">关于市政协提案的答复</div>
    <div>　　杨委员：您提出的关于支持锂电产业发展的提案收悉，现答复如下：</div>
    <div>　　一是强化要素保障。今年以来我局协调解决企业用电、用工问题三十余个，
    帮助企业获得贷款2.5亿元。</div>
    <div>　　二是加强招商引资。全年新引进锂电项目12个，总投资超过150亿元。</div>
    <div>　　感谢您对经济和信息化工作的关心和支持。</div>
  </td></tr></table>
</td></tr>
<tr><td>版权所有：遂宁市经济和信息化局　网站标识码：5109000012　蜀ICP备12345678号</td></tr>
</table></body></html>"""


def test_page_without_known_container_falls_back_to_cjk_density(tmp_path):
    path = tmp_path / "layout.htm"
    path.write_text(LAYOUT_PAGE, encoding="utf-8")
    raw = load(path)
    lines = raw.text.splitlines()
    assert lines[1] == "杨委员：您提出的关于支持锂电产业发展的提案收悉，现答复如下："
    assert "一是强化要素保障。今年以来我局协调解决企业用电、用工问题三十余个，帮助企业获得贷款2.5亿元。" in lines
    assert lines[-1] == "感谢您对经济和信息化工作的关心和支持。"
    for junk in ("网站首页", "工业经济运行", "网站标识码"):
        assert junk not in raw.text
    assert raw.tables == ()  # layout tables are not data tables


def test_declared_charset_wrong_is_detected(tmp_path):
    page = ('<html><head><meta charset="utf-8"><title>通知</title></head><body><div id="zoom">'
            "<p>各乡镇人民政府：现将有关事项通知如下，请认真贯彻落实，确保各项任务按期完成。</p></div>"
            "</body></html>")
    path = tmp_path / "wrong.html"
    path.write_bytes(page.encode("gbk"))
    raw = load(path)
    assert raw.encoding == "gb18030"
    assert raw.text.startswith("各乡镇人民政府：现将有关事项通知如下")


WRAPPER_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>关于召开全市稳就业工作推进会的通知-宜宾市人力资源和社会保障局</title></head><body>
<div class="content">
  <div class="crumbs">当前位置：<a>首页</a> &gt; <a>通知公告</a></div>
  <h2>关于召开全市稳就业工作推进会的通知</h2>
  <div class="msg">发布时间：2024-04-02 10:15　来源：市人力资源社会保障局　浏览次数：318</div>
  <p>各区县人力资源社会保障局：</p>
  <p>经研究，决定召开全市稳就业工作推进会，现将有关事项通知如下。</p>
  <p>时间：2024年4月9日上午9:30</p>
  <p>地点：市政务中心三楼会议室</p>
  <p>联系人：王某　联系电话：0831-2345678</p>
  <p>【打印本页】　【关闭窗口】</p>
</div>
<div class="foot">主办单位：宜宾市人力资源和社会保障局　网站标识码：5115000022</div>
</body></html>"""


def test_wrapper_container_keeps_notice_lines_drops_page_lines(tmp_path):
    path = tmp_path / "notice.shtml"
    path.write_text(WRAPPER_PAGE, encoding="utf-8")
    raw = load(path)
    assert raw.text.splitlines() == [
        "关于召开全市稳就业工作推进会的通知", "各区县人力资源社会保障局：",
        "经研究，决定召开全市稳就业工作推进会，现将有关事项通知如下。",
        "时间：2024年4月9日上午9:30", "地点：市政务中心三楼会议室",
        "联系人：王某　联系电话：0831-2345678"]
    assert raw.hints["publish_date"] == "2024-04-02 10:15"


# -- PDF ------------------------------------------------------------------------------------
LONG_TABLE = [["序号", "重点任务", "牵头单位", "完成时限"]] + [
    [str(i), f"推进第{i}批技能人才培训基地建设", "市人力资源社会保障局", "2025年12月底"]
    for i in range(1, 61)]


def test_table_over_page_breaks_is_stitched(tmp_path, make, pdf_font):
    blocks = ["附件", "重点任务分工表", LONG_TABLE, "抄送：市委办公室，市人大常委会办公室。"]
    path = make.write_pdf(tmp_path / "tasks.pdf", blocks, pdf_font, header="遂宁市人民政府办公室")
    raw = load(path)
    assert len(raw.pages) >= 3
    (table,) = raw.tables
    assert table.page == 1
    # The header row repeated on each page appears once.
    assert [[c.text for c in row] for row in table.rows] == LONG_TABLE
    assert all(raw.text[c.start:c.end] == c.text for row in table.rows for c in row)
    assert raw.text.splitlines()[-1] == "抄送：市委办公室，市人大常委会办公室。"
    assert "遂宁市人民政府办公室" not in raw.text


@pytest.mark.parametrize("label", ["- {n} -", "第 {n} 页", "{n}", "第{n}页 共9页"],
                         ids=["dash", "di-ye", "bare", "di-ye-gong"])
def test_page_numbers_dropped(tmp_path, make, pdf_font, label):
    paragraphs = [f"（{i}）加快推进制造业数字化转型，支持企业实施智能化改造项目，"
                  f"对符合条件的项目按设备投资额的10%给予补助。" for i in range(1, 80)]
    path = make.write_pdf(tmp_path / "p.pdf", paragraphs, pdf_font, page_label=label)
    raw = load(path)
    assert len(raw.pages) >= 3
    assert [line for line in raw.text.splitlines() if is_page_number(line)] == []
    assert "共9页" not in raw.text and "第 2 页" not in raw.text


def test_pages_map_offsets_to_page_numbers(tmp_path, make, pdf_font):
    paragraphs = [f"第{i}条　本条规定第{i}项工作要求，各责任单位应当按照职责分工抓好落实。"
                  for i in range(1, 120)]
    raw = load(make.write_pdf(tmp_path / "rules.pdf", paragraphs, pdf_font))
    for offset, number in raw.pages[1:]:
        assert raw.text[offset - 1] == "\n"
        assert number > 1
    last_offset, last_page = raw.pages[-1]
    assert "第119条" in raw.text[last_offset:]
    assert last_page == len(raw.pages)


def test_plumber_only_on_pages_that_draw_a_table(tmp_path, make, pdf_font, monkeypatch):
    calls = []
    original = pdf_loader._Plumber.page

    def spy(self, index):
        calls.append(index)
        return original(self, index)

    monkeypatch.setattr(pdf_loader._Plumber, "page", spy)
    prose = [f"（{i}）强化要素保障，统筹用地、用能、资金等要素向重点项目倾斜。" for i in range(60)]
    blocks = prose + [[["项目", "金额（万元）"], ["技改补助", "500"], ["研发奖励", "300"]]]
    raw = load(make.write_pdf(tmp_path / "mixed.pdf", blocks, pdf_font))
    assert len(raw.pages) >= 2 and len(raw.tables) == 1
    assert calls == [raw.tables[0].page - 1]


@pytest.mark.parametrize("text,garbage", [
    ("（一）强化要素保障，统筹用地、用能。", False),
    ("(cid:1)(cid:2)(cid:3)(cid:4)(cid:5) header", True),
    ("\ue001\ue002\ue003\ue004，\ue005", True),
    ("\x01\x04\x05\x06\x07\x08\x0e\x0f 2025\x1b\x1c", True),
    ("", False),
], ids=["chinese", "cid", "private-use", "control", "empty"])
def test_garbage_detection(text, garbage):
    assert (garbage_ratio(text) > 0.3) is garbage


def test_page_read_by_pdfplumber_when_pdfium_gives_garbage(tmp_path, make, pdf_font,
                                                           monkeypatch):
    real = pdf_loader._pdfium_lines

    def garbled(page, textpage, height):
        lines, _text = real(page, textpage, height)
        return lines, "\ue001\ue002\ue003" * 50

    monkeypatch.setattr(pdf_loader, "_pdfium_lines", garbled)
    raw = load(make.write_pdf(tmp_path / "g.pdf", ["各县（市、区）人民政府：现将方案印发给你们。"], pdf_font))
    assert "各县（市、区）人民政府：现将方案印发给你们。" in raw.text
    assert any("pdfplumber" in note for note in raw.notes)


# -- DOCX -----------------------------------------------------------------------------------
def test_docx_paragraphs_and_tables_in_order(tmp_path, make):
    blocks = ["关于做好2024年高校毕业生就业工作的通知", "各县（区）人力资源社会保障局：",
              [["补贴项目", "标准"], ["一次性吸纳就业补贴", "每人1500元"]],
              "特此通知。"]
    raw = load(make.write_docx(tmp_path / "n.docx", blocks, title="就业通知"))
    assert raw.format == "docx"
    assert raw.text.splitlines() == ["关于做好2024年高校毕业生就业工作的通知", "各县（区）人力资源社会保障局：",
                                     "补贴项目", "标准", "一次性吸纳就业补贴", "每人1500元", "特此通知。"]
    (table,) = raw.tables
    assert [[c.text for c in row] for row in table.rows] == blocks[2]
    assert raw.hints == {"title": "就业通知"}


def test_xlsx_is_not_a_docx(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "补贴标准"
    path = tmp_path / "table.docx"
    book.save(path)
    with pytest.raises(UnsupportedFormat, match="spreadsheet"):
        load(path)


# -- traditional → simplified ---------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("臺灣省經濟發展規劃", "台湾省经济发展规划"),
    ("乾隆年間，天氣乾燥", "乾隆年间，天气干燥"),   # phrase level: 乾隆 stays, 乾燥 → 干燥
    ("關於進一步優化營商環境的若干措施\n第一條　為了", "关于进一步优化营商环境的若干措施\n第一条　为了"),
    ("达州市人民政府 2025年發佈", "达州市人民政府 2025年发布"),
], ids=["province", "phrase-level", "multi-line", "mixed"])
def test_to_simplified_same_length(text, expected):
    out = to_simplified(text)
    assert out == expected
    assert len(out) == len(text)


@pytest.mark.parametrize("text", ["达州市人民政府办公室关于印发方案的通知", "Section 3 • 2025", ""],
                         ids=["simplified", "non-gb2312-symbol", "empty"])
def test_to_simplified_none_when_nothing_changes(text):
    assert to_simplified(text) is None
    assert not has_traditional(text)


def test_to_simplified_falls_back_to_characters_when_a_phrase_changes_length(monkeypatch):
    from policyintel.ingest import convert

    assert has_traditional("發展")  # builds the character table with the real converter
    real = convert._converter()

    class Lengthening:  # OpenCC with a phrase rule that changes length
        def convert(self, text: str) -> str:
            return real.convert(text.replace("資訊", "信息化"))

    monkeypatch.setattr(convert, "_converter", lambda: Lengthening())
    text = "推動資訊產業發展\n臺灣"
    out = to_simplified(text)
    assert out == "推动资讯产业发展\n台湾"
    assert len(out) == len(text)


# -- sniffing: the suffix is never trusted ----------------------------------------------------
@pytest.mark.parametrize("real,named", [
    ("pdf", "report.txt"), ("html", "page.pdf"), ("docx", "attachment.txt"),
    ("txt", "notice.pdf"), ("html", "notice.docx"), ("pdf", "scan.html"),
], ids=["pdf-as-txt", "html-as-pdf", "docx-as-txt", "txt-as-pdf", "html-as-docx", "pdf-as-html"])
def test_content_decides_the_loader(tmp_path, make, pdf_font, real, named):
    blocks = ["各县（市、区）人民政府：现将《实施方案》印发给你们，请认真贯彻落实。"]
    built = {"pdf": lambda p: make.write_pdf(p, blocks, pdf_font),
             "html": lambda p: make.write_html(p, blocks, title="通知"),
             "docx": lambda p: make.write_docx(p, blocks),
             "txt": lambda p: make.write_text(p, blocks)}[real](tmp_path / named)
    raw = load(built)
    assert raw.format == real
    assert "现将《实施方案》印发给你们" in raw.text
