"""Responsibility records: the units a document assigns to each task, leads and partners.

Three shapes are read, in any bracket style (``〔〕 () （） [] 【】``), with brackets balanced,
unbalanced or lost (a list then runs to the end of its line):

* a labelled list: ``（责任单位：市人社局，市财政局、各县（市、区）人民政府）``; labels and their roles
  are data (nlp/data/responsibility_labels.tsv; 责任分工/任务分工 labels leave the roles to the role
  words of the list: ``责任分工：A牵头，B、C配合``); a label built like them (牵头落实单位,
  责任部门及单位: words ending in 单位/部门/分工) is read by its words when a unit name follows it
  (a salutation ``市直各部门：现将…`` is none); a unit name never holds a colon, so an unknown
  label never fuses into the first unit; ``牵头单位：…；配合单位：…`` is one record;
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
from policyintel.extractors.responsibility_roles import list_end, role_assignments
from policyintel.extractors.responsibility_table import table_rows
from policyintel.ingest.document import Document
from policyintel.nlp import units as unitnames
from policyintel.nlp.units import OPENERS, UnitMention

_LEAD_WORD = r"牵头(?:单位|部门)"
_UNIT_WORD = r"(?:的)?(?:单位|部门)?"
_CONVENTIONS = (
    ("comma", re.compile(rf"(?:逗号|[“\"]?[，,][”\"]?)(?:之)?前{_UNIT_WORD}(?:为|是){_LEAD_WORD}")),
    ("semicolon", re.compile(rf"(?:分号|[“\"]?[；;][”\"]?)(?:之)?前{_UNIT_WORD}(?:为|是){_LEAD_WORD}")),
    ("first", re.compile(
        rf"(?:排|列|居|位)?(?:在|于)?(?:第一|首)(?:位|个|家)?{_UNIT_WORD}(?:为|是){_LEAD_WORD}"
        rf"|排名第一{_UNIT_WORD}(?:为|是){_LEAD_WORD}")),
)
_NO_LEAD_NOTE = re.compile(r"未(?:明确|列明|注明|标明)牵头(?:单位|部门)")
# Another field after the list: ；完成时限：…, 【完成时限】…
_OTHER_LABEL = re.compile(r"[，,；;。\s][\u4e00-\u9fff]{2,6}[：:]|[【\[［〔][\u4e00-\u9fff]{2,6}[】\]］〕]")
# A website footer (主办单位：某市政府办公室 / 备案号 / 版权所有) is no assignment.
_FOOTER = re.compile(r"ICP|备案[证号]|版权所有|网站标识码|技术支持[：:]")


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


# A label built like the known ones: a few words ending in 单位/部门/分工 (牵头落实单位,
# 责任部门及单位); document metadata (发文单位, 印发机关) and applicants (申报单位) are none.
_GENERIC_LABEL = (r"(?<![\u4e00-\u9fff])(?!发文|印发|发布|成文|制发|来源|信息来源|索引|申报|申请|联系|主管)"
                  r"[\u4e00-\u9fff]{1,6}(?:单位|部门|分工)")


def _role_of(label: str) -> str:
    """A known label's role, else what its words say (牵头落实单位 → lead, 协助配合部门 → partner)."""
    known = _labels().get(label)
    if known:
        return known
    if re.search(r"牵头|主责|主办", label):
        return "lead"
    if re.search(r"配合|协办|协助|协同|参与|支持", label):
        return "partner"
    return "any"


@cache
def _labels() -> dict[str, str]:
    return {row["label"]: row["role"] for row in unitnames.read_table("responsibility_labels.tsv")}


@cache
def _label_pattern() -> re.Pattern[str]:
    alternation = "|".join(re.escape(label) for label in sorted(_labels(), key=len, reverse=True))
    # 责任单位：…, 责任单位（部门）：…, or a label in a bracket of its own: 【牵头单位】…; a label the
    # table does not know but built like one (牵头落实单位, 责任部门及单位) is read by its words.
    return re.compile(rf"(?P<label>{alternation}|{_GENERIC_LABEL})(?:\s*(?:[（(](?:部门|单位|处室)[)）]\s*)?[：:]"
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


def _opens_with_unit(text: str, start: int) -> bool:
    """Does a unit name open the text after an unknown label (up to its first separator)?"""
    listed = unitnames.split_units(text, start, list_end(text, start))
    return bool(listed.units) and unitnames.looks_like_unit(listed.units[0].surface)


def _find_labels(text: str) -> list[_Label]:
    found = []
    for m in _label_pattern().finditer(text):
        k = m.start() - 1
        while k >= 0 and text[k] in " \t\u3000":
            k -= 1
        bracketed = k >= 0 and text[k] in OPENERS
        label = m.group("label")
        if _FOOTER.search(text, m.end(), m.end() + 80):
            continue
        if m.group("close"):  # 【牵头单位】A: the list follows the bracket
            if not bracketed or k != m.start() - 1:
                continue
            bracketed = False
        if label not in _labels() and not _opens_with_unit(text, m.end()):
            continue  # 市直各部门：现将…印发给你们 is a salutation, not a list
        found.append(_Label(m.start(), m.end(), _role_of(label),
                            list_end(text, m.end(), bracketed)))
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
        # 责任单位：A；配合单位：B — a generic label before a partner label names the leads.
        any_leads = not any(lab.role == "lead" for lab in group)
        for k, (lab, nxt) in enumerate(zip(group, group[1:] + [None], strict=True)):
            end = _note_start(text, lab.end, nxt.start if nxt else region_end)
            listed = list(unitnames.split_units(text, lab.end, end).units)
            if lab.role == "lead" or (lab.role == "any" and any_leads
                                      and any(g.role == "partner" for g in group[k + 1:])):
                leads += listed
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
    for span, leads, partners in role_assignments(text, taken):
        rec = _record(doc, leads, partners)
        if rec is not None:
            taken.append(span)
            yield rec
