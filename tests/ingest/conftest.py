"""Builders of realistic inputs for the loader tests (and bench/bench_ingest.py).

A document is a list of blocks: a paragraph (str) or a table (list of rows of cell texts). From
the same blocks the builders write a PDF (reportlab with a system CJK font, hard-wrapped lines, a
running header, page numbers, ruled tables that may run over a page break), a DOCX
(python-docx), a government web page (navigation, breadcrumb, information table, widgets,
article, footer) and plain text in any encoding.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

Block = str | list[list[str]]

CJK_FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
)
FONT_NAME = "PolicyIntelCJK"
_CHROME = re.compile(r"^(首页|>|当前位置|发布时间|时间[:：]|【字体|打印$|来 源[:：])")


def cjk_font() -> str | None:
    """Register a CJK TrueType font with reportlab; its name, or None when none is installed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    for path, index in CJK_FONT_CANDIDATES:
        if Path(path).exists():
            try:
                pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=index))
            except TTFError:
                continue
            return FONT_NAME
    return None


@pytest.fixture(scope="session")
def pdf_font() -> str:
    font = cjk_font()
    if font is None:
        pytest.skip("no CJK TrueType font installed (apt-get install fonts-wqy-microhei; "
                    "`make system-packages` does it)")
    return font


# -- from corpus text to blocks -------------------------------------------------------------
def article_blocks(text: str, *, table_after: str | None = None, header_cells: int = 2,
                   columns: int = 0) -> list[Block]:
    """Paragraphs of a corpus text without its web chrome lines; the flattened table that
    follows the line containing ``table_after`` (one cell a line, blank lines between cells, a
    line of no-break spaces for an empty cell) rebuilt as a grid of ``columns`` columns whose
    first ``header_cells`` lines form its first cell. The page footer after it is left out."""
    raw_lines = text.splitlines()
    blocks: list[Block] = []
    for i, raw in enumerate(raw_lines):
        line = raw.strip()
        if table_after and table_after in line:
            blocks.append(line)
            blocks.append(_grid(raw_lines[i + 1:], header_cells, columns))
            return blocks
        if line and not _CHROME.match(line):
            blocks.append(line)
    return blocks


def _grid(lines: list[str], header_cells: int, columns: int) -> list[list[str]]:
    cells = []
    for line in lines:
        if not line:
            continue  # the blank line between two cells
        cell = line.strip("\xa0 ")
        if len(cell) > 12 or ":" in cell:
            break  # the page footer after the table
        cells.append(cell)
    cells = [" ".join(cells[:header_cells])] + cells[header_cells:]
    rows = [cells[k:k + columns] for k in range(0, len(cells), columns)]
    return [row for row in rows if len(row) == columns]


def plain_text(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out.append(block)
        else:
            out.extend(cell for row in block for cell in row)
    return "\n".join(out) + "\n"


def write_text(path: Path, blocks: Sequence[Block], encoding: str = "utf-8") -> Path:
    path.write_bytes(plain_text(blocks).encode(encoding))
    return path


# -- PDF ------------------------------------------------------------------------------------
class PdfWriter:
    """A minimal typesetter: wrapped paragraphs and ruled tables on A4 pages."""

    def __init__(self, path: Path, font: str, *, header: str | None = None,
                 page_label: str = "- {n} -", size: float = 12, leading: float = 20) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        self.canvas = canvas.Canvas(str(path), pagesize=A4)
        self.width, self.height = A4
        self.font, self.size, self.leading = font, size, leading
        self.header, self.page_label = header, page_label
        self.margin, self.bottom = 72.0, 80.0
        self.page = 0
        self._widths: dict[str, float] = {}
        self._new_page()

    def _new_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        c = self.canvas
        if self.header:
            c.setFont(self.font, 9)
            c.drawCentredString(self.width / 2, self.height - 40, self.header)
            c.line(self.margin, self.height - 46, self.width - self.margin, self.height - 46)
        if self.page_label:
            c.setFont(self.font, 9)
            c.drawCentredString(self.width / 2, 36, self.page_label.format(n=self.page))
        self.y = self.height - 90

    def _char_width(self, ch: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        key = f"{ch}{size}"
        if key not in self._widths:
            self._widths[key] = stringWidth(ch, self.font, size)
        return self._widths[key]

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        lines, current, used = [], "", 0.0
        for ch in text:
            w = self._char_width(ch, size)
            if current and used + w > width:
                lines.append(current)
                current, used = "", 0.0
            current += ch
            used += w
        return lines + [current] if current else lines or [""]

    def paragraph(self, text: str) -> None:
        c = self.canvas
        for k, line in enumerate(self.wrap(text, self.width - 2 * self.margin - 24, self.size)):
            if self.y < self.bottom:
                self._new_page()
            c.setFont(self.font, self.size)
            c.drawString(self.margin + (24 if k == 0 else 0), self.y, line)
            self.y -= self.leading

    def table(self, rows: Sequence[Sequence[str]], *, repeat_header: bool = True) -> None:
        columns = max(len(row) for row in rows)
        col_width = (self.width - 2 * self.margin) / columns
        size, pad = 10.5, 4.0
        self.y += self.leading - size - pad  # the table's top edge near the previous baseline
        for r, row in enumerate(rows):
            cells = [self.wrap(cell, col_width - 2 * pad, size) for cell in row]
            height = max(len(lines) for lines in cells) * (size + 4) + 2 * pad
            if self.y - height < self.bottom:
                self._new_page()
                self.y += self.leading - size - pad
                if repeat_header and r > 0:
                    self._row(rows[0], col_width, size, pad, columns)
            self._row(row, col_width, size, pad, columns, cells, height)
        self.y -= self.leading

    def _row(self, row: Sequence[str], col_width: float, size: float, pad: float, columns: int,
             cells: list[list[str]] | None = None, height: float | None = None) -> None:
        c = self.canvas
        cells = cells or [self.wrap(cell, col_width - 2 * pad, size) for cell in row]
        height = height or max(len(lines) for lines in cells) * (size + 4) + 2 * pad
        top, x0 = self.y, self.margin
        c.line(x0, top, x0 + columns * col_width, top)
        c.line(x0, top - height, x0 + columns * col_width, top - height)
        for k in range(columns + 1):
            c.line(x0 + k * col_width, top, x0 + k * col_width, top - height)
        c.setFont(self.font, size)
        for k, lines in enumerate(cells):
            for n, line in enumerate(lines):
                c.drawString(x0 + k * col_width + pad, top - pad - size - n * (size + 4), line)
        self.y = top - height

    def page_break(self) -> None:
        self._new_page()

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()


def write_pdf(path: Path, blocks: Sequence[Block], font: str, **options) -> Path:
    writer = PdfWriter(path, font, **options)
    for block in blocks:
        if isinstance(block, str):
            writer.paragraph(block)
        else:
            writer.table(block)
    writer.save()
    return path


# -- DOCX -----------------------------------------------------------------------------------
def write_docx(path: Path, blocks: Sequence[Block], title: str | None = None) -> Path:
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            columns = max(len(row) for row in block)
            table = document.add_table(rows=len(block), cols=columns)
            table.style = "Table Grid"
            for r, row in enumerate(block):
                for k, cell in enumerate(row):
                    table.cell(r, k).text = cell
    document.save(str(path))
    return path


# -- HTML -----------------------------------------------------------------------------------
def gov_page(blocks: Sequence[Block], *, title: str, site: str = "达州市人民政府",
             issuer: str = "达州市人民政府办公室", doc_number: str = "",
             published: str = "2025-10-30 09:39:31", charset: str = "utf-8") -> str:
    """A government web page in the usual CMS layout, with the article in div#zoom."""
    e = html.escape
    body = []
    for block in blocks:
        if isinstance(block, str):
            body.append(f"<p style=\"text-indent:2em\">{e(block)}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td><p>{e(cell)}</p></td>" for cell in row)
                           + "</tr>" for row in block)
            body.append(f"<table border=\"1\" cellspacing=\"0\"><tbody>{rows}</tbody></table>")
    article = "\n".join(body)
    return f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{e(title)}_{e(site)}</title>
<meta name="SiteName" content="{e(site)}">
<meta name="ArticleTitle" content="{e(title)}">
<meta name="PubDate" content="{published[:16]}">
<meta name="ContentSource" content="{e(issuer)}">
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav li {{ float: left; }}</style>
</head><body>
<div class="top"><a href="/">无障碍</a> <a href="/">长者模式</a> <a href="/en">English</a></div>
<div class="header"><img src="/logo.png" alt="{e(site)}"></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li></ul>
<div class="location">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk">政府信息公开</a>
 &gt; <a href="/zcwj">政策文件</a></div>
<table class="xxgk-table">
<tr><td>索引号：</td><td>11511700MB1536123X/2025-00321</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发文机关：</td><td>{e(issuer)}</td><td>成文日期：</td><td>2025-10-14</td></tr>
<tr><td>文号：</td><td>{e(doc_number)}</td><td>发布日期：</td><td>{published[:10]}</td></tr>
</table>
<div class="article">
<h1 class="title">{e(title)}</h1>
<div class="info">时间:{published} 来源:{e(issuer)}
 <span class="fontsize">【字体：<a>大</a> <a>中</a> <a>小</a>】</span> <a href="javascript:window.print()">打印</a></div>
<div id="zoom"><div class="TRS_Editor">
{article}
</div></div>
<div class="bdsharebuttonbox">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
<div class="related"><h3>相关文章</h3><ul><li><a href="/a">关于做好就业创业工作的通知</a></li>
<li><a href="/b">关于印发职业技能提升行动实施方案的通知</a></li></ul></div>
</div>
<div class="footer">
<p><a href="/about">关于我们</a> | <a href="/map">网站地图</a> | <a href="/contact">联系我们</a></p>
<p>主办单位：{e(issuer)}　承办单位：{e(site)}大数据中心</p>
<p>网站标识码：5117000001　蜀ICP备05004256号　川公网安备 51170202000102号</p>
<p>地址：四川省达州市通川区朝阳东路　联系电话：0818-2372345</p>
</div>
</body></html>
"""


def write_html(path: Path, blocks: Sequence[Block], *, encoding: str = "utf-8", **page) -> Path:
    charset = "gb2312" if encoding in ("gbk", "gb18030", "gb2312") else encoding
    path.write_bytes(gov_page(blocks, charset=charset, **page).encode(encoding))
    return path


@pytest.fixture(scope="session")
def make():
    """These builders, for tests (conftest modules are not importable by name)."""
    import sys

    return sys.modules[__name__]
