"""Task-division tables: one assignment of units per row.

Plans close with a 任务分工表 whose columns name the units: ``序号 / 重点任务 / 牵头单位 / 配合单位 /
完成时限``, or ``工作任务 / 责任单位 / 时间节点``. Loaders and pages flatten such a table into the
running text, one of three ways, all read here alike:

* one cell per line (HTML and DOCX loaders, web pages copied as text);
* one row per line, cells separated by tabs, runs of spaces or ``|`` (markdown, PDF text);
* either of these with blank cells lost and, after cleaning, a row's last cell glued to the next
  row's number (``2024年底2``) or a digit cell glued to its neighbour.

The header is a line, or a run of short lines, of column names (short, no digits) of which at
least one is a unit label of nlp/data/responsibility_labels.tsv written without a colon
(``牵头单位``, ``责任单位（部门）``). Its unit columns, in order, give the roles; where a two-level
header has both ``责任单位`` and ``牵头单位 / 配合单位``, the lead and partner columns win.

Rows are read from cells, not from positions, since blank cells vanish: a *run* of adjacent cells
that are unit lists (every item ends like a body, nlp/units.py, and opens like one: 市…, 各…,
…县…, or is a known stem such as 人社局) is one row's unit cells, mapped
onto the unit columns in order (a lone cell under ``牵头单位 / 配合单位`` is the lead). A run counts
only after a task cell (text that is no unit list, no deadline and no number) since the last run,
so the signature after a table (``某市人民政府办公室`` then its date) is not a row. A unit cell is
cut at its first digit or deadline word (``市教育局2024年底``: the deadline cell glued to it).

The table ends at the next header, an 附件 line or a top-level heading (``三、``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from policyintel.nlp import units as unitnames

# Cell separators inside a row line; a header written with single spaces lets rows use them too.
_WIDE_SEP = re.compile(r"\t+|[ \u3000\u00a0]{2,}|[|｜]")
_ANY_SEP = re.compile(r"[\t \u3000\u00a0|｜]+")
_HEADER_CELL = re.compile(r"^[\u4e00-\u9fff（）()、/]{2,12}$")
_ANNOTATION = re.compile(r"[（(](?:部门|单位|处室|机构)[)）]$")
_TABLE_END = re.compile(r"^(?:附件|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]+[章节部])")
_DIGIT = re.compile(r"[0-9０-９]")
_TIME_WORD = re.compile(r"(?:长期|持续|常态化|年底|年内|每年|逐年|分年度|按年度|按季度|[上下]半年)")
_TIME_CELL = re.compile(r"^(?:[0-9０-９]{4}[年.．/-]|[0-9]{1,2}月|长期|持续|常态化|年底|年内|每年|逐年"
                        r"|分年度|按年度|按季度|[上下]半年|[0-9]{4}[—–-][0-9]{4})")
# Deadline wording removed before asking whether a cell says anything else.
_TIME_EXPR = re.compile(r"(?:[0-9]{4}[年.．/-]?(?:[0-9]{1,2}[月.．/-]?)?(?:[0-9]{1,2}日?)?|[0-9]{1,2}月)"
                        r"(?:底|末|前|内|中|初|上旬|中旬|下旬|以前|之前)?(?:前|完成|启动|起)?"
                        r"|长期(?:坚持|推进)?|持续(?:推进|实施|开展)?|常态化(?:推进)?|年底前?|年内|每年|逐年(?:推进)?"
                        r"|分年度(?:推进|实施)?|按年度|按季度|[上下]半年|[—–~至-]")
_CJK_LEFT = re.compile(r"[\u4e00-\u9fff]")
_NAMED = re.compile(r"^(?:[市县区省州旗盟各]|[^，。；、]{1,12}?[市县区省州旗盟])")
_NUMBER_CELL = re.compile(r"^[0-9０-９]{1,3}[.．、]?$")
_MARKDOWN_RULE = re.compile(r"^[\s|｜:：\-—]+$")


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row's unit cells: (column role, the cell's units) in column order."""

    cells: tuple[tuple[str, unitnames.UnitList], ...]


@dataclass(frozen=True, slots=True)
class _Cell:
    start: int
    end: int
    kind: str  # unit | time | number | task


@cache
def _labels() -> dict[str, str]:
    return {row["label"]: row["role"] for row in unitnames.read_table("responsibility_labels.tsv")}


def _role(cell: str) -> str | None:
    """The role of a header cell that names a unit column (牵头单位 → lead), else None."""
    return _labels().get(_ANNOTATION.sub("", cell))


def _split(line: str, offset: int, sep: re.Pattern[str]) -> list[tuple[int, int]]:
    """Cells of one line as document spans, stripped, empty ones dropped."""
    out, pos = [], 0
    for m in sep.finditer(line):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(line)))
    spans = []
    for a, b in out:
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((offset + a, offset + b))
    return spans


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _header_cells(text: str, a: int, b: int) -> tuple[list[str], re.Pattern[str]] | None:
    """The column names of a line of column names, with the separator its rows use, or None.

    A single name counts (a header written one cell per line) unless it reads as a unit."""
    line = text[a:b]
    for sep in (_WIDE_SEP, _ANY_SEP):
        cells = [text[s:e] for s, e in _split(line, a, sep)]
        if not cells or not all(_HEADER_CELL.match(c) for c in cells):
            continue
        if len(cells) == 1 and len(cells[0]) > 8:
            return None
        if len(cells) == 1 and not _role(cells[0]) and unitnames.looks_like_unit(cells[0]):
            return None
        return cells, sep
    return None


def _header(text: str, lines: list[tuple[int, int]], i: int,
            ) -> tuple[list[str], re.Pattern[str], int] | None:
    """A header starting at line ``i``: its names, row separator and the line after it."""
    names: list[str] = []
    sep: re.Pattern[str] = _WIDE_SEP
    j = i
    while j < len(lines):
        found = _header_cells(text, *lines[j])
        if found is None:
            break
        if len(found[0]) > 1 or j == i:
            sep = found[1]
        names += found[0]
        j += 1
    if len(names) < 2 or not any(map(_role, names)):
        return None
    return names, sep, j


def _unit_end(text: str, a: int, b: int) -> int:
    """Where the unit list of a cell ends: before a digit or a deadline word glued to it."""
    m = _DIGIT.search(text, a, b)
    end = m.start() if m else b
    m = _TIME_WORD.search(text, a, end)
    if m and unitnames.looks_like_unit(text[a:m.start()]):
        end = m.start()
    return end


def _named_unit(name: str) -> bool:
    """A unit name as tables write it: a body's ending and an administrative opening (市人社局,
    各县（市、区）人民政府, 团市委) or a known stem (人社局), so a task (建设技能大师工作室) is none."""
    if not unitnames.looks_like_unit(name):
        return False
    return _NAMED.match(name) is not None or unitnames.strip_brackets(name) in unitnames.aliases()


def _classify(text: str, a: int, b: int) -> list[_Cell]:
    """The cell ``text[a:b]`` as typed cells; a unit list with a deadline or the next row glued
    to it (cleaning joins such lines) gives the unit cell and what follows as a second cell."""
    cell = text[a:b]
    if _NUMBER_CELL.match(cell):
        return [_Cell(a, b, "number")]
    if _TIME_CELL.match(cell) and not _CJK_LEFT.search(_TIME_EXPR.sub("", cell)):
        return [_Cell(a, b, "time")]
    end = _unit_end(text, a, b)
    if end - a >= 2 and "。" not in text[a:end] and end - a <= 120:
        listed = unitnames.split_units(text, a, end)
        if listed.units and all(_named_unit(u.surface) for u in listed.units):
            if end == b:
                return [_Cell(a, b, "unit")]
            rest = "time" if not _CJK_LEFT.search(_TIME_EXPR.sub("", text[end:b])) else "task"
            return [_Cell(a, end, "unit"), _Cell(end, b, rest)]
    return [_Cell(a, b, "task")]


def _columns(names: list[str]) -> list[str]:
    """The roles of the unit columns in order. Beside 牵头单位 a 责任单位 column is the header
    over both (two levels) and is dropped; beside 配合单位 alone it names the leads."""
    roles = [r for r in map(_role, names) if r]
    if "lead" in roles:
        return [r for r in roles if r != "any"]
    if "partner" in roles:
        return ["lead" if r == "any" else r for r in roles]
    return roles


def _rows(text: str, cells: list[_Cell], columns: list[str]) -> Iterator[TableRow]:
    run: list[_Cell] = []
    task_seen = False

    def flush() -> TableRow | None:
        if not run or not task_seen:
            return None
        roles = columns[:len(run)] + [columns[-1]] * (len(run) - len(columns))
        return TableRow(tuple((role, unitnames.split_units(text, c.start, c.end))
                              for role, c in zip(roles, run, strict=True)))

    for cell in cells:
        if cell.kind == "unit":
            run.append(cell)
            continue
        row = flush()
        if row is not None:
            yield row
        if run:
            task_seen = False
        run = []
        if cell.kind in ("task", "number"):
            task_seen = True
    row = flush()
    if row is not None:
        yield row


@cache
def _label_rx() -> re.Pattern[str]:
    """Any unit label written as a column name (no colon after it)."""
    alternation = "|".join(re.escape(w) for w in sorted(_labels(), key=len, reverse=True))
    return re.compile(f"(?:{alternation})(?![：:])")


def _line_of(lines: list[tuple[int, int]], offset: int) -> int:
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid][0] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def table_rows(text: str) -> Iterator[TableRow]:
    """Every row of every task-division table in ``text`` (see module docstring)."""
    hits = [m.start() for m in _label_rx().finditer(text)]
    if not hits:
        return
    lines = _lines(text)
    labelled = sorted({_line_of(lines, h) for h in hits})
    done = -1
    for k in labelled:
        if k <= done:
            continue
        # The header may open a few lines above its first unit column (序号 / 重点任务 / 牵头单位).
        first = k
        while first > max(done + 1, k - 8) and _header_cells(text, *lines[first - 1]) is not None:
            first -= 1
        found = None
        for i in range(first, k + 1):
            found = _header(text, lines, i)
            if found is not None:
                break
        if found is None:
            continue
        names, sep, i = found
        columns = _columns(names)
        cells: list[_Cell] = []
        while i < len(lines):
            a, b = lines[i]
            line = text[a:b].strip()
            if _TABLE_END.match(line) or (_label_rx().search(text, a, b)
                                          and _header(text, lines, i) is not None):
                break
            if not _MARKDOWN_RULE.match(line):
                for s, e in _split(text[a:b], a, sep):
                    cells += _classify(text, s, e)
            i += 1
        done = i - 1
        yield from _rows(text, cells, columns)
