"""Assignments by role words rather than labels: ``（A牵头，B、C配合）``, ``（A、B负责）``,
``（A牵头，B、C，D按职责分工负责）``, ``由A负责。``, ``A（牵头）、B、C``; and where a unit list that
starts at an offset ends (its bracket, its line, a 。, or the next line when the list goes on).

Used by extractors/responsibility.py, whose docstring gives the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policyintel.nlp import units as unitnames
from policyintel.nlp.units import CLOSERS, OPENERS, UnitMention

_NEXT_ITEM = re.compile(r"[ \t\u3000]*(?:[（(〔][一二三四五六七八九十0-9]+[)）〕]|[一二三四五六七八九十]+[、.．]"
                        r"|[0-9]+[.．、]|[①②③④⑤⑥⑦⑧⑨⑩]|附件|$)")
# What the units after a lead do: 配合, 参与, 按职责分工负责, 各负其责, 按职责抓好落实 …
_PARTNER_WORD = (r"(?:等)?(?:配合|参与|协同|协助|共同负责|各负其责|共同推进|共同实施"
                 r"|(?:按照?|根据|依据|依)?(?:各自)?(?:职责|职能)?(?:分工)?(?:负责|落实|抓好落实|推进|做好相关工作))"
                 r"(?:落实|实施)?")
_EXPLICIT = re.compile(
    r"(?:由)?(?P<lead>[^()（）〔〕]+?)牵头(?:负责|实施|落实)?"
    rf"(?:[，,；;、]\s*(?P<partners>.+?){_PARTNER_WORD})?[。.]?$")
# ``（A、B负责）``, ``（由A负责）``, ``（A负责，B配合）``: the role word follows the list. Alone, 负责
# designates no lead (every unit a partner); followed by a 配合 group, the 负责 units lead.
_SUFFIX = re.compile(
    r"(?:由)?(?P<units>[^()（）〔〕]+?)(?:共同|分别|按职责分工|按职责|分工)?负责(?:落实|实施|推进)?"
    r"(?:[，,；;]\s*(?P<partners>.+?)(?:配合|参与|协同|协助)(?:落实|实施)?)?[。.]?$")


def _continues(text: str, newline: int, start: int, bracketed: bool) -> bool:
    """Does the list go on after the line break at ``newline`` (a page or line break)?

    Yes when the line ends on a separator (、，), or when the list is in a bracket that closes
    on the next line before any 。; never when the next line opens a new heading or item."""
    if _NEXT_ITEM.match(text, newline + 1):
        return False
    before = text[start:newline].rstrip()
    if before.endswith(("、", "，", ",")):
        return True
    if not bracketed:
        return False
    nxt = text.find("\n", newline + 1)
    line = text[newline + 1:nxt if nxt >= 0 else len(text)]
    close = min((line.find(c) for c in CLOSERS if c in line), default=-1)
    return close >= 0 and "。" not in line[:close]


def list_end(text: str, start: int, bracketed: bool = False) -> int:
    """Where a list starting at ``start`` ends: its bracket closes, its line ends, or a 。."""
    depth, i = 0, start
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            if depth == 0 and _continues(text, i, start, bracketed):
                i += 1
                continue
            break
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and ch in "。":
            break
        i += 1
    return i



def _enclosing_bracket(text: str, offset: int, reach: int = 160) -> tuple[int, int] | None:
    """The span inside the bracket around ``offset`` on its line, if there is one."""
    depth, k = 0, offset - 1
    while k >= max(0, offset - reach) and text[k] != "\n":
        if text[k] in CLOSERS:
            depth += 1
        elif text[k] in OPENERS:
            if depth == 0:
                break
            depth -= 1
        k -= 1
    else:
        return None
    if k < 0 or text[k] not in OPENERS:
        return None
    end = list_end(text, offset)
    if end >= len(text) or text[end] not in CLOSERS:
        return None
    return k + 1, end


_ROLE_CUE = re.compile(r"牵头|负责")
_NEXT_FIELD = re.compile(r"[ \t\u3000]*[\u4e00-\u9fff]{2,6}[：:]")
_SENTENCE_END = "。；;\n"
_NAMED = re.compile(r"^(?:[市县区省州旗盟各]|.{1,12}?[市县区省州旗盟])")


def _standalone(text: str, offset: int) -> tuple[int, int] | None:
    """The sentence around ``offset`` when it is nothing but a role phrase (``由A、B负责。``)."""
    s = offset
    while s > 0 and text[s - 1] not in _SENTENCE_END:
        s -= 1
    e = offset
    while e < len(text) and text[e] not in _SENTENCE_END and e - offset < 80:
        e += 1
    if e < len(text) and text[e] not in "。\n" and not _NEXT_FIELD.match(text, e + 1):
        return None  # ...；完成时限：… is another field of the task, so the phrase stands alone
    return s, e


def _units(text: str, start: int, end: int) -> list[UnitMention] | None:
    """The units of ``text[start:end]``, or None when an item is no unit (费用由企业负责)."""
    listed = list(unitnames.split_units(text, start, end).units)
    for u in listed:
        if not unitnames.looks_like_unit(u.surface) or re.search(r"(?<!自)由", u.surface):
            return None
    return listed


def _role_phrase(text: str, s: int, e: int, bracketed: bool,
                 ) -> tuple[list[UnitMention], list[UnitMention]] | None:
    """(leads, partners) of a span that is nothing but an assignment by role words, else None."""
    while e > s and text[e - 1] in " \t\u3000":
        e -= 1
    while s < e and text[s] in " \t\u3000":
        s += 1
    body = _EXPLICIT.match(text, s, e)
    if body is not None and body.end() == e:
        leads = _units(text, body.start("lead"), body.end("lead"))
        partners = (_units(text, body.start("partners"), body.end("partners"))
                    if body.group("partners") else [])
    else:
        body = _SUFFIX.match(text, s, e)
        if body is None or body.end() != e:
            return None
        named = _units(text, body.start("units"), body.end("units"))
        if body.group("partners"):
            leads = named
            partners = _units(text, body.start("partners"), body.end("partners"))
        else:
            leads, partners = [], named
    if leads is None or partners is None or not leads + partners:
        return None
    if body.re is _EXPLICIT and not leads:
        return None
    # Out of brackets, only a sentence naming actual units (市人社局, not 人社部门) is an assignment.
    if not bracketed and not any(_NAMED.match(u.canonical) for u in leads + partners):
        return None
    return leads, partners


_MARK = re.compile(r"[（(〔]牵头(?:单位|部门)?[)）〕]")


def _line_list(text: str, offset: int) -> tuple[int, int] | None:
    """The line around ``offset`` when it is nothing but a unit list (``A（牵头）、B、C``)."""
    s = text.rfind("\n", 0, offset) + 1
    e = text.find("\n", offset)
    e = len(text) if e < 0 else e
    while e > s and text[e - 1] in "。；; \t":
        e -= 1
    return (s, e) if e - s <= 160 else None


def _marked_list(text: str, s: int, e: int) -> tuple[list[UnitMention], list[UnitMention]] | None:
    """``A（牵头）、B、C`` in a bracket or on a line of its own: the marked unit leads."""
    listed = _units(text, s, e)
    if not listed or not any(u.role == "lead" for u in listed):
        return None
    return [u for u in listed if u.role == "lead"], [u for u in listed if u.role != "lead"]


def role_assignments(text: str, taken: list[tuple[int, int]],
                     ) -> Iterator[tuple[tuple[int, int], list[UnitMention], list[UnitMention]]]:
    """Assignments by role words: ``（A牵头，B、C配合）``, ``（A、B负责）``, ``由A负责。``,
    ``A（牵头）、B、C`` — a bracket, a line or a sentence closing a task that is nothing but the
    assignment; yields (span read, leads, partners). ``taken`` holds spans already read; each
    span yielded is added to it by the caller when it makes a record."""
    for m in _ROLE_CUE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        marked = _MARK.match(text, m.start() - 1) if m.start() else None
        anchor = m.start() - 1 if marked else m.start()
        span = _enclosing_bracket(text, anchor)
        bracketed = span is not None
        if span is None:
            span = _line_list(text, anchor) if marked else _standalone(text, anchor)
        if span is None or any(s < span[1] and span[0] < e for s, e in taken):
            continue  # a labelled list already read (（责任单位：A，B按职责分工负责）)
        roles = (_marked_list(text, span[0], span[1]) if marked
                 else _role_phrase(text, span[0], span[1], bracketed))
        if roles is None:
            continue
        yield span, *roles
