"""Outline tree from Chinese numbering, with spans over the clean text.

A heading is a line that starts with a numbering marker:

==========  ===============================  =====
kind        marker                           rank
==========  ===============================  =====
part        第一部分 / 第一篇                  0
chapter     第一章                            1
section     第一节                            2
article     第一条                            3
han         一、                              4
paren_han   （一）                            5
arabic      1.  1．  1、                      6
paren_arab  （1）                             7
circled     ①                                 8
==========  ===============================  =====

Nesting follows the rank (the usual order of the genre); a document that skips a level (一、
then 1.) nests 1. directly under 一、. ``Section.heading`` is the marker and its title as
written, up to the first 。；！？ or the end of the line (``1.深化管办分离培训模式。全面推行…``
→ ``1.深化管办分离培训模式``), or up to the first ，when that runs past 50 characters (a short
title followed by its body in one sentence); for an article (第X条), whose line is the article's text, it is the
marker alone. ``start`` is the start of the heading line, ``heading_end`` the end of the
heading text, ``end`` the start of the next heading of the same or a higher rank (or of the
text's end). A standalone ``附件`` line (``附件``, ``附件2``) starts a top-level section of its own:
an attachment is not part of the last numbered section. Text before the first heading (the title,
the notice that issues a plan) is in no section. Inline enumerations (一是…二是…) are not headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policyintel.ingest.document import Section

_NUM_HAN = "一二三四五六七八九十百零〇两"
_NUM = rf"[{_NUM_HAN}\d]{{1,4}}"

HEADING_START = re.compile(
    rf"(?P<part>第{_NUM}(?:部分|篇))"
    rf"|(?P<chapter>第{_NUM}章)"
    rf"|(?P<section>第{_NUM}节)"
    rf"|(?P<article>第{_NUM}条)"
    rf"|(?P<han>[{_NUM_HAN}]{{1,3}}、)"
    rf"|(?P<paren_han>[（(][{_NUM_HAN}]{{1,3}}[）)])"
    r"|(?P<arabic>\d{1,2}(?:[.．](?![\d.．])|、))"
    r"|(?P<paren_arab>[（(]\d{1,2}[）)])"
    r"|(?P<circled>[①-⑳])"
)
"""Matches a numbering marker at the start of a (stripped) line."""

_RANK = {"part": 0, "chapter": 1, "section": 2, "article": 3, "han": 4, "paren_han": 5,
         "arabic": 6, "paren_arab": 7, "circled": 8}

_LINE_HEAD = re.compile(rf"(?m)^(?:{HEADING_START.pattern}|(?P<annex>附件\s*\d{{0,2}}\s*[:：]?\s*$))")
_HEADING_STOP = re.compile(r"[。；！？;!?\n]")
_LONG_HEADING = 50
_FILE_NAME = re.compile(r"\.(?:pdf|docx?|wps|ofd|xlsx?|zip|rar)\s*$", re.IGNORECASE)
# After the marker a heading's title starts with text, not with a number or a unit.
_TITLE_START = re.compile(r"[ \t\u3000]*[\u4e00-\u9fff“‘《（(【A-Za-z]|\s*$")


@dataclass(slots=True)
class _Node:
    heading: str
    rank: int
    start: int
    heading_end: int
    marker: str
    end: int = -1
    children: list[_Node] = field(default_factory=list)

    def freeze(self, level: int) -> Section:
        return Section(heading=self.heading, level=level, start=self.start, end=self.end,
                       heading_end=self.heading_end, marker=self.marker,
                       children=tuple(c.freeze(level + 1) for c in self.children))


def build_outline(text: str) -> list[Section]:
    """The outline of ``text``: top-level sections, each with its children."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for m in _LINE_HEAD.finditer(text):
        kind = m.lastgroup
        start, marker_end = m.start(), m.end()
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        if kind == "annex":
            rank = -1
            heading_end = line_end
            while heading_end > start and text[heading_end - 1] in " \t：:":
                heading_end -= 1
        else:
            if not _TITLE_START.match(text, marker_end) or _FILE_NAME.search(text, start, line_end):
                continue
            rank = _RANK[kind]  # type: ignore[index]
            if kind == "article":
                heading_end = marker_end
            else:
                stop = _HEADING_STOP.search(text, marker_end, line_end)
                heading_end = stop.start() if stop else line_end
                if heading_end - start > _LONG_HEADING:  # title, then the body after a comma
                    comma = text.find("，", marker_end, start + _LONG_HEADING)
                    heading_end = comma if comma > marker_end else heading_end
            while heading_end > marker_end and text[heading_end - 1] in " \t\u3000":
                heading_end -= 1
        node = _Node(text[start:heading_end], rank, start, heading_end, text[start:marker_end])
        while stack and stack[-1].rank >= rank:
            stack.pop().end = start
        if rank < 0:  # an attachment closes every open section
            while stack:
                stack.pop().end = start
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    for node in stack:
        node.end = len(text)
    return [n.freeze(1) for n in roots]


def iter_sections(sections: list[Section] | tuple[Section, ...]):
    """Every section of an outline, depth first, in document order."""
    for s in sections:
        yield s
        yield from iter_sections(s.children)
