"""Targets from tables of yearly goals: a name column, year columns, an optional total column.

Government web pages flatten such tables one cell per line::

    年份 / 地区 / 2025 / 2026 / 2027 / (合计) / 市本级 / 350 / 350 / 300 / 1000 / 通川区 / …

The parser reads that run of short lines (or a ``Table`` the loader kept) as a grid: a header of
consecutive years, then rows of an optional name and one number per column. Each row and year
gives one target (scope = the row's name, deadline = the column's year). A row whose name is
合计/总计, or is blank and equals the column sums, is the totals row. Checks set the confidence:
each row total must equal the sum of its years, the totals row the sum of the rows. A row whose
name is lost (a blank cell) keeps scope None: the name is not guessed.

Rows are also read when a page flattens each row onto one line (``地区 2025年 2026年`` then
``东港区 500 600``; cleaning may drop the blanks between a label and a number). An indicator table
names the metric and unit in the row label (``新建零工驿站（个） 20 25 30``, ``…（万元）``,
``…（%）``): then each cell is a target of that metric and unit (money in yuan), scope None, and no
totals are needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from policyintel.extractors.records import Target
from policyintel.ingest.document import Document
from policyintel.nlp.numbers import money_to_yuan, parse_number
from policyintel.nlp.quantity_vocab import vocab

_YEAR_CELL = re.compile(r"^((?:19|20)[0-9]{2})[ ]?年?$")
_NUMBER_CELL = re.compile(r"^[0-9０-９]+(?:[.．][0-9]+)?(?:万|亿)?$")
_TOTAL_LABEL = re.compile(r"^(?:合[ ]?计|总[ ]?计|小[ ]?计|全市合计|总数|合计数)$")
_UNIT_LINE = re.compile(r"单位[ ]?[:：][ ]?([^)）\s]{1,6})")
_TITLE_TAIL = re.compile(r"(?:目标任务|任务|目标|指标)?(?:分解|安排|一览|分配|下达)?(?:情况)?表$")
_BLANK = r"[ \t\u3000\u00a0]*"
_HEADER_LINE = re.compile(
    rf"^{_BLANK}(?P<label>[^0-9０-９ \t\u3000\u00a0]{{1,12}})?{_BLANK}"
    rf"(?P<cells>(?:(?:19|20)[0-9]{{2}}[ ]?年{_BLANK}){{2,}}|(?:(?:19|20)[0-9]{{2}}[ \t\u3000\u00a0]+){{2,}})"
    rf"(?P<total>合[ ]?计|总[ ]?计)?{_BLANK}$")
_ROW_LINE = re.compile(
    rf"^{_BLANK}(?P<label>[^ \t\u3000\u00a0].{{0,40}}?[^0-9０-９.． \t\u3000\u00a0])?{_BLANK}"
    rf"(?P<cells>[0-9０-９]+(?:[.．][0-9]+)?(?:{_BLANK}[ \t\u3000\u00a0][0-9０-９]+(?:[.．][0-9]+)?)+){_BLANK}$")
_BRACKETED = re.compile(r"[（(][^（）()]{0,12}[）)]")
_CELL = re.compile(r"(?:19|20)[0-9]{2}[ ]?年|[0-9０-９]+(?:[.．][0-9]+)?")
_LABEL_MAX = 30
_SENTENCE_PUNCT = re.compile(r"[。；;，,：:]")
_LABEL_UNIT = re.compile(r"^(.{2,}?)[ ]?[（(](?:单位[:：])?[ ]?([^（）()]{1,5})[）)]$")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def is_number(self) -> bool:
        return bool(_NUMBER_CELL.match(self.text))


@dataclass(slots=True)
class Row:
    label: Token | None
    cells: list[Token]
    values: list[float]


@dataclass(slots=True)
class Grid:
    years: list[int]
    has_total: bool
    rows: list[Row] = field(default_factory=list)
    totals: Row | None = None
    unit: str | None = None
    title: str | None = None


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def _line_tokens(text: str) -> list[Token]:
    """One token per non-empty line; a line of blanks is a blank cell (text '').

    A line of short fields separated by blanks (``指标 2024年 2025年 2026年``, a table row
    flattened onto one line) gives one token per field."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line:
            fields = _row_fields(line)
            if fields:
                out.extend(Token(line[a:b], pos + a, pos + b) for a, b in fields)
            else:
                s = line.strip(" \t\u3000\u00a0")
                i = line.find(s) if s else 0
                out.append(Token(s, pos + i, pos + i + len(s)))
        pos += len(line) + 1
    return out


def _row_fields(line: str) -> list[tuple[int, int]] | None:
    """Spans of the cells of a table row flattened onto one line, or None for any other line:
    a header ``指标 2025年 2026年 2027年`` (cleaning may remove the blanks: ``指标2025年2026年``)
    or a row ``新建零工驿站（个） 20 25 30`` — an optional label, then two or more numbers."""
    if len(line) > 120 or _SENTENCE_PUNCT.search(_BRACKETED.sub("", line)):
        return None
    m = _HEADER_LINE.match(line) or _ROW_LINE.match(line)
    if m is None:
        return None
    out = []
    if m.group("label"):
        out.append(m.span("label"))
    cells = m.start("cells")
    out.extend((cells + c.start(), cells + c.end()) for c in _CELL.finditer(m.group("cells")))
    if m.groupdict().get("total"):
        out.append(m.span("total"))
    return out if len(out) >= 3 else None


def _is_label(t: Token) -> bool:
    return len(t.text) <= _LABEL_MAX and not t.is_number \
        and not _SENTENCE_PUNCT.search(_BRACKETED.sub("", t.text))


def _row_unit(label: str) -> tuple[str, str | None, float] | None:
    """(metric, unit, factor) of an indicator row whose label ends in its unit
    (订单培养规模（人）, 本地就业率（%）, 专项资金（万元）); None for a plain name (通川区)."""
    m = _LABEL_UNIT.match(label)
    if m is None:
        return None
    metric, raw = m.group(1).strip(), m.group(2).strip()
    units = vocab().units
    if raw in ("%", "％"):
        return metric, "%", 1.0
    if raw in units and units[raw].kind != "money":
        return metric, raw, 1.0
    yuan = money_to_yuan(1.0, raw)
    if raw.endswith(tuple(u for u, info in units.items() if info.kind == "money")):
        return metric, "元", yuan
    head = raw.lstrip("万亿千百十")
    if head in units and head != raw:  # 万人次
        return metric, head, money_to_yuan(1.0, raw[: len(raw) - len(head)] + "元")
    return None


def _header(tokens: list[Token], i: int) -> list[int] | None:
    years = []
    while i + len(years) < len(tokens):
        m = _YEAR_CELL.match(tokens[i + len(years)].text)
        if not m or (years and int(m.group(1)) != years[-1] + 1):
            break
        years.append(int(m.group(1)))
    return years if len(years) >= 2 else None


def _rows(tokens: list[Token], i: int, width: int) -> list[Row]:
    rows: list[Row] = []
    while i < len(tokens):
        label = None
        if not tokens[i].is_number:
            if not _is_label(tokens[i]):
                break
            label, i = tokens[i], i + 1
        cells = tokens[i:i + width]
        if len(cells) < width or not all(c.is_number for c in cells):
            break
        values = [parse_number(c.text) or 0.0 for c in cells]
        rows.append(Row(label if label and label.text else None, cells, values))
        i += width
    return rows


def parse_grid(tokens: list[Token]) -> Iterator[Grid]:
    """Grids of yearly numbers found in a run of cell tokens."""
    i = 0
    while i < len(tokens):
        years = _header(tokens, i)
        if years is None:
            i += 1
            continue
        j = i + len(years)
        has_total = False
        if j < len(tokens) and (tokens[j].text == "" or _TOTAL_LABEL.match(tokens[j].text)):
            has_total, j = True, j + 1
        else:  # no header cell for the total: tell from the first row's width
            k = j + (0 if j < len(tokens) and tokens[j].is_number else 1)
            n = 0
            while k + n < len(tokens) and tokens[k + n].is_number:
                n += 1
            has_total = n == len(years) + 1
        rows = _rows(tokens, j, len(years) + has_total)
        if rows:
            grid = Grid(years, has_total, rows)
            _context(grid, tokens[max(0, i - 8):i])
            _find_totals(grid)
            yield grid
            i = j
        else:
            i += 1


def _context(grid: Grid, before: list[Token]) -> None:
    for t in reversed(before):
        m = _UNIT_LINE.search(t.text)
        if m and grid.unit is None:
            grid.unit = m.group(1)
        elif grid.title is None and len(t.text) >= 6 and not m:
            grid.title = t.text


def _find_totals(grid: Grid) -> None:
    last = grid.rows[-1]
    if len(grid.rows) < 2:
        return
    sums = [sum(r.values[c] for r in grid.rows[:-1]) for c in range(len(last.values))]
    is_total = (last.label is not None and _TOTAL_LABEL.match(last.label.text)) or (
        last.label is None and all(abs(a - b) < 1e-6 for a, b in zip(sums, last.values, strict=True)))
    if is_total:
        grid.totals = grid.rows.pop()


def _confidence(grid: Grid, row: Row) -> float:
    conf = 1.0
    if grid.has_total and abs(sum(row.values[:-1]) - row.values[-1]) > 1e-6:
        conf -= 0.3
    if grid.totals is not None:
        for c in range(len(grid.totals.values)):
            if abs(sum(r.values[c] for r in grid.rows) - grid.totals.values[c]) > 1e-6:
                conf -= 0.2
                break
    else:
        conf -= 0.1
    if row.label is None:
        conf -= 0.3
    return round(max(conf, 0.1), 2)


def _metric(grid: Grid, text_targets: list[Target]) -> str | None:
    if grid.totals is not None and grid.has_total:
        grand = grid.totals.values[-1]
        for t in text_targets:
            if t.value == grand and (grid.unit is None or t.unit == grid.unit) and t.metric:
                return t.metric
    if grid.title:
        title = re.sub(r"^[\u4e00-\u9fff]{2,4}?市", "", grid.title)
        return _TITLE_TAIL.sub("", title) or None
    return None


def _table_tokens(doc: Document) -> list[Token]:
    """Cells of the loader's tables located in the clean text, one token per cell."""
    out: list[Token] = []
    for table in doc.tables:
        pos = 0
        for row in table.rows:
            for cell in row:
                s = cell.text.strip()
                i = doc.text.find(s, pos) if s else -1
                if s and i < 0:
                    continue
                out.append(Token(s, i if s else pos, (i + len(s)) if s else pos))
                pos = i + len(s) if s else pos
    return out


def table_targets(doc: Document, text_targets: list[Target],
                  title_end: int | None = None) -> Iterator[Target]:
    """One target per row and year of every yearly-goal grid in ``doc``."""
    for tokens in (_table_tokens(doc), _line_tokens(doc.text)):
        for grid in parse_grid(tokens):
            metric = _metric(grid, text_targets)
            rows = grid.rows + ([grid.totals] if grid.totals is not None else [])
            for row in rows:
                conf = _confidence(grid, row if row is not grid.totals else grid.rows[0])
                scope = row.label.text if row.label and row is not grid.totals else None
                row_metric, unit, factor = metric, grid.unit, 1.0
                indicator = _row_unit(row.label.text) if row.label else None
                if indicator is not None:  # an indicator table: the label names metric and unit
                    row_metric, unit, factor = indicator
                    scope = None
                years = grid.years + ([grid.years[-1]] if grid.has_total else [])
                for year, cell, value in zip(years, row.cells, row.values, strict=False):
                    # a row total is the area's goal for the whole period, due its last year;
                    # the totals row is the whole area's goal per year
                    yield doc.record(
                        Target, cell.start, cell.end, metric=row_metric, value=round(value * factor, 6),
                        unit=unit, comparator="=", deadline_year=year, scope=scope,
                        recurring=False, plan_end_year=title_end, confidence=conf)


# Quota lists: one number per area under a caption naming the unit (单位：人次), flattened one
# cell per line (红塔区 / 6000 / 江川区 / 3000) or a row of pairs on one line (红塔区 6000 江川区 3000).
_PAIR = re.compile(r"([^\s0-9０-９，,。；;：:]{2,12}?)[ \t\u3000\u00a0]*([0-9]+(?:\.[0-9]+)?)(?=[ \t\u3000\u00a0\u4e00-\u9fff]|$)")
_QUOTA_HEAD = re.compile(r"^(?:序号|县|区|地区|单位|名称|任务|目标|指标|数|[（()）、市县区])+$")
_HEAD_UNIT = re.compile(r"[（(](?:单位[:：])?([^（）()、]{1,4})[）)]$")
_CAPTION_YEAR = re.compile(r"((?:19|20)[0-9]{2})[ ]?年")


def _pairs(line: str, start: int) -> list[tuple[Token, Token]] | None:
    """The (label, number) cells of a line made only of label-number pairs, two or more."""
    s = line.strip(" \t\u3000\u00a0")
    if not s or len(s) > 200 or _SENTENCE_PUNCT.search(_BRACKETED.sub("", s)):
        return None
    off = start + line.find(s)
    found = list(_PAIR.finditer(s))
    if len(found) < 2 or "".join(m.group() for m in found).replace(" ", "") != re.sub(r"\s", "", s):
        return None
    return [(Token(m.group(1), off + m.start(1), off + m.end(1)),
             Token(m.group(2), off + m.start(2), off + m.end(2))) for m in found]


def quota_lists(text: str) -> Iterator[tuple[str | None, int | None, str | None, list[tuple[Token, Token]]]]:
    """(unit, year, title, [(label, number)]) of each quota list under a 单位 caption."""
    lines = [(pos, line) for pos, _end, line in _lines(text)]
    i = 0
    while i < len(lines):
        head = lines[i][1].strip()
        m = _UNIT_LINE.search(head)
        is_title = m is None and 6 <= len(head) <= 40 and head.endswith("表") \
            and not _SENTENCE_PUNCT.search(head)
        if (m is None and not is_title) or len(head) > 40:
            i += 1
            continue
        unit = m.group(1) if m else None
        title = head if is_title else next(
            (ln.strip() for _p, ln in reversed(lines[max(0, i - 2):i])
             if _TITLE_TAIL.search(ln.strip()) and len(ln.strip()) >= 6), None)
        caption = head + (title or "")
        years = set(_CAPTION_YEAR.findall(caption))
        year = int(years.pop()) if len(years) == 1 else None
        j = i + 1
        while j < len(lines):
            cell = re.sub(r"\s", "", lines[j][1])
            in_head = _HEAD_UNIT.search(cell)
            caption_unit = _UNIT_LINE.search(cell) if len(cell) <= 12 else None
            if cell and not _QUOTA_HEAD.match(_HEAD_UNIT.sub("", cell)) and caption_unit is None:
                break
            if unit is None and (caption_unit or in_head):
                unit = (caption_unit or in_head).group(1)  # type: ignore[union-attr]
            j += 1
        if unit is None:
            i += 1
            continue
        pairs: list[tuple[Token, Token]] = []
        while j < len(lines):
            pos, line = lines[j]
            row = _pairs(line, pos)
            if row is None and j + 1 < len(lines):
                label = line.strip()
                num = lines[j + 1][1].strip()
                if 2 <= len(label) <= 12 and not _SENTENCE_PUNCT.search(label) \
                        and not re.search(r"[0-9]", label) and re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", num):
                    a = pos + line.find(label)
                    b = lines[j + 1][0] + lines[j + 1][1].find(num)
                    row, j = [(Token(label, a, a + len(label)), Token(num, b, b + len(num)))], j + 1
            if row is None:
                break
            pairs.extend(row)
            j += 1
        if len(pairs) >= 2:
            yield _unit_name(unit), year, title, pairs
        i = max(j, i + 1)


def _unit_name(unit: str) -> str | None:
    return unit.strip("（()）") or None


def quota_targets(doc: Document, title_end: int | None = None) -> Iterator[Target]:
    """One target per area of every quota list; the totals row (合计) has no scope."""
    for unit, year, title, pairs in quota_lists(doc.text):
        metric = None
        if title:
            metric = _TITLE_TAIL.sub("", re.sub(r"^[\u4e00-\u9fff]{1,4}?市|(?:19|20)[0-9]{2}[ ]?年度?", "",
                                                title)) or None
        for label, num in pairs:
            total = bool(_TOTAL_LABEL.match(label.text))
            yield doc.record(Target, num.start, num.end, metric=metric, value=parse_number(num.text),
                             unit=unit, comparator="=", deadline_year=year,
                             scope=None if total else label.text, recurring=False,
                             plan_end_year=title_end, confidence=0.8)
