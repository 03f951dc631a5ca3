"""Cleaning: raw text → the one clean text every offset refers to, with an offset map.

``clean(raw_text)`` returns :class:`CleanText`: ``text``, ``offsets`` (an
:class:`~policyintel.ingest.offsets.OffsetMap`: ``offsets[i]`` is the position in the raw text of
clean character ``i``, -1 for a character cleaning inserted) and ``repairs``. The clean text is
built by appending raw slices and inserted strings, so the map is exact; each pass is linear (one
walk over the lines, then regex passes over pieces of whole lines).

Line pass (this module):
- web chrome lines are dropped (patterns in ``nlp/data/web_junk.tsv``), each recorded as a
  ``web_junk`` repair (zero width, ``before`` the dropped line). Page dates in such lines stay
  readable in ``raw.text`` for metadata;
- lines are stripped of leading and trailing whitespace (incl. full-width and no-break spaces);
  runs of blank lines collapse, so paragraphs are separated by one newline;
- markdown heading marks a converter left (``## ``) are dropped, keeping the heading text;
- a line that a page break or a hard wrap cut inside a sentence is joined to the next one
  (``直接进\\n\\n入企业就业`` → ``直接进入企业就业``), recorded as a ``join`` repair. The previous
  line must be prose (long enough, punctuated, not a heading or a title) ending with a Chinese
  character, a digit, a comma or an opening bracket; the next one must continue it (not a
  heading, a date, a signature name, an 附件/抄送 line). Flattened table cells, headings and
  signature blocks are never joined.

Then the passes of :mod:`policyintel.ingest.normalize`: spacing, width normalisation (neither
recorded), and the certain repairs of document numbers and dates (recorded).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from policyintel.ingest import normalize
from policyintel.ingest.document import Repair
from policyintel.ingest.offsets import OffsetMap
from policyintel.ingest.outline import HEADING_START
from policyintel.ingest.vocab import junk_patterns, org_line, title_end


@dataclass(slots=True)
class CleanText:
    text: str
    offsets: OffsetMap
    repairs: list[Repair] = field(default_factory=list)


_WS = " \t\u3000\u00a0\ufeff\r\f\v\u200b\u2002\u2003"
_MD_HEADING = re.compile(r"#{1,6}[ \t\u3000]*")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Endings after which a sentence can go on in the next line, and beginnings that continue one.
_OPEN_END = set("，、,“‘（(《〔【—")
_CONTINUES = re.compile(r"[\u3400-\u9fff\uf900-\ufaff0-9A-Za-z“‘《（(〔【]")
_DECIMAL_TAIL = re.compile(r"[.．][0-9０-９]")
_PROSE_PUNCT = re.compile(r"[，、；。,;]")
_STOPS_SENTENCE = re.compile(r"[。；]")
_NOT_CONTINUATION = re.compile(
    r"(?:附件|抄送|此复|特此|主送|联系人|（联系人|\(联系人|主题词)"
    r"|[\u4e00-\u9fff]{2,8}[:：]|[（(][^）)\n]{0,3}[）)]"
    r"|\d{8}$|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|\d{4}[-./]\d{1,2}[-./]\d{1,2}$"
)
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_PIECE_CHARS = 1 << 16
_MIN_PROSE = 16
_LONG_PROSE = 40


def clean(raw_text: str, *, piece_chars: int = _PIECE_CHARS) -> CleanText:
    """Clean ``raw_text``; see the module docstring for what changes and what is recorded.

    The line pass hands over the clean text in pieces of whole lines (about ``piece_chars``
    characters each), and the whole-text passes run on each piece: their patterns never reach
    over a newline, so the result is the same as on the whole text, and no full-size copy of
    the text exists but the result (each pass of a whole text would make two).
    """
    pieces: list[str] = []
    offsets = OffsetMap()
    repairs: list[Repair] = []
    base = 0
    for text, piece_map, piece_repairs in _line_pass(raw_text, piece_chars):
        text, piece_map, piece_repairs = normalize.fix_spacing(text, piece_map, piece_repairs)
        text = normalize.normalise_width(text)
        text, piece_map, piece_repairs = normalize.repair(text, piece_map, piece_repairs)
        pieces.append(text)
        offsets.add_map(piece_map, 0, len(text))
        repairs.extend(Repair(r.kind, r.start + base, r.end + base, r.before, r.after)
                       for r in piece_repairs)
        base += len(text)
    return CleanText("".join(pieces), offsets, repairs)


def _line_pass(raw: str, piece_chars: int) -> Iterator[tuple[str, OffsetMap, list[Repair]]]:
    """``(text, offsets, repairs)`` of successive pieces of the line-pass output.

    A piece ends with a newline, and the next one never starts with a digit: the date-line
    repair looks at the line before a line of digits, which then is in the same piece.
    """
    junk, junk_label = junk_patterns()
    ranges: list[list[int]] = []  # raw slices that make the piece, in order
    repairs: list[Repair] = []
    out_len = 0  # within the piece
    prev: str | None = None  # previous kept line (stripped)
    prev_heading = False
    prev_nl = -1  # raw position of the newline after the previous kept line
    junk_since_prev = False
    drop_value = False
    pos, n = 0, len(raw)
    while pos <= n:
        start = pos
        end = raw.find("\n", pos)
        end = n if end < 0 else end
        line = raw[start:end]
        pos = end + 1
        if not line or line.isspace():
            continue
        s = line.strip(_WS)
        if not s:
            continue
        a = start + (len(line) - len(line.lstrip(_WS)))
        if drop_value:
            drop_value = False
            if len(s) <= 30 and not _PROSE_PUNCT.search(s):
                repairs.append(Repair("web_junk", out_len, out_len, s, ""))
                continue
        if junk.match(s) or junk_label.match(s):
            drop_value = bool(junk_label.match(s))
            repairs.append(Repair("web_junk", out_len, out_len, s, ""))
            junk_since_prev = True
            continue
        heading = False
        if s[0] == "#":
            m = _MD_HEADING.match(s)
            if m and m.end() < len(s):
                a += m.end()
                s = s[m.end():]
                heading = True
        if prev is not None:
            if not junk_since_prev and not prev_heading and not heading and _joins(prev, s):
                repairs.append(Repair("join", out_len, out_len, raw[prev_nl:a], ""))
            else:
                _add_range(ranges, prev_nl, prev_nl + 1)
                out_len += 1
                if out_len >= piece_chars and s[0] not in _DIGITS:
                    yield _piece(raw, ranges), _piece_map(ranges), repairs
                    ranges, repairs, out_len = [], [], 0
        _add_range(ranges, a, a + len(s))
        out_len += len(s)
        prev, prev_heading, prev_nl = s, heading, start + len(line)
        junk_since_prev = False
    yield _piece(raw, ranges), _piece_map(ranges), repairs


def _add_range(ranges: list[list[int]], a: int, b: int) -> None:
    if ranges and ranges[-1][1] == a:
        ranges[-1][1] = b  # a line and its newline, a paragraph and the next: one slice
    else:
        ranges.append([a, b])


def _piece(raw: str, ranges: list[list[int]]) -> str:
    # A piece that is all of the raw text is the raw string itself (CPython copies neither the
    # whole-string slice nor the join of one string).
    return "".join([raw[a:b] for a, b in ranges])


def _piece_map(ranges: list[list[int]]) -> OffsetMap:
    offsets = OffsetMap()
    for a, b in ranges:
        offsets.add_source(a, b - a)
    return offsets


def _joins(prev: str, nxt: str) -> bool:
    """Whether ``nxt`` continues the sentence that a page break or wrap cut at the end of ``prev``."""
    last = prev[-1]
    if last not in _OPEN_END and not (_CJK_CHAR.match(last) or last.isalnum()):
        return False
    n = len(prev)
    if n < _MIN_PROSE or (n < _LONG_PROSE and not _PROSE_PUNCT.search(prev)):
        return False
    if HEADING_START.match(prev) and not _STOPS_SENTENCE.search(prev):
        return False  # a heading line, not a cut paragraph
    if title_end().search(prev) and not _STOPS_SENTENCE.search(prev):
        return False  # a title line
    if last.isdigit() and _DECIMAL_TAIL.match(nxt):
        return True  # a wrap inside a number (13 | .8万人)
    if not _CONTINUES.match(nxt) or HEADING_START.match(nxt) or _NOT_CONTINUATION.match(nxt):
        return False
    return not org_line().fullmatch(nxt)  # a signature or letterhead name is no continuation
