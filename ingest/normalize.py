"""Whole-text passes of cleaning: spacing, width normalisation and certain repairs.

Every pass works on ``(text, offsets)`` where ``offsets`` is an
:class:`~policyintel.ingest.offsets.OffsetMap` (``offsets[i]`` is the raw-text position of
character ``i``, -1 for an inserted one). A pass that keeps the length (width normalisation)
leaves ``offsets`` as it is; a pass that changes it goes through :func:`splice`, which copies
the map's runs for kept text and adds -1 runs for inserted characters, so the map stays exact.
Every pass is line-local (no pattern reaches over a newline, except the date line's look at the
end of the line before it), so cleaning may run them over a text in pieces of whole lines.

Normalisation (not recorded as repairs, it changes no content):
- full-width digits, Latin letters and ％ → ASCII; ``．`` after a digit → ``.``;
- ASCII ``, : ; ! ?`` next to Chinese text → ``，：；！？``; ASCII brackets around or next to
  Chinese text → ``（）``; ASCII double quotes around Chinese text → ``“”``; ``〔〕`` stay;
- spaces between a digit or Latin letter and a Chinese character are removed
  (``2023 年组织 50 家`` → ``2023年组织50家``), and spaces after a date/time separator between
  digits (``2022- 10- 11`` → ``2022-10-11``). Spaces between two Chinese characters stay.

Repairs (recorded, each a :class:`~policyintel.ingest.document.Repair`), made only where the
reading is certain:
- ``doc_number_bracket``: ``〔201795号`` → ``〔2017〕95号`` (a 〔, a year 19xx/20xx, more digits, 号);
- ``date``: a signature date line ``20221011`` alone on its line after a line ending in a Chinese
  character → ``2022年10月11日``; ``20251231日`` → ``2025年12月31日``; a 6- or 7-digit run before
  日 (``2022930日``) only when exactly one split into month and day is a valid date.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from collections.abc import Sequence

from policyintel.ingest.document import Repair
from policyintel.ingest.offsets import OffsetMap

Part = str | tuple[int, int]
Edit = tuple[int, int, tuple[Part, ...], str | None]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A character of Chinese running text: ideographs and CJK/full-width punctuation.
_CJK_SIDE = f"[{_CJK}\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’—…·]"
_SP = "[ \t\u00a0\u3000]+"

_SPACING = re.compile(
    rf"(?<={_CJK_SIDE}){_SP}(?=[0-9A-Za-z%])"
    rf"|(?<=[0-9A-Za-z%]){_SP}(?={_CJK_SIDE})"
    rf"|(?<=\d[-/:.]) +(?=\d)"
)

_WIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # ０-９
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDTH[0xFF05] = ord("%")
_WIDE_RUN = re.compile("[０-９Ａ-Ｚａ-ｚ％]+")
_FULLSTOP_AFTER_DIGIT = re.compile(r"(?<=[0-9])．")
# A half-width full stop closing a Chinese sentence (a text typed with ASCII punctuation); not
# one inside a number, a list marker (1.) or a Latin abbreviation.
_ASCII_STOP_AFTER_CJK = re.compile(r"(?<=[\u4e00-\u9fff）”」])\.(?![0-9A-Za-z.])")

_SPACE_RUN = re.compile(_SP)
_CJK_SIDE_CHAR = re.compile(_CJK_SIDE)
_LATIN = re.compile(r"[0-9A-Za-z%]")
_DATE_SEP = set("-/:.")
_NUMBER_RUN = re.compile(r"[0-9][0-9.,]*")
# What may follow a number inside a phrase (its counter, a date part, a magnitude): a space
# before one of these is a converter's artefact (``50 家``); before anything else it separates
# cells of a table flattened onto one line (``红塔区 6000 江川区 3000``) and stays.
_COUNTER_CHARS = frozenset("年月日号时分秒期届次批轮万亿千百十余多倍%‰")


@functools.cache
def _counter_starts() -> frozenset[str]:
    from policyintel.nlp.quantity_vocab import read_tsv

    return _COUNTER_CHARS | {row["unit"][0] for row in read_tsv("units.tsv") if row.get("unit")}


def _number_is_counted(text: str, start: int) -> bool:
    """Whether the number at ``start`` belongs to the phrase after it: it is not followed (after
    spaces) by a Chinese character that is no counter (the next cell of a flattened table)."""
    m = _NUMBER_RUN.match(text, start)
    if m is None:
        return True
    after = _SPACE_RUN.match(text, m.end())
    nxt = after.end() if after else m.end()
    return not (nxt < len(text) and "\u4e00" <= text[nxt] <= "\u9fff"
                and text[nxt] not in _counter_starts())

_NON_ASCII = re.compile(r"[^\x00-\x7f\s]")
_ASCII_PUNCT = re.compile(r"[,:;!?()]")
_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_PAIR = re.compile(r"\(([^()\n]{0,200})\)")
_QUOTES = re.compile(r'"([^"\n]{1,200})"')

_DOCNO_BRACKET = re.compile(r"〔((?:19|20)\d{2})(\d{1,5})号")
_DATE_LINE = re.compile(rf"(?m)(?<=[{_CJK}]\n)((?:19|20)\d{{2}})(\d{{2}})(\d{{2}})$")
_DATE_DAY = re.compile(r"(?<![\d.])((?:19|20)\d{2})(\d{2,4})日")


# -- splicing -------------------------------------------------------------------------------
def splice(text: str, offsets: OffsetMap, edits: Sequence[Edit],
           repairs: list[Repair]) -> tuple[str, OffsetMap, list[tuple[int, int]]]:
    """Apply sorted, non-overlapping ``edits`` to ``text`` and its offset map.

    An edit ``(start, end, parts, kind)`` replaces ``text[start:end]`` by its parts: a string is
    inserted (offsets -1), a pair ``(a, b)`` copies ``text[a:b]`` with its offsets. When ``kind``
    is set, a Repair in the new coordinates is appended to ``repairs``. Returns the new text, the
    new offsets and the shifts ``(old_end, delta)`` for :func:`remap`.
    """
    pieces: list[str] = []
    out = OffsetMap()
    shifts: list[tuple[int, int]] = []
    pos = out_len = 0
    for start, end, parts, kind in edits:
        if start < pos:
            continue
        pieces.append(text[pos:start])
        out.add_map(offsets, pos, start)
        out_len += start - pos
        new_start = out_len
        for part in parts:
            if isinstance(part, str):
                pieces.append(part)
                out.add_inserted(len(part))
                out_len += len(part)
            else:
                a, b = part
                pieces.append(text[a:b])
                out.add_map(offsets, a, b)
                out_len += b - a
        if kind:
            after = "".join(pieces[len(pieces) - len(parts):]) if parts else ""
            repairs.append(Repair(kind, new_start, out_len, text[start:end], after))
        shifts.append((end, out_len - end))
        pos = end
    pieces.append(text[pos:])
    out.add_map(offsets, pos, len(text))
    return "".join(pieces), out, shifts


def remap(repairs: list[Repair], shifts: list[tuple[int, int]]) -> list[Repair]:
    """Move repairs made before a splice to the coordinates after it."""
    if not shifts:
        return repairs
    ends = [e for e, _ in shifts]

    def move(p: int) -> int:
        i = bisect.bisect_right(ends, p) - 1
        return p + (shifts[i][1] if i >= 0 else 0)

    return [Repair(r.kind, move(r.start), move(r.end), r.before, r.after) for r in repairs]


# -- passes ---------------------------------------------------------------------------------
def fix_spacing(text: str, offsets: OffsetMap,
                repairs: list[Repair]) -> tuple[str, OffsetMap, list[Repair]]:
    """Remove spaces between digits/Latin letters and Chinese text (not recorded)."""
    edits: list[Edit] = []
    n = len(text)
    for m in _SPACE_RUN.finditer(text):
        a, b = m.span()
        if a == 0 or b == n:
            continue
        left, right = text[a - 1], text[b]
        if ((_CJK_SIDE_CHAR.match(left) and _LATIN.match(right)
             and (not right.isdigit() or _number_is_counted(text, b)))
                or (_LATIN.match(left) and _CJK_SIDE_CHAR.match(right)
                    and (not left.isdigit() or right in _counter_starts()))
                or (left in _DATE_SEP and right.isdigit() and a >= 2 and text[a - 2].isdigit()
                    and " " in m.group())):
            edits.append((a, b, (), None))
    if not edits:
        return text, offsets, repairs
    text, offsets, shifts = splice(text, offsets, edits, [])
    return text, offsets, remap(repairs, shifts)


def normalise_width(text: str) -> str:
    """Full-/half-width normalisation; the result has the same length as ``text``."""
    if _WIDE_RUN.search(text):
        text = _WIDE_RUN.sub(lambda m: m.group().translate(_WIDTH), text)
    if "．" in text:
        text = _FULLSTOP_AFTER_DIGIT.sub(".", text)
    if "." in text:
        text = _ASCII_STOP_AFTER_CJK.sub("。", text)
    if "(" in text:
        for _ in range(3):  # innermost pairs first, then the pairs around them
            new = _PAIR.sub(_pair, text)
            if new == text:
                break
            text = new
    if '"' in text:
        text = _QUOTES.sub(_quotes, text)
    # the rest, and brackets left unpaired: full-width when a neighbour is Chinese text
    changes = []
    n = len(text)
    for m in _ASCII_PUNCT.finditer(text):
        i = m.start()
        if (i > 0 and _NON_ASCII.match(text[i - 1])) or (i + 1 < n and _NON_ASCII.match(text[i + 1])):
            changes.append(i)
    if not changes:
        return text
    pieces, pos = [], 0
    for i in changes:
        pieces.append(text[pos:i])
        pieces.append(_FULL[text[i]])
        pos = i + 1
    pieces.append(text[pos:])
    return "".join(pieces)


def _pair(m: re.Match[str]) -> str:
    text, (a, b) = m.string, m.span()
    if (_NON_ASCII.search(m.group(1)) or (a > 0 and _NON_ASCII.match(text[a - 1]))
            or (b < len(text) and _NON_ASCII.match(text[b]))):
        return f"（{m.group(1)}）"
    return m.group()


def _quotes(m: re.Match[str]) -> str:
    inner = m.group(1)
    return f"“{inner}”" if _NON_ASCII.search(inner) else m.group()


def repair(text: str, offsets: OffsetMap,
           repairs: list[Repair]) -> tuple[str, OffsetMap, list[Repair]]:
    """Certain repairs of document numbers and dates, each recorded."""
    edits: list[Edit] = []
    for m in _DOCNO_BRACKET.finditer(text):
        y1 = m.end(1)
        edits.append((m.start(), m.end(), ((m.start(), y1), "〕", (y1, m.end())),
                      "doc_number_bracket"))
    for m in _DATE_LINE.finditer(text):
        (ys, ye), (ms, me), (ds, de) = m.span(1), m.span(2), m.span(3)
        if _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            edits.append((m.start(), m.end(), _date_parts(ys, ye, ms, me, ds, de, text), "date"))
    for m in _DATE_DAY.finditer(text):
        parse = _unique_split(int(m.group(1)), m.group(2))
        if parse is not None:
            ms = m.start(2)
            me = ms + parse
            edits.append((m.start(), m.end(),
                          _date_parts(m.start(1), m.end(1), ms, me, me, m.end(2), text) , "date"))
    if not edits:
        return text, offsets, repairs
    edits.sort(key=lambda e: (e[0], e[1]))
    new_repairs: list[Repair] = []
    text, offsets, shifts = splice(text, offsets, edits, new_repairs)
    merged = remap(repairs, shifts) + new_repairs
    merged.sort(key=lambda r: (r.start, r.end))
    return text, offsets, merged


def _date_parts(ys: int, ye: int, ms: int, me: int, ds: int, de: int,
                text: str) -> tuple[Part, ...]:
    """Year 年 month 月 day 日, each number copied from the source without a leading zero."""
    if text[ms] == "0":
        ms += 1
    if text[ds] == "0":
        ds += 1
    day_end = (de, de + 1) if text[de:de + 1] == "日" else None
    parts: list[Part] = [(ys, ye), "年", (ms, me), "月", (ds, de)]
    parts.append(day_end if day_end else "日")
    return tuple(parts)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return 1949 <= year <= 2100


def _unique_split(year: int, rest: str) -> int | None:
    """Length of the month digits when exactly one split of ``rest`` is a valid month+day."""
    found = []
    for k in (1, 2):
        month, day = rest[:k], rest[k:]
        if not 1 <= len(day) <= 2 or (k == 1 and month == "0"):
            continue
        if len(day) == 1 and day == "0":
            continue
        if _valid(year, int(month), int(day)):
            found.append(k)
    return found[0] if len(found) == 1 else None
