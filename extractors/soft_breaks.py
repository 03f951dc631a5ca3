"""Sentences that a page break cut and cleaning left cut: a joined view for reading them.

PDF text breaks pages inside sentences, sometimes with the page number between the halves::

    对取得高级工证书的，给予每人1000元生活补
    — 5 —
    贴。

Cleaning joins most such cuts; it keeps those it cannot be sure of (a page number between, a
short line). A grant word cut in two (``生活补|贴``) is then invisible to a reader that matches
words. ``joined_view`` gives the text with such *soft breaks* removed, the sentences of that view
(the two halves one sentence) and a map back to document offsets, so that records stay grounded
in ``doc.text``.

A break is soft when the line before it is prose (at least 16 characters with a comma or 、 in
them, or 24 without; no heading) that ends inside a sentence (a Chinese character, a digit, 、 or ，), and the next line
(after an optional page-number line: ``— 5 —``, ``- 5 -``, ``第5页``, ``5``, ``5/12``) continues
it: it starts with a Chinese character or a digit and opens no heading or item (一、 （一） 1.).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from policyintel.ingest.document import Document

_PAGE_LINE = (r"[ \t]*(?:[—\-－–]{1,2}[ \t]*[0-9]{1,4}[ \t]*[—\-－–]{1,2}|第[ \t]*[0-9]{1,4}[ \t]*页"
              r"(?:[ \t]*[/，,]?[ \t]*共[ \t]*[0-9]{1,4}[ \t]*页)?|[0-9]{1,4}(?:[ \t]*/[ \t]*[0-9]{1,4})?)"
              r"[ \t]*\n")
_SOFT_BREAK = re.compile(rf"(?<=[\u4e00-\u9fff0-9，、])\n(?:{_PAGE_LINE})?(?=[\u4e00-\u9fff0-9])")
_OPENS_ITEM = re.compile(r"[一二三四五六七八九十]{1,3}[、.．]|[0-9]{1,2}[.．、)）]|第[一二三四五六七八九十百]+[条章节]")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十0-9]{1,3}[)）]|[0-9]{1,2}[.．、])"
                      r"[^，。；]*$")
_MIN_LINE = 16
_LONG_LINE = 24


@dataclass(frozen=True, slots=True)
class JoinedView:
    """The text to read, its sentences, and the breaks removed from ``doc.text`` to make it."""

    text: str
    sentences: list[tuple[int, int]]
    # Each removed break: its start in the view and the characters removed before its end.
    at: tuple[int, ...] = ()
    removed: tuple[int, ...] = ()

    def offset(self, pos: int) -> int:
        """The document offset of view character ``pos``."""
        k = bisect.bisect_right(self.at, pos)
        return pos + (self.removed[k - 1] if k else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Document offsets of the view span ``[start, end)``."""
        if not self.at:
            return start, end
        return self.offset(start), self.offset(end - 1) + 1


def _soft(text: str, m: re.Match[str]) -> bool:
    line_start = text.rfind("\n", 0, m.start()) + 1
    line = text[line_start:m.start()]
    if len(line) < _MIN_LINE or not ("，" in line or "、" in line or len(line) >= _LONG_LINE) \
            or _HEADING.match(line):
        return False
    return _OPENS_ITEM.match(text, m.end()) is None


def joined_view(doc: Document) -> JoinedView:
    """``doc``'s text with soft breaks removed (see module docstring); the text itself if none."""
    text = doc.text
    sentences = [(s.start, s.end) for s in doc.sentences] or [(0, len(text))]
    breaks = [(m.start(), m.end()) for m in _SOFT_BREAK.finditer(text) if _soft(text, m)]
    if not breaks:
        return JoinedView(text, sentences)
    at: list[int] = []
    removed: list[int] = []
    total = 0
    for a, b in breaks:
        at.append(a - total)
        total += b - a
        removed.append(total)
    pieces, pos = [], 0
    for a, b in breaks:
        pieces.append(text[pos:a])
        pos = b
    pieces.append(text[pos:])
    view = "".join(pieces)
    starts = [a for a, _ in breaks]

    def to_view(i: int) -> int:
        k = bisect.bisect_right(starts, i)
        if k and i < breaks[k - 1][1]:  # inside a removed break: where it was
            return at[k - 1]
        return i - (removed[k - 1] if k else 0)

    joined: list[tuple[int, int]] = []
    for s, e in sentences:
        vs, ve = to_view(s), to_view(e)
        if ve <= vs:
            continue
        if joined and joined[-1][1] >= vs and view[joined[-1][1] - 1] not in "。！？；!?;":
            joined[-1] = (joined[-1][0], ve)  # the halves of one sentence
        else:
            joined.append((vs, ve))
    return JoinedView(view, joined, tuple(at), tuple(removed))
