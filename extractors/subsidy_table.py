"""Grant rates in a flattened table: one Subsidy per money cell.

A rate table reaches the text flattened: a caption that gives the money unit
(``职业技能培训补贴标准（单位：元/人）``), maybe a header row (``等级 城镇 农村``), then rows of a label
and its amounts (``初级工 1000 800``), as space-separated cells on one line, one cell per line, or
pairs on one line (``红塔区 6000 江川区 3000``); cleaning may have dropped the space between a label
and its first number (``初级工1000 800``).

A table is read only when its caption states a money unit (``（单位：元/人）``, ``（万元）`` closing
the title line, or a line ``单位：元`` of its own) and the caption or the
line before it names a grant (补贴, 补助, 奖励, 标准, 经费 …). Each amount gives one record: the span
is the number as written, ``amount_yuan`` the number times the caption's unit, ``per`` the
caption's ``/X`` (``元/人`` → 人), ``recipient`` the row label with the column header in brackets
when there is one (``初级工（城镇）``), ``form`` the grant named by the title. An empty cell
(``—``, ``/``) keeps its column. The table ends at a blank line after its rows, at prose (a line
with a comma, colon or full stop), at a heading, or at the next caption.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from policyintel.extractors.grant_amounts import lexicon
from policyintel.extractors.records import Subsidy
from policyintel.ingest.document import Document

# （单位：元/人） or （元/人） closing a title line, or a line 单位：元/人 of its own
_CAPTION = re.compile(r"(?:[（(]\s*(?:单位\s*[：:]\s*)?|^[ \t]*单位\s*[：:]\s*)(?P<mag>万|千|百)?元"
                      r"(?:\s*[/／]\s*(?P<per>[\u4e00-\u9fff]{1,3}))?[^）)\n]{0,8}[）)]?[ \t]*$",
                      re.MULTILINE)
_GRANT_TITLE = re.compile(r"补贴|补助|奖励|奖补|资助|津贴|经费|标准|奖金")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[.．、]"
                      r"|附件|注[：:])")
_PROSE = re.compile(r"[，,。；;：:！？]")
_TOKEN = re.compile(r"(?P<num>[0-9]+(?:\.[0-9]+)?)|(?P<dash>[—–\-－/／]+)|(?P<word>[^\s0-9—–\-－/／]+)")
_CELL_UNIT = re.compile(r"万?元")
_MAGNITUDE = {"万": 10_000.0, "千": 1_000.0, "百": 100.0, None: 1.0}


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    kind: str  # num | dash | word
    text: str
    line: int


def _region(text: str, pos: int) -> list[_Token]:
    """The cells after a caption line ending at ``pos``, up to where the table ends."""
    tokens: list[_Token] = []
    blank, lineno = 0, 0
    while pos < len(text):
        nl = text.find("\n", pos + 1)
        end = len(text) if nl < 0 else nl
        line = text[pos + 1:end] if text[pos] == "\n" else text[pos:end]
        lo = pos + 1 if text[pos] == "\n" else pos
        pos = end
        lineno += 1
        if not line.strip():
            blank += 1
            if blank > 1 or any(t.kind == "num" for t in tokens):
                break
            continue
        blank = 0
        if _PROSE.search(line) or _HEADING.match(line) or _CAPTION.search(line):
            break
        cells = [_Token(lo + m.start(), lo + m.end(), m.lastgroup or "word", m.group(), lineno)
                 for m in _TOKEN.finditer(line)]
        if not any(c.kind == "num" for c in cells) and len(line.strip()) > 16:
            break  # a line of prose without punctuation
        # 初级工 1000元 800元: the unit written in a cell is the caption's, not a label
        tokens += [c for n, c in enumerate(cells)
                   if not (c.kind == "word" and _CELL_UNIT.fullmatch(c.text) and n
                           and cells[n - 1].kind == "num")]
    return tokens


def _rows(tokens: list[_Token]) -> Iterator[tuple[str, list[str | None], list[_Token | None]]]:
    """(row label, column names, cells) per row; a cell is None where it was empty."""
    i = 0
    header: list[str] = []
    first = True
    while i < len(tokens):
        run: list[_Token] = []
        while i < len(tokens) and tokens[i].kind == "word":
            run.append(tokens[i])
            i += 1
        cells: list[_Token | None] = []
        while i < len(tokens) and tokens[i].kind != "word":
            cells.append(tokens[i] if tokens[i].kind == "num" else None)
            i += 1
        if not run or not cells:
            continue
        if first and len(run) > 1 and run[-2].line != run[-1].line:
            # a header on its own line(s): 等级 城镇 农村 / 初级工 1000 800
            header = [t.text for t in run[:-1] if t.line != run[-1].line]
            run = [t for t in run if t.line == run[-1].line]
        first = False
        k = len(cells)
        # one column says nothing a row label does not (类别 / 标准): no column name then
        names: list[str] = (header[1:] if len(header) == k + 1 and k > 1
                            else header if len(header) == k and k > 1 else [])
        label = "".join(t.text for t in run)
        yield label, [*names] if names else [None] * k, cells


def table_grants(doc: Document) -> Iterator[Subsidy]:
    """One Subsidy per money cell of every flattened rate table (see module docstring)."""
    text = doc.text
    if "元" not in text:
        return
    lex = lexicon()
    for m in _CAPTION.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        prev_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        title = text[line_start:m.start()] or text[prev_start:max(line_start - 1, prev_start)]
        if not _GRANT_TITLE.search(title):
            continue
        form_m = lex.forms.search(title)
        form = form_m.group() if form_m else None
        per = m.group("per")
        per = lex.per_recorded.get(per, per) if per else None
        scale = _MAGNITUDE[m.group("mag")]
        for label, names, cells in _rows(_region(text, m.end())):
            for name, cell in zip(names, cells, strict=False):
                if cell is None or float(cell.text) <= 0:
                    continue
                yield doc.record(
                    Subsidy, cell.start, cell.end,
                    recipient=f"{label}（{name}）" if name else label,
                    amount_yuan=float(cell.text) * scale, per=per, form=form, confidence=0.8)
