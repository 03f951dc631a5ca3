"""Responsibility records: the units a document assigns to each task, leads and partners.

Three shapes are read, in any bracket style (``〔〕 () （） [] 【】``), with brackets balanced,
unbalanced or lost (a list then runs to the end of its line):

* a labelled list: ``（责任单位：市人社局，市财政局、各县（市、区）人民政府）``; labels and their roles
  are data (nlp/data/responsibility_labels.tsv): ``牵头单位：…；配合单位：…`` is one record;
  a label may also stand in a bracket of its own (``【牵头单位】A【配合单位】B``) or carry an
  annotation (``责任单位（部门）：``); a lead line followed on the next line by a partner line is
  one record;
* a bracket that says it: ``（市发展改革委牵头，市财政局、市人社局配合）``, or with the role word
  after the list, the Guangdong style: ``（A、B，各区人民政府负责）``, ``（由A负责）`` — 负责 alone
  designates no lead (every unit a partner), ``（A负责，B配合）`` makes A the lead. A sentence
  that is nothing but such a phrase and closes a task (``由市人社局、市财政局负责。``) counts too
  when it names actual units (市人社局), not department types (人社部门, guideline 13);
* a list under ``责任领导：…`` lines: the leaders are people and are never read as units;
* a bracket or line that is a unit list with a lead marked on an item (``A（牵头）、B、C``);
* a lead whose partners act by duty: ``（A牵头，B、C，D按职责分工负责）`` (各负其责, 按职责抓好落实 …);
* a row of a task-division table (``牵头单位 / 配合单位`` or ``责任单位`` columns), read by
  extractors/responsibility_table.py; a ``责任单位`` column follows the stated convention.

Which units lead follows the convention the document states, once or per item
(``逗号前为牵头单位，下同``; ``排在第一位的为牵头单位``; ``分号前为牵头单位``), found anywhere in
the text: a list uses the last convention stated before its end, or else the first one stated
anywhere (a convention describes the document's layout, and some documents state it in a
closing note). With the comma convention a list without a comma has no lead
(``未明确牵头单位的，各责任单位分工负责``). Without any stated convention a list has no lead, with
one exception we chose: a list whose groups are separated by a semicolon (``A、B；C、D``) has
its first group as leads, since task-division tables use the semicolon for nothing else.
Where no lead is designated, ``lead_units`` is empty and every unit is a partner (the contract).

The convention statement is cut from the list, whether it follows the units in the same
bracket or in a bracket of its own; ``下同`` inside a unit's own brackets
(``各县（市、区，含高新区，下同）人民政府``) is part of that unit, not a convention.

The record's span is the unit list from its first unit to its last.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from policyintel.extractors.records import Responsibility
from policyintel.extractors.registry import extractor
from policyintel.extractors.responsibility_table import table_rows
from policyintel.ingest.document import Document
from policyintel.nlp import units as unitnames
from policyintel.nlp.units import CLOSERS, OPENERS, UnitMention

_LEAD_WORD = r"牵头(?:单位|部门)"
_UNIT_WORD = r"(?:的)?(?:单位|部门)?"
_CONVENTIONS = (
    ("comma", re.compile(rf"(?:逗号|[“\"]?[，,][”\"]?)(?:之)?前{_UNIT_WORD}(?:为|是){_LEAD_WORD}")),
    ("semicolon", re.compile(rf"(?:分号|[“\"]?[；;][”\"]?)(?:之)?前{_UNIT_WORD}(?:为|是){_LEAD_WORD}")),
    ("first", re.compile(
        rf"(?:排|列|居|位)?(?:在|于)?(?:第一|首)(?:位|个|家)?{_UNIT_WORD}(?:为|是){_LEAD_WORD}"
        rf"|排名第一{_UNIT_WORD}(?:为|是){_LEAD_WORD}")),
)
_NEXT_ITEM = re.compile(r"[ \t\u3000]*(?:[（(〔][一二三四五六七八九十0-9]+[)）〕]|[一二三四五六七八九十]+[、.．]"
                        r"|[0-9]+[.．、]|[①②③④⑤⑥⑦⑧⑨⑩]|附件|$)")
_NO_LEAD_NOTE = re.compile(r"未(?:明确|列明|注明|标明)牵头(?:单位|部门)")
# Another field after the list: ；完成时限：…, 【完成时限】…
_OTHER_LABEL = re.compile(r"[，,；;。\s][\u4e00-\u9fff]{2,6}[：:]|[【\[［〔][\u4e00-\u9fff]{2,6}[】\]］〕]")
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


@dataclass(frozen=True, slots=True)
class _Convention:
    start: int
    kind: str  # comma | semicolon | first


@dataclass(frozen=True, slots=True)
class _Label:
    start: int
    end: int  # just after the colon
    role: str  # lead | partner | any
    region_end: int


@cache
def _labels() -> dict[str, str]:
    return {row["label"]: row["role"] for row in unitnames.read_table("responsibility_labels.tsv")}


@cache
def _label_pattern() -> re.Pattern[str]:
    alternation = "|".join(re.escape(label) for label in sorted(_labels(), key=len, reverse=True))
    # 责任单位：…, 责任单位（部门）：…, or a label in a bracket of its own: 【牵头单位】…
    return re.compile(rf"(?P<label>{alternation})(?:\s*(?:[（(](?:部门|单位|处室)[)）]\s*)?[：:]"
                      rf"|(?P<close>[】\]］〕])\s*[：:]?)")


def find_conventions(text: str) -> list[_Convention]:
    """Every lead/partner convention the text states, in order."""
    found: list[_Convention] = []
    # Every statement contains 牵头 after 为/是: look only around those, not at every offset.
    pos = text.find("牵头")
    while pos >= 0:
        if pos > 0 and text[pos - 1] in "为是":
            lo = max(0, pos - 16)
            for kind, rx in _CONVENTIONS:
                for m in rx.finditer(text, lo, pos + 4):
                    if m.end() > pos and not any(c.start == m.start() for c in found):
                        found.append(_Convention(m.start(), kind))
        pos = text.find("牵头", pos + 2)
    return sorted(found, key=lambda c: c.start)


def _convention_at(conventions: list[_Convention], offset: int) -> str | None:
    before = [c for c in conventions if c.start <= offset]
    if before:
        return before[-1].kind
    return conventions[0].kind if conventions else None


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


def _region_end(text: str, start: int, bracketed: bool = False) -> int:
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


def _note_start(text: str, start: int, end: int) -> int:
    """Cut a convention note (and anything after it) from the list ``text[start:end]``."""
    cut = end
    for _, rx in _CONVENTIONS:
        m = rx.search(text, start, end)
        if m:
            cut = min(cut, m.start())
    m = _NO_LEAD_NOTE.search(text, start, end)
    if m:
        cut = min(cut, m.start())
    m = _OTHER_LABEL.search(text, start, cut)
    if m:
        cut = m.start()
    # Back off over the punctuation and an opening bracket that introduced the note.
    while cut > start and (text[cut - 1] in OPENERS or text[cut - 1] in "，,；;。 \t"):
        cut -= 1
    return cut


def _find_labels(text: str) -> list[_Label]:
    found = []
    for m in _label_pattern().finditer(text):
        k = m.start() - 1
        while k >= 0 and text[k] in " \t\u3000":
            k -= 1
        bracketed = k >= 0 and text[k] in OPENERS
        label = m.group("label")
        if m.group("close"):  # 【牵头单位】A: the list follows the bracket
            if not bracketed or k != m.start() - 1:
                continue
            bracketed = False
        found.append(_Label(m.start(), m.end(), _labels()[label],
                            _region_end(text, m.end(), bracketed)))
    return found


def _assign(units: unitnames.UnitList, convention: str | None,
            ) -> tuple[list[UnitMention], list[UnitMention]]:
    """Split a plain list into (leads, partners) by the convention in force."""
    every = list(units.units)
    if not every:
        return [], []
    if any(u.role == "lead" for u in every):  # 市发改委（牵头）、市财政局: marks beat conventions
        return [u for u in every if u.role == "lead"], [u for u in every if u.role != "lead"]
    if convention == "first":
        return every[:1], every[1:]
    lead_seps = {"comma": "，,；;", "semicolon": "；;"}.get(convention or "", "；;")
    for k, sep in enumerate(units.separators):
        if sep in lead_seps:
            leads = [u for u in every if u.group <= k]
            return leads, [u for u in every if u.group > k]
    return [], every


def _record(doc: Document, leads: list[UnitMention], partners: list[UnitMention],
            ) -> Responsibility | None:
    every = leads + partners
    if not every:
        return None
    start = min(u.start for u in every)
    end = max(u.end for u in every)
    return doc.record(
        Responsibility, start, end,
        lead_units=tuple(u.surface for u in leads),
        partner_units=tuple(u.surface for u in partners),
        lead_units_canonical=tuple(u.canonical for u in leads),
        partner_units_canonical=tuple(u.canonical for u in partners),
    )


def _next_line_partner(text: str, prev: _Label, nxt: _Label) -> bool:
    """``牵头单位：A`` then, on the next line, ``配合单位：B`` (or ``责任单位：B``): one assignment
    on two lines, as on one line."""
    gap = text[prev.region_end:nxt.start]
    return (prev.role == "lead" and nxt.role in ("partner", "any") and gap.count("\n") <= 1
            and not gap.strip(" \t\u3000\n；;。，,【[［〔"))


def _labelled(doc: Document, conventions: list[_Convention]) -> Iterator[Responsibility]:
    text = doc.text
    labels = _find_labels(text)
    i = 0
    while i < len(labels):
        # Labels inside one region (牵头单位：…；配合单位：…) make one record.
        group = [labels[i]]
        while i + 1 < len(labels) and (labels[i + 1].start < group[0].region_end
                                       or _next_line_partner(text, group[-1], labels[i + 1])):
            i += 1
            group.append(labels[i])
        i += 1
        region_end = max(lab.region_end for lab in group)
        if len(group) == 1 or all(lab.role == "any" for lab in group):
            for lab, nxt in zip(group, group[1:] + [None], strict=True):
                end = _note_start(text, lab.end, nxt.start if nxt else region_end)
                listed = unitnames.split_units(text, lab.end, end)
                role = lab.role
                if role == "lead":
                    leads, partners = list(listed.units), []
                elif role == "partner":
                    leads, partners = [], list(listed.units)
                else:
                    leads, partners = _assign(listed, _convention_at(conventions, end))
                rec = _record(doc, leads, partners)
                if rec is not None:
                    yield rec
            continue
        leads, partners = [], []
        seen_lead = False
        for lab, nxt in zip(group, group[1:] + [None], strict=True):
            end = _note_start(text, lab.end, nxt.start if nxt else region_end)
            listed = list(unitnames.split_units(text, lab.end, end).units)
            if lab.role == "lead":
                leads += listed
                seen_lead = True
            elif lab.role == "partner" or seen_lead:
                partners += listed
            else:
                partners += listed
        rec = _record(doc, leads, partners)
        if rec is not None:
            yield rec


def _tabled(doc: Document, conventions: list[_Convention]) -> Iterator[Responsibility]:
    """One record per row of a task-division table (extractors/responsibility_table.py)."""
    for row in table_rows(doc.text):
        leads: list[UnitMention] = []
        partners: list[UnitMention] = []
        for role, listed in row.cells:
            if role == "lead":
                leads += listed.units
            elif role == "partner":
                partners += listed.units
            else:
                end = listed.units[-1].end if listed.units else 0
                more_leads, more_partners = _assign(listed, _convention_at(conventions, end))
                leads += more_leads
                partners += more_partners
        rec = _record(doc, leads, partners)
        if rec is not None:
            yield rec


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
    end = _region_end(text, offset)
    if end >= len(text) or text[end] not in CLOSERS:
        return None
    return k + 1, end


_ROLE_CUE = re.compile(r"牵头|负责")
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
    if e < len(text) and text[e] not in "。\n":
        return None
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


def _explicit(doc: Document, taken: list[tuple[int, int]]) -> Iterator[Responsibility]:
    """Assignments by role words: ``（A牵头，B、C配合）``, ``（A、B负责）``, ``由A负责。`` — a
    bracket, or a sentence closing a task, that is nothing but the assignment."""
    text = doc.text
    for m in _ROLE_CUE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        marked = _MARK.match(text, m.start() - 1) if m.start() else None
        anchor = m.start() - 1 if marked else m.start()
        span = _enclosing_bracket(text, anchor)
        bracketed = span is not None
        if span is None:
            span = _line_list(text, anchor) if marked else _standalone(text, anchor)
        if span is None:
            continue
        roles = (_marked_list(text, span[0], span[1]) if marked
                 else _role_phrase(text, span[0], span[1], bracketed))
        if roles is None:
            continue
        rec = _record(doc, *roles)
        if rec is not None:
            taken.append(span)
            yield rec


@extractor("responsibility")
def extract(doc: Document) -> Iterator[Responsibility]:
    """One Responsibility per assignment of units to a task (see module docstring)."""
    text = doc.text
    if not any(w in text for w in ("牵头", "负责", "单位", "部门", "责任")):
        return
    conventions = find_conventions(text)
    taken: list[tuple[int, int]] = []
    for rec in _labelled(doc, conventions):
        taken.append((rec.start, rec.end))
        yield rec
    for rec in _tabled(doc, conventions):
        taken.append((rec.start, rec.end))
        yield rec
    yield from _explicit(doc, taken)
