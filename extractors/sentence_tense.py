"""Is a passage forward-looking (a goal, a plan) or past (a result already reached)?

Three layers, each overriding the one before where it speaks:
1. the document: plans, measures and notices look forward; replies report (past) until their
   下一步 part; a progress report (tasks each followed by 进展情况) states tasks, then progress;
2. the section: a heading containing a cue (工作开展情况 → past, 总体目标/下一步 → future) governs
   until the next heading of the same or a higher level; a paragraph opening with a marker
   (下一步，… / 进展情况：…) governs until the next heading or numbered item; a 下一步 inside a
   paragraph (…。下一步，我局将…) turns the rest of that paragraph forward;
3. the sentence: strong cues (力争, 到2027年, 已, 累计, 截至, a year before the document's) override
   the section; weak ones (将, 每年, 目前) decide only where the section says nothing.

Cues are data (``nlp/data/tense_cues.tsv``). ``tense_map(doc)`` is computed once per document
and shared by the target, achievement and subsidy extractors.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from policyintel.ingest.document import Document
from policyintel.nlp.quantity_vocab import alternation, read_tsv

PAST, FUTURE = "past", "future"
_CUMULATIVE = frozenset({"累计", "共计"})

_YEAR = re.compile(r"(?<![0-9〔\[（(])((?:19|20)[0-9]{2})[ ]?年(?!代)")
_FUTURE_YEAR = re.compile(r"(?:到|至|于|在|力争|争取)[ ]?((?:19|20)[0-9]{2})[ ]?年"
                          r"|((?:19|20)[0-9]{2})[ ]?年(?:底|末|前|以前|年底前)")
_DATE_LINE_MONTH = re.compile(r"(?:19|20)[0-9]{2}[ ]?年[ ]?([0-9]{1,2})[ ]?月[ ]?[0-9]{1,2}[ ]?日")
_YEAR_RANGE = re.compile(r"((?:19|20)[0-9]{2})[ ]?年?[ ]?[—–\-－~～至到][ ]?((?:19|20)[0-9]{2})[ ]?年")
_DATE_LINE = re.compile(r"((?:19|20)[0-9]{2})[ ]?年[ ]?[0-9]{1,2}[ ]?月[ ]?[0-9]{1,2}[ ]?日")
_MARKER = re.compile(r"^[ \t\u3000#]*(?:(?P<l1>[一二三四五六七八九十]+[、.．])"
                     r"|(?P<l2>[（(][一二三四五六七八九十]+[)）])"
                     r"|(?P<l3>[0-9]+[.．、](?![0-9]))"
                     r"|(?P<l4>[（(][0-9]+[)）]|[①②③④⑤⑥⑦⑧⑨⑩]))")
_REPLY = re.compile(r"收悉|答复如下|函告如下|复函如下|答复的函|办理情况|此复|提案|代表建议|委员：|委员:")
_PLAN = re.compile(r"方案|计划|措施|意见|规划|要点|细则|办法|任务|政策|举措|工程|纲要|清单")
_REPORT = re.compile(r"工作总结|工作报告|情况的报告|情况报告|情况汇报|工作汇报")
_REPORT_OPEN = re.compile(r"(?:报告|汇报|总结|通报)如下")
_REPORT_TITLE = re.compile(r"(?:报告|总结|汇报|通报|进展情况|工作情况|完成情况)[)）]?$")


_REST_OF_YEAR = re.compile(r"下半年|年底前|年内|四季度")
_DONE = re.compile(r"已|累计|截[至止]|了|同比|完成了")


@dataclass(frozen=True, slots=True)
class Cue:
    cue: str
    where: str
    tense: str
    strong: bool


@cache
def _cues() -> tuple[dict[str, Cue], dict[str, Cue], dict[str, Cue], re.Pattern[str]]:
    by: dict[str, dict[str, Cue]] = {"heading": {}, "marker": {}, "sentence": {}}
    for row in read_tsv("tense_cues.tsv"):
        by[row["where"]][row["cue"]] = Cue(row["cue"], row["where"], row["tense"],
                                           row["strength"] == "strong")
    sentence_rx = re.compile(alternation(list(by["sentence"])))
    return by["heading"], by["marker"], by["sentence"], sentence_rx


@dataclass(slots=True)
class TenseMap:
    """Tense by offset: section-level change points plus the document default."""

    default: str | None
    doc_year: int | None
    base_year: int | None = None  # doc_year, else the first year of the period a plan's title names
    points: list[int] = field(default_factory=list)
    tenses: list[str | None] = field(default_factory=list)
    headings: list[tuple[int, int, int, str]] = field(default_factory=list)  # start, end, level, text
    mid_year: bool = False  # a report signed before the year is out: 下半年/年底前 look forward

    def heading_years(self, offset: int) -> list[int]:
        """Years written in the headings above ``offset``, innermost heading first."""
        above: dict[int, str] = {}
        for start, _end, level, heading in self.headings:
            if start > offset:
                break
            above = {k: v for k, v in above.items() if k < level}
            above[level] = heading
        out = []
        for level in sorted(above, reverse=True):
            m = _YEAR.search(above[level])
            if m:
                out.append(int(m.group(1)))
        return out

    def section(self, offset: int) -> str | None:
        """The tense the document and its sections give ``offset``."""
        i = bisect.bisect_right(self.points, offset) - 1
        return self.tenses[i] if i >= 0 else self.default

    def sentence(self, text: str, offset: int) -> str | None:
        """The tense of sentence ``text`` starting at ``offset``.

        累计 follows the section here: in a plan or a 下一步 part it is "cumulative over the
        period" (到2027年，累计培训…), in a report's results "so far"."""
        tense = classify_sentence(text, self.section(offset), self.base_year, cumulative_weak=True)
        if tense == PAST and self.mid_year and _REST_OF_YEAR.search(text) \
                and not _DONE.search(text):
            return FUTURE  # 下半年，新增就业1900人以上 in a report of July
        return tense


def classify_sentence(text: str, section: str | None, doc_year: int | None = None, *,
                      cumulative_weak: bool = False) -> str | None:
    """Tense of one sentence given its section's tense: strong cues override the section.

    ``cumulative_weak``: 累计/共计 count as weak cues (the section decides), not strong ones.
    A year range ending at or after the document's year (2025—2027年) looks forward."""
    _, _, cues, rx = _cues()
    strong = {PAST: 0, FUTURE: 0}
    weak = {PAST: 0, FUTURE: 0}
    for m in rx.finditer(text):
        cue = cues[m.group()]
        is_strong = cue.strong and not (cumulative_weak and cue.cue in _CUMULATIVE)
        (strong if is_strong else weak)[cue.tense] += 1
    if _FUTURE_YEAR.search(text):
        strong[FUTURE] += 1
    if re.search(r"[\u4e00-\u9fff]了(?![解])", text):
        strong[PAST] += 1
    ranges = [(m.start(), int(m.group(2))) for m in _YEAR_RANGE.finditer(text)]
    open_ranges = {start for start, end in ranges if doc_year is None or end >= doc_year}
    if open_ranges:
        strong[FUTURE] += 1
    if doc_year is not None:
        for m in _YEAR.finditer(text):
            year = int(m.group(1))
            if year < doc_year and m.start() not in open_ranges \
                    and not _FUTURE_YEAR.match(text, max(0, m.start() - 2)):
                strong[PAST] += 1
                break
    if strong[PAST] != strong[FUTURE]:
        return PAST if strong[PAST] > strong[FUTURE] else FUTURE
    if section is not None:
        return section
    if weak[PAST] != weak[FUTURE]:
        return PAST if weak[PAST] > weak[FUTURE] else FUTURE
    return None


_POSITIONAL = re.compile(r"预计|将(?!近)|(?<![模虚])拟|(?<![总年度])计划(?!投资|单列)|力争|争取|确保"
                         r"|每[ ]?[0-9一二两三四五]+[ ]?年"
                         r"|(?:目标(?:任务)?|下达[^，,。；;的]{0,12}?(?:目标|任务))(?:为|是)?[ ]?$"
                         r"|(?P<past>已|累计|截至|了|分别完成[^，,。；;]{0,12}?(?:计划|目标|任务)的)")


_FOLLOWING_MODAL = re.compile(r"[\u4e00-\u9fff“”\"]{0,8}?(?:将(?!近)|拟|预计|计划(?!投资|单列|内))")
_BA = r"将[^，,。；;]{0,20}(?:纳入|列入|作为|视为)"  # the 把 construction, not the future


def quantity_tense(text: str, sentence_start: int, offset: int, sentence_tense: str | None,
                   end: int | None = None) -> str | None:
    """Tense of the quantity at ``offset``: a future modal right after it in its clause
    (3个项目将推荐参加国赛, ending at ``end``) or the last modal or aspect cue before it in its
    sentence (2022年…获得承办权，预计完成23场 → future) decides, else the sentence's tense."""
    last = None
    for m in _POSITIONAL.finditer(text, sentence_start, offset):
        last = m
    if end is not None and (last is None or not last.group("past")):
        after = _FOLLOWING_MODAL.match(text, end)
        if after is not None and not re.match(_BA, text[after.end() - 1:end + 30]):
            return FUTURE
    if last is None:
        return sentence_tense
    if last.group() == "累计":
        return sentence_tense  # cumulative: over the plan period or so far, as the sentence says
    if last.group("past"):
        return PAST if sentence_tense is not None else None
    if last.group() == "将" and re.match(_BA, text[last.start():offset + 30]):
        return sentence_tense  # 将…纳入: the 把 construction, not the future
    return FUTURE


def is_reply(doc: Document) -> bool:
    """Whether ``doc`` answers a proposal (its type, or reply words in its head)."""
    doc_type = doc.metadata.doc_type
    return doc_type == "proposal_reply" or (doc_type is None and bool(_REPLY.search(doc.text[:600])))


def _doc_default(doc: Document) -> str | None:
    doc_type = doc.metadata.doc_type
    head = doc.text[:600]
    if doc_type == "proposal_reply" or (doc_type is None and _REPLY.search(head)):
        return PAST
    if _REPORT_TITLE.search(_title(doc)) or _REPORT_OPEN.search(head):
        return PAST  # …实施方案执行情况的报告, 现将…情况报告如下: a report, whatever it names
    if doc_type in ("action_plan", "implementation_plan", "measures", "notice"):
        return FUTURE
    if _REPORT.search(head[:200]):
        return PAST  # a work report or summary reports, until its 下一步/计划 part
    if "进展情况" in doc.text or _PLAN.search(head):
        return FUTURE
    return None


def _title(doc: Document) -> str:
    """The metadata title, else the first line when it is short and reads as a title."""
    if doc.metadata.title:
        return doc.metadata.title
    first = doc.text.lstrip().split("\n", 1)[0].strip()
    return first if len(first) <= 40 and not re.search(r"[。；;，,：:]", first) else ""


def document_year(doc: Document) -> int | None:
    """The year the document was signed: metadata date, else the last full date line."""
    if doc.metadata.date:
        return int(doc.metadata.date[:4])
    dates = _DATE_LINE.findall(doc.text)
    if dates:
        return int(dates[-1])
    m = re.search(r"(?m)^\s*((?:19|20)[0-9]{2})[01][0-9][0-3][0-9]\s*$", doc.text)
    if m:
        return int(m.group(1))
    title = _title(doc)
    if not (_REPORT_TITLE.search(title) or doc.metadata.doc_type == "proposal_reply"):
        return None
    years = {int(y) for y in _YEAR.findall(title)}
    return years.pop() if len(years) == 1 else None  # 关于2025年上半年…的报告, undated


def _period_start(doc: Document) -> int | None:
    """The first year of the period an undated plan's title names (…方案（2024—2026年）), or
    the one year of an annual plan's title: a year before it is the plan's baseline."""
    m = _YEAR_RANGE.search(doc.metadata.title or "")
    if m:
        return int(m.group(1))
    title = _title(doc)  # an annual plan (某市2024年就业工作要点): its year; the year before is base
    years = {int(y) for y in _YEAR.findall(title)}
    return years.pop() if len(years) == 1 and _PLAN.search(title) else None


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def _heading_level(line: str) -> tuple[int, int] | None:
    """(level, end of the heading text) when ``line`` opens with an outline marker or is short."""
    m = _MARKER.match(line)
    stripped = line.strip(" \t\u3000#")
    if m is None:
        # an unnumbered short line is a heading only when it names a section kind (下步工作打算)
        if stripped and len(stripped) <= 20 and not re.search(r"[。；;，,：:]", stripped) \
                and _heading_cue(stripped):
            return 1, len(line)
        return None
    level = next(i for i, g in enumerate(("l1", "l2", "l3", "l4"), 1) if m.group(g))
    cut = re.search(r"[。：:]", line[m.end():])
    return level, m.end() + (cut.start() if cut else len(line) - m.end())


def _heading_cue(line: str) -> bool:
    return any(cue in line for cue in _cues()[0])


def tense_map(doc: Document) -> TenseMap:
    """The section-level tense map of ``doc``, computed once per document and shared."""
    return doc.memo("tense_map", _compute_tense_map)


def _compute_tense_map(doc: Document) -> TenseMap:
    headings, markers, _, _ = _cues()
    default = _doc_default(doc)
    doc_year = document_year(doc)
    tmap = TenseMap(default=default, doc_year=doc_year,
                    base_year=doc_year if doc_year is not None else _period_start(doc))
    stack: list[tuple[int, str | None]] = []  # (level, tense) of headings that set a tense
    marker_active = False
    heading_rx = re.compile(alternation(list(headings)))
    marker_rx = re.compile(r"^[ \t\u3000#]*(?:" + alternation(list(markers)) + ")")
    inline_rx = re.compile(r"(?<=[。！？；;!?])[ \u3000]*(?:" + alternation(
        [w for w, c in markers.items() if c.tense == FUTURE]) + r")(?=[，,：:]|工作|我们|我局|我委|将)")
    revert: str | None = None  # the tense to restore after a paragraph turned by an inline 下一步
    for start, _end, line in _lines(doc.text):
        found = _heading_level(line)
        tense: str | None = None
        changed = False
        if revert is not None:
            tmap.points.append(start)
            tmap.tenses.append(revert)
            revert = None
        if found is not None:
            level, head_end = found
            while stack and stack[-1][0] >= level:
                stack.pop()
                changed = True
            if marker_active:
                marker_active, changed = False, True
            m = heading_rx.search(line, 0, head_end)
            if m:
                stack.append((level, headings[m.group()].tense))
                changed = True
            tmap.headings.append((start, start + head_end, level, line[:head_end]))
        m = marker_rx.match(line)
        if m:
            word = m.group().strip(" \t\u3000#")
            tense = markers[word].tense
            marker_active = True
            tmap.points.append(start)
            tmap.tenses.append(tense)
            continue
        if changed:
            tmap.points.append(start)
            tmap.tenses.append(stack[-1][1] if stack else default)
        inline = inline_rx.search(line)
        if inline is not None:  # …。下一步，我局将…: the rest of the paragraph looks forward
            revert = tmap.tenses[-1] if tmap.points else default
            tmap.points.append(start + inline.start())
            tmap.tenses.append(FUTURE)
    if default == FUTURE:
        _preamble_reports(tmap)
    tmap.mid_year = default == PAST and _signed_month(doc) in range(1, 10) \
        and not is_reply(doc)
    return tmap


def _signed_month(doc: Document) -> int | None:
    """The month of the document's date (metadata, else its last full date line)."""
    if doc.metadata.date and len(doc.metadata.date) >= 7:
        return int(doc.metadata.date[5:7])
    dates = _DATE_LINE_MONTH.findall(doc.text)
    return int(dates[-1]) if dates else None


def _preamble_reports(tmap: TenseMap) -> None:
    """A plan's opening before its first top-level heading states the baseline (截至2023年底…,
    全市现有…, 目前…): past, where strong cues do not say otherwise."""
    first = next((start for start, _end, level, _h in tmap.headings if level == 1), None)
    if not first:
        return
    at_first = tmap.section(first)
    i = bisect.bisect_left(tmap.points, first)
    if i == len(tmap.points) or tmap.points[i] != first:
        tmap.points.insert(i, first)
        tmap.tenses.insert(i, at_first)
    if tmap.points[0] != 0:
        tmap.points.insert(0, 0)
        tmap.tenses.insert(0, PAST)
