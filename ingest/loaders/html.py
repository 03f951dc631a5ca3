"""HTML: a government web page → the article body, one paragraph a line, tables one cell a line.

The article container is found by the selectors government content-management systems use
(``ARTICLE_SELECTORS``), else as the block owning the most non-link CJK text. Page chrome is
removed structurally: navigation, headers, footers and widgets by tag and by class/id, and
inside the article the lines that are only widgets (【字体:大 中 小】 打印 关闭), breadcrumbs
(首页>…), the publication info line (时间: … 来源: …) and a trailing site footer (主办单位,
网站标识码, 备案号…). What the page states about the document outside the text (``<title>``, the
``PubDate``/``ContentSource`` meta tags of the gov.cn page standard, an information-disclosure
table with 文号/发文机关/成文日期) goes into ``RawDocument.hints``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from policyintel.errors import LoadError
from policyintel.ingest.loaders.registry import loader
from policyintel.ingest.loaders.text import decode
from policyintel.ingest.raw import Cell, RawDocument, Table

# Most specific first; see the module docstring. Duplicated in case where sites differ.
ARTICLE_SELECTORS = (
    ".TRS_Editor", ".TRS_UEDITOR", ".Custom_UnionStyle", "#UCAP-CONTENT", ".pages_content",
    "#pages_content", "#zoom", ".zoom", "#Zoom", "#fontzoom", ".article-content",
    ".article_content", "#article_content", ".articleContent", ".art_content", ".arti_content",
    ".news_content", ".news-content", "#news_content", ".con_content", ".detail-content",
    ".detail_content", ".details-content", ".wzcon", ".main-txt", ".view", "#content",
    ".content", "#con", ".con", ".detail", ".details", "article", ".article", ".Section1",
    ".WordSection1",
)
# gov.cn page-standard meta tags (and common equivalents) → hint names.
META_HINTS = (
    ("ArticleTitle", "title"), ("og:title", "title"), ("PubDate", "publish_date"),
    ("pubdate", "publish_date"), ("publishdate", "publish_date"),
    ("article:published_time", "publish_date"), ("ContentSource", "source"),
    ("SiteName", "site"), ("ColumnName", "column"),
)
# Labels of the information-disclosure table (信息公开) a page prints around the article.
INFO_LABELS = (
    ("索引号", "index_number"), ("发文机关", "issuer"), ("发布机构", "issuer"),
    ("发文单位", "issuer"), ("发文字号", "doc_number"), ("文号", "doc_number"),
    ("成文日期", "written_date"), ("发布日期", "publish_date"), ("发布时间", "publish_date"),
    ("来源", "source"),
)

_DROP_TAGS = {"script", "style", "noscript", "iframe", "object", "embed", "select", "button",
              "input", "textarea", "template", "svg", "canvas", "nav", "footer", "aside",
              "header", "map", "audio", "video", "-comment", "head", "title", "meta", "link"}
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
               "section", "article", "main", "blockquote", "pre", "center", "hr", "address",
               "figure", "figcaption", "form", "fieldset", "tr", "table", "tbody", "thead",
               "tfoot", "caption", "body", "html"}
_CONTAINER_TAGS = {"div", "td", "article", "section", "main", "body", "center", "form"}
_JUNK_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|curpos|dqwz|"
    r"footer|foot|copyright|share|bdsharebuttonbox|print|fontsize|font-size|zihao|toolbar|"
    r"sidebar|related|xgwz|xgxx|search|login|qrcode|ewm|pagination)(?:$|[\s_-])", re.IGNORECASE)
_WIDGET_LINE = re.compile(
    r"^(?:[【\[]?\s*(?:字体|字号)\s*[:：]?\s*[大中小默认\s|｜]*[】\]]?|"
    r"[【\[]?\s*(?:打印|打印本页|打印此页|打印正文|关闭|关闭窗口|关闭本页|返回顶部|收藏|分享|"
    r"分享到|扫一扫|我要纠错|纠错|保存|下载)\s*[:：]?\s*[】\]]?|[\s|｜/·•\-—]+)+$")
_BREADCRUMB_LINE = re.compile(
    r"^(?:(?:当前|现在|您的|您当前的|您现在的)(?:位置|所在位置)\s*[:：]?|首页\s*[>＞»›/])")
# The page's publication line; a bare "时间：…" line is a meeting notice's content, so kept.
_INFO_LINE = re.compile(
    r"^(?:(?:发布|更新)(?:时间|日期)\s*[:：]|来源\s*[:：]|(?:时间|日期)\s*[:：].*(?:来源|作者|"
    r"浏览|点击|阅读)|.*(?:浏览|点击|阅读|访问)(?:次数|量|数)\s*[:：])")
_FOOTER_MARK = re.compile(
    r"主办单位|承办单位|网站标识码|备案证号|ICP备|公安机关备案号|公网安备|网安备|版权所有|"
    r"Copyright|技术支持|网站地图")
_FOOTER_NEIGHBOUR = re.compile(r"地址|电话|邮编|联系我们|关于我们|网站声明|网站地图|传真")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_WS = re.compile(r"[ \t\r\n\f\v\xa0]+")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_MIN_ARTICLE_CJK = 20
_SHORT_LINE = 80


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()[:2048]
    if start.startswith((b"<!doctype html", b"<html")):
        return True
    if start.startswith((b"<?xml", b"<!--", b"<")):
        return any(tag in start for tag in (b"<html", b"<head", b"<body", b"<meta", b"<title"))
    return False


def _cjk_count(text: str) -> int:
    # By runs: len(findall) makes a string per character, and sub("") a list of every piece
    # between them (10 MB for a 2.5 MB page), where a run is one match object at a time.
    return sum(m.end() - m.start() for m in _CJK_RUN.finditer(text))


def decode_html(data: bytes, path: Path) -> tuple[str, str]:
    """The page as text: the charset the page declares if its bytes obey it, else detected."""
    match = _CHARSET.search(data[:4096])
    if match and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = match.group(1).decode("ascii").lower()
        if declared in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936"):
            declared = "gb18030"
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    return decode(data, path)


# -- rendering ------------------------------------------------------------------------------
class _Lines:
    """Lines of text being rendered; a table's cells are kept apart so offsets can be given."""

    def __init__(self) -> None:
        self.items: list[tuple[str, Any]] = []  # ("line", text) or ("cell", (table, row, col, text))
        self.buffer: list[str] = []

    def add(self, text: str) -> None:
        self.buffer.append(text)

    def flush(self) -> None:
        if self.buffer:
            line = "".join(self.buffer).strip(" \t\u3000\xa0")
            if line:
                self.items.append(("line", line))
            self.buffer = []


def _collapse(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        s = m.string
        before = s[m.start() - 1] if m.start() else ""
        after = s[m.end()] if m.end() < len(s) else ""
        if "\n" in m.group() and before >= "\u2e80" and after >= "\u2e80":
            return ""  # a source line break between two Chinese characters is no space
        return " "

    return _WS.sub(repl, text)


def _hidden(node: Any) -> bool:
    style = (node.attributes.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _junk_by_name(node: Any) -> bool:
    names = " ".join(filter(None, (node.attributes.get("class"), node.attributes.get("id"))))
    return bool(names) and bool(_JUNK_CLASS.search(names))


def _is_data_table(node: Any) -> bool:
    # A table holding another table is page layout, not data (``css`` matches the node itself).
    return len(node.css("table")) == 1


def _render(node: Any, out: _Lines, tables: list[list[list[str]]], *, top: bool = False) -> None:
    tag = node.tag
    if tag == "-text":
        out.add(_collapse(node.text_content or ""))
        return
    if tag in _DROP_TAGS or (not top and (_hidden(node) or _junk_by_name(node))):
        return
    if tag == "br":
        out.flush()
        return
    if tag == "table" and _is_data_table(node):
        out.flush()
        _render_table(node, out, tables)
        return
    block = tag in _BLOCK_TAGS or tag in ("td", "th")
    if block:
        out.flush()
    child = node.child
    while child is not None:
        _render(child, out, tables)
        child = child.next
    if block:
        out.flush()


def _render_table(node: Any, out: _Lines, tables: list[list[list[str]]]) -> None:
    grid: list[list[str]] = []
    for tr in node.css("tr"):
        row = []
        for cell in tr.iter():
            if cell.tag not in ("td", "th"):
                continue
            inner = _Lines()
            _render(cell, inner, [], top=True)
            inner.flush()
            row.append(" ".join(text for kind, text in inner.items if kind == "line"))
        if row:
            grid.append(row)
    if not grid:
        return
    index = len(tables)
    tables.append(grid)
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            out.items.append(("cell", (index, r, c, text)))


# -- choosing the article -------------------------------------------------------------------
def _text_counts(node: Any) -> tuple[int, int]:
    """(CJK characters, CJK characters inside links) under ``node``."""
    text = node.text(deep=True, separator="")
    links = sum(_cjk_count(a.text(deep=True)) for a in node.css("a"))
    return _cjk_count(text), links


def _by_selector(body: Any) -> Any | None:
    for selector in ARTICLE_SELECTORS:
        best, best_count = None, 0
        for node in body.css(selector):
            cjk, links = _text_counts(node)
            if cjk - links >= _MIN_ARTICLE_CJK and links <= 0.3 * cjk and cjk - links > best_count:
                best, best_count = node, cjk - links
        if best is not None:
            return best
    return None


def _paragraph_like(node: Any) -> bool:
    """An element that reads as one paragraph: no container or table inside it."""
    if node.tag in _DROP_TAGS or node.tag in ("a", "table", "ul", "ol") or _junk_by_name(node):
        return False
    own = node.mem_id
    return not any(inner.mem_id != own and (inner.tag in _CONTAINER_TAGS or inner.tag == "table")
                   for inner in node.traverse())


def _by_density(body: Any) -> Any | None:
    """The container whose own paragraphs (not nested containers) hold the most non-link CJK."""
    best, best_score = None, 0
    for node in body.traverse():
        if node.tag not in _CONTAINER_TAGS or _junk_by_name(node):
            continue
        score = 0
        child = node.child
        while child is not None:
            if child.tag == "-text":
                score += _cjk_count(child.text_content or "")
            elif _paragraph_like(child):
                cjk, links = _text_counts(child)
                score += cjk - links
            child = child.next
        if score > best_score:
            best, best_score = node, score
    if best is None or best_score < _MIN_ARTICLE_CJK:
        return None
    # Climb while the parent adds little and is not link-heavy (paragraphs split over divs).
    total, _ = _text_counts(best)
    while best.parent is not None and best.parent.tag in _CONTAINER_TAGS - {"body"}:
        cjk, links = _text_counts(best.parent)
        if cjk - links > 1.5 * total or links > 0.3 * cjk:
            break
        best, total = best.parent, cjk - links
    return best


# -- lines that are page chrome -------------------------------------------------------------
def _drop_chrome(items: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    def chrome(item: tuple[str, Any]) -> bool:
        if item[0] != "line":
            return False
        line = item[1]
        if _WIDGET_LINE.match(line):
            return True
        return len(line) < _SHORT_LINE and bool(_BREADCRUMB_LINE.match(line) or _INFO_LINE.match(line))

    kept = [item for item in items if not chrome(item)]
    # A site footer at the end: from the first short footer line on, if all that follows is short.
    for i, (kind, value) in enumerate(kept):
        if kind == "line" and len(value) < _SHORT_LINE and _FOOTER_MARK.search(value):
            tail = kept[i:]
            if all(k == "line" and len(v) < _SHORT_LINE for k, v in tail):
                while i > 0 and kept[i - 1][0] == "line" and len(kept[i - 1][1]) < _SHORT_LINE \
                        and _FOOTER_NEIGHBOUR.search(kept[i - 1][1]):
                    i -= 1
                return kept[:i]
    return kept


# -- hints ----------------------------------------------------------------------------------
@cache
def _label_pattern(label: str) -> re.Pattern[str]:
    # Pages space labels out to align them ("来 源:", "文　　号："); the value may follow or not.
    spaced = r"[\s\u3000]*".join(map(re.escape, label))
    # A label with no separator must stand alone (its value in the next cell), so that a
    # sentence beginning "来源于…" is not read as one.
    return re.compile(rf"^[\s\u3000]*{spaced}[\s\u3000]*(?:[:：|｜][\s\u3000|｜]*(.*))?$")


def _hints(tree: Any, page_lines: list[str]) -> dict[str, str]:
    hints: dict[str, str] = {}
    title = tree.css_first("title")
    if title is not None and title.text(strip=True):
        hints["page_title"] = _WS.sub(" ", title.text(strip=True))
    for meta in tree.css("meta"):
        name = meta.attributes.get("name") or meta.attributes.get("property") or ""
        content = (meta.attributes.get("content") or "").strip()
        for meta_name, hint in META_HINTS:
            if content and name.lower() == meta_name.lower():
                hints.setdefault(hint, content)
    for i, line in enumerate(page_lines):
        for label, hint in INFO_LABELS:
            match = _label_pattern(label).match(line)
            if match is None or hint in hints:
                continue
            value = match.group(1) or ""
            if not value and i + 1 < len(page_lines):
                value = page_lines[i + 1]
            # Stop at a wide gap or a separator, and at the next label ("时间:… 来源:…").
            value = re.split(r"\s{2,}|[\u3000|｜]", value.strip(), maxsplit=1)[0]
            value = re.split(r"(?:来源|浏览次数|点击数|作者)\s*[:：]", value, maxsplit=1)[0].strip()
            if value:
                hints[hint] = value
    if "title" not in hints:
        h1 = tree.css_first("h1")
        if h1 is not None and _cjk_count(h1.text()) >= 4:
            hints["title"] = _WS.sub(" ", h1.text(strip=True))
    return hints


@loader("html", sniff=_looks_like_html, suffixes=(".html", ".htm", ".shtml", ".xhtml"), priority=30)
def load_html(path: Path) -> RawDocument:
    """Load the article of a web page; LoadError "no article text found" when it has none."""
    from selectolax.lexbor import LexborHTMLParser

    text, encoding = decode_html(path.read_bytes(), path)
    tree = LexborHTMLParser(text)
    del text  # the tree holds its own copy; the page's string is not read again
    out, grids, hints = _read_tree(tree, path)
    del tree  # lexbor's tree (several times the page) goes before the article text is joined
    items = _drop_chrome(out.items)
    del out
    text, tables = _assemble(items, grids)
    del items
    if _cjk_count(text) < _MIN_ARTICLE_CJK and len(text.strip()) < 200:
        raise LoadError(path, "no article text found")
    return RawDocument(path=str(path), format="html", text=text, tables=tuple(tables),
                       encoding=encoding, hints=hints)


def _read_tree(tree: Any, path: Path) -> tuple[_Lines, list[list[list[str]]], dict[str, str]]:
    """The article's rendered lines, its tables' grids, and the page's hints. No node outlives
    this call, so the caller can free the tree."""
    body = tree.body
    if body is None:
        raise LoadError(path, "no article text found")
    whole = _Lines()
    _render(body, whole, [], top=True)
    whole.flush()
    hints = _hints(tree, [value if kind == "line" else value[3] for kind, value in whole.items])
    del whole  # the whole page's lines serve the hints only
    article = _by_selector(body) or _by_density(body)
    if article is None:
        raise LoadError(path, "no article text found")
    out, grids = _Lines(), []
    _render(article, out, grids, top=True)
    out.flush()
    return out, grids, hints


def _assemble(items: list[tuple[str, Any]],
              grids: list[list[list[str]]]) -> tuple[str, list[Table]]:
    """Join lines with newlines, giving every table cell its offsets."""
    parts: list[str] = []
    pos = 0
    cells: dict[int, list[list[Cell]]] = {}
    for kind, value in items:
        line = value if kind == "line" else value[3]
        if kind == "cell":
            index, r, _, _ = value
            rows = cells.setdefault(index, [[] for _ in grids[index]])
            rows[r].append(Cell(line, pos, pos + len(line)))
        parts.append(line)
        pos += len(line) + 1
    tables = []
    for index in sorted(cells):
        rows = tuple(tuple(row) for row in cells[index] if row)
        tables.append(Table(rows=rows, start=rows[0][0].start, end=rows[-1][-1].end))
    return "\n".join(parts), tables
