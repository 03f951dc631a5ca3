"""Cleaning: raw text → the one clean text every offset refers to, with an offset map.

``clean(raw_text)`` returns :class:`CleanText`: ``text``, ``offsets`` (``offsets[i]`` is the
position in the raw text of clean character ``i``, -1 for a character cleaning inserted) and
``repairs``. The clean text is built by appending raw slices and inserted strings, so the map is
exact; each pass is linear (one split into lines, then whole-text regex passes).

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
from array import array
from dataclasses import dataclass, field

from policyintel.ingest import normalize
from policyintel.ingest.document import Repair
from policyintel.ingest.outline import HEADING_START
from policyintel.ingest.vocab import junk_patterns, org_line, title_end


@dataclass(slots=True)
class CleanText:
    text: str
    offsets: array
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
_MIN_PROSE = 16
_LONG_PROSE = 40


def clean(raw_text: str) -> CleanText:
    """Clean ``raw_text``; see the module docstring for what changes and what is recorded."""
    text, offsets, repairs = _line_pass(raw_text)
    text, offsets, repairs = normalize.fix_spacing(text, offsets, repairs)
    text = normalize.normalise_width(text)
    text, offsets, repairs = normalize.repair(text, offsets, repairs)
    return CleanText(text, offsets, repairs)


def _line_pass(raw: str) -> tuple[str, array, list[Repair]]:
    junk, junk_label = junk_patterns()
    ranges: list[tuple[int, int]] = []  # raw slices that make the clean text, in order
    repairs: list[Repair] = []
    out_len = 0
    prev: str | None = None  # previous kept line (stripped)
    prev_heading = False
    prev_nl = -1  # raw position of the newline after the previous kept line
    junk_since_prev = False
    drop_value = False
    pos = 0
    for line in raw.split("\n"):
        start = pos
        pos += len(line) + 1
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
                ranges.append((prev_nl, prev_nl + 1))
                out_len += 1
        ranges.append((a, a + len(s)))
        out_len += len(s)
        prev, prev_heading, prev_nl = s, heading, start + len(line)
        junk_since_prev = False
    text = "".join(raw[a:b] for a, b in ranges)
    offsets = array("i")
    for a, b in ranges:
        offsets.extend(range(a, b))
    return text, offsets, repairs


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
