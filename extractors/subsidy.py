"""Subsidy records: money a public body grants or caps, one record per amount or ratio.

A sentence is read only when it holds an amount or a ratio and a granting word. It is cut into
*grant units* at each ``，对…`` so that ``对A…给予X；对B…给予Y`` pairs each amount with its own
recipient. In a unit:

* the recipient is the phrase after ``对``/``对于`` up to the first comma, granting word or cap
  word; an amount inside it is a condition (``对新增销售收入超过1000万元的企业``), never a grant;
* whether an amount is granted is decided in ``grant_amounts`` (granting verbs and forms, budget
  lines, pay-out verbs per recipient, floors, raised standards, loans); money already paid or
  waived (减免, 累计, 已发放) is an achievement and is left to that extractor. In a reply, the
  tense of a grant comes from its sentence up to the end of the amount's own clause, so a
  standing rule followed by a report of its use stays a grant; a past pay-out per recipient
  or per tier (各拨付…5万元, 分别发放奖金…) is a grant standard all the same; a grant the
  proposer asks for (您提出的“建议…给予…”) is none;
* a percentage is a grant ratio after 按/按照/给予 or ``补贴比例为``/``金额为``/``补贴比例提高到``
  with a granting word in or after it (按投资额的50%给予奖补; 补贴比例提高到70%: the raised ratio
  is the one in force); ``按不超过…的20%`` is a capped ratio. A matching ratio (1:0.5) is one
  when granting words surround it, but not when it says who pays (按1:1比例分担, 承担). Lost
  separators between ratios (``1:11:0.5``) are split so that each ratio starts at the last digit;
* a cap after a ratio bounds that grant: ``按…50%给予建设奖补，最高分别不超过500万元/个、300万元/个``,
  ``…60%给予补助，单个企业补助总额不超过30万元``, ``实际支出50%的补贴（本科最高1000元/人/月…）``
  give one record per cap with the ratio, and no separate ratio record;
* a cap after a matching ratio bounds it the same way: ``按1:1给予配套，最高不超过300万元`` is one
  record (ratio 1.0, 3000000, ``is_cap``); a cap on a yearly or cumulative total
  (``同一企业年度累计补贴不超过100万元``, ``累计最高不超过2万元``) is a cap, not money paid (累计);
* a raised grant standard is a ratio: ``补贴标准上浮20%`` → 0.2 as written (``上浮10个百分点`` → 0.1), ``提高至最低工资标准的80%``
  → 0.8, ``补贴标准按照…的70%执行`` → 0.7; a rate raised to a level (就业率提高到95%) is none;
* two levels of government before a ratio (市县按6:4, 市、县两级财政按…, 中央、省、市1:1:1) or an
  obligation after it (按不低于1:1的比例安排配套资金) say who pays: no matching grant;
* a range (``5万元至10万元``) is one record at its upper end, ``is_cap`` true (the most granted);
* ``分别`` lists pair in order: with a run of levels in the recipient (``国家级、省级``) each record
  gets its level and the recipient with that level alone; with a list of recipients of the
  same length (``省级技术能手、市级技术能手、技术标兵``) each gets its own recipient, written as
  prefix + item + suffix (``新获评市级技术能手的个人``; ordinals share the last item's words:
  ``一、二、三等奖``); labelled items (``省级10万元、市级5万元``, ``第一完成人单位1:1``) take level or
  recipient from their label.

``level`` (nlp/levels.py) comes from an explicit level word (国家级, 省级以上 → 省级), a bare place
word (国家, 省) in a list of levels or right after a recognition verb (``入选国家“优质中职学校”``),
or a jurisdiction naming the honour or contest (“贵州工匠” → 省级, “淄博工匠” → 市级, 全国技术能手,
全市…大赛 → 市级); names with neither (中华技能大奖, a place of origin such as 郴州选手) give null.
When the recipient has none, a single level stated earlier in the sentence is used
(认定市级工作室5个，对认定的工作室给予…); who pays (市级财政) is no level of the grant.

``per`` is chosen in ``grant_amounts.per_of``: ``/X`` after the amount, else a person measure
(每人每月 → 人, 每人次 → 人次, 名/生 → 人), else a time measure after an entity one
(单个企业每年最高 → 年), else the first.

The span of a record is its amount expression (``70万元``, ``最高不超过500万元/个``, ``1:0.5``,
``50%``); the other fields carry the rest. Flattened rate tables (a caption ``（单位：元/人）``
and rows ``初级工 1000 800``) are read by extractors/subsidy_table.py.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from policyintel.extractors.grant_amounts import (
    form_after,
    is_asked,
    is_grant_amount,
    is_standard,
    lexicon,
    per_of,
)
from policyintel.extractors.grant_recipients import (
    clause_start,
    listed_before,
    paired_recipients,
    recipient_span,
)
from policyintel.extractors.records import Subsidy
from policyintel.extractors.registry import extractor
from policyintel.extractors.sentence_tense import (
    FUTURE,
    PAST,
    TenseMap,
    classify_sentence,
    tense_map,
)
from policyintel.extractors.soft_breaks import joined_view
from policyintel.extractors.subsidy_table import table_grants
from policyintel.ingest.document import Document
from policyintel.nlp import levels
from policyintel.nlp.numbers import Quantity, find_quantities

_MARKERS = re.compile(r"[元%％‰:：∶]|[0-9]/[0-9]|分之|百分点")
# A new grant unit starts at ，对… and at ；…的， (奖励30万元；重新认定的，给予10万元).
_UNIT_BREAK = re.compile(r"[，,；;](?=\s*对(?!接|口|标|照|外|象|应|比|策|待|称|话))"
                         r"|[；;](?=[^，,；;。]{2,40}的[，,])")
_RATIO = re.compile(r"(?<![0-9.:：∶])([0-9]+(?:\.[0-9]+)?)[ ]?[:：∶][ ]?([0-9]+(?:\.[0-9]+)?)"
                    r"((?:[:：∶][0-9]+(?:\.[0-9]+)?)*)")
# 累计 reports a total, except before a cap (年度累计最高不超过…, 累计补贴金额不超过…: a cap on a total).
_PAST = re.compile(r"减免|(?:获得|获|争取)了?(?:上级|中央)|争取(?:到)?(?:国家|省级?)|累计(?![^，,；;。]{0,8}?(?:最高|不超过|不高于|不得超过|上限|封顶|以内|为限))|截至|共计|共为|共发放|共兑现|已(?:经)?(?:发放|兑现|拨付|下达|落实|争取|给予|"
                   r"奖励|补助|补贴|支持)|发放了|兑现了|争取到|获得了")
_MONEY_ONLY_MAG = ("万", "亿", "千")
_PAYER = re.compile(r"(?:国家|自治区|自治州|省|市|州|盟|县|旗|区)级?财政")
_CLAUSE_END = re.compile(r"[，,；;。]")
_BRACKETED = re.compile(r"[（(][^（）()]*[)）]")
_LIST_GAP = re.compile(r"(?:/[\u4e00-\u9fff]{1,2})?、[^，,；;。：:、]{0,12}")
# What introduces a grant ratio: 按投资额的50%, 给予实际支付利息50%的贴息, 补贴比例为50%,
# 奖励金额为投资额的10%, 补贴比例提高到70% (a raised ratio is the ratio now in force).
_RATIO_BASE = re.compile(r"按照?|给予|(?:补助|补贴|奖励|奖补|贴息|资助|返还)?(?:金额|额度|数额)为"
                         r"|(?:补助|补贴|奖励|奖补|贴息|资助|返还)(?:的)?(?:比例|标准)?"
                         r"(?:为|(?:由[^，,；;。]{0,12}?)?(?:提高|提升|上调|调整)(?:到|至|为))")
# A raise of a grant standard: by a share (上浮20%) or to a share of a base (提高至…的80%).
_RAISE = re.compile(r"(?:提高|提升|上调|调整|调高)(?:到|至|为)|(?P<by>上浮|上调|提高|增加)")
# 补贴标准按照最低工资标准的70%执行: the grant's standard is the percentage.
_STANDARD_OF = re.compile(r"(?:补助|补贴|奖励|奖补|资助|津贴)(?:的)?(?:标准|比例)")
_OPENS_GRANT = re.compile(r"\s*(?:再|可|均|并)?(?:给予|予以|奖励|补助|补贴|奖补|资助)")
# Two levels of government before a ratio split the cost between them (市县按6:4, 省、市两级财政按…,
# 中央、省、市1:1:1): who pays, not a matching grant.
_SPLIT_PAYERS = re.compile(r"(?:两级|三级|各级|市县|县市|省市|市区|区县|县区|州县|盟旗"
                           r"|[省市州县区](?:级)?(?:、|和|与|及)[市州县区](?:（[^）]{0,6}）)?(?:级)?"
                           r"|中央(?:、|和)省)")
# Between 按 and a percentage these make it a growth rate or a threshold, not a grant ratio.
_GROWTH = re.compile(r"增长|增幅|增速|提高|下降|降低|达到|(?<!不)超过|占比|比例达")


@dataclass(frozen=True, slots=True)
class _Slot:
    """One amount or ratio to record, before recipient and level are paired."""

    start: int
    end: int
    amount: float | None = None
    ratio: float | None = None
    is_cap: bool = False
    per: str | None = None
    form: str | None = None
    label: str = ""
    is_percent: bool = False
    recipient: str | None = None
    level: str | None = None
    confidence: float = 0.9


# ------------------------------------------------------------------ units and recipients
def _grant_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [m.start() for m in _UNIT_BREAK.finditer(text, start, end)]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


# ------------------------------------------------------------------ amounts and ratios
def _ratios(text: str, start: int, end: int) -> list[tuple[int, int, float]]:
    """Matching ratios (start, end, second/first); glued runs such as 1:11:0.5 are split."""
    out = []
    for m in _RATIO.finditer(text, start, end):
        a, b, rest = m.group(1), m.group(2), m.group(3)
        if len(a) == 2 and len(b) == 2 and not rest:
            continue  # 09:39, a time of day
        pieces = [m.group(1), m.group(2), *re.findall(r"[0-9.]+", rest)]
        pos = m.start()
        left = pieces[0]
        for i, right in enumerate(pieces[1:], 1):
            last = i == len(pieces) - 1
            if not last:
                if len(right) < 2 or "." in right:
                    break
                right, carry = right[:-1], right[-1]
            span_end = text.find(right, pos + len(left)) + len(right)
            if float(left):
                out.append((pos, span_end, float(right) / float(left)))
            if not last:
                pos, left = span_end, carry
    return out


def _money_slots(text: str, qs: list[Quantity], lo: int, hi: int, rec: tuple[int, int] | None,
                 cap_context: bool, ratio_ends: list[int]) -> list[_Slot]:
    lex = lexicon()
    slots: list[_Slot] = []
    next_grant = -1  # start of the grant amount after the one being read (reverse pass)
    for q in reversed(qs):
        if not lo <= q.start < hi or q.is_scale:
            continue
        bare_mag = (not q.is_money and q.raw_unit in _MONEY_ONLY_MAG and q.comparator == "<="
                    and (q.end >= len(text) or not ("\u4e00" <= text[q.end] <= "\u9fff")))
        if not (q.is_money or bare_mag):
            continue
        if rec and rec[0] <= q.start < rec[1]:
            continue  # a condition inside the recipient phrase
        if any(m.start() < q.start for m in _PAST.finditer(text, lo, hi)):
            continue
        # An item of a list whose next item is a grant is one too (新建入统20万元、小升规15万元给予奖励).
        listed = next_grant > q.end and _LIST_GAP.fullmatch(text, q.end, next_grant) is not None
        if not listed and not is_grant_amount(
                text, q, lo, hi, cap_context and q.comparator == "<=", ratio_ends,
                rec[1] if rec else None):
            continue
        next_grant = q.start
        c0 = max(clause_start(text, lo, q.start), rec[1] if rec else lo)
        lead_in = text[c0:q.start]
        # A range (5万元至10万元) is granted up to its upper end: a cap at that end.
        # a cap word inside brackets bounds something else (所带徒弟（不超过3人）每人每月500元)
        is_cap = (q.comparator == "<=" or lex.cap.search(_BRACKETED.sub("", lead_in)) is not None
                  or (q.low is not None and q.low != q.high))
        per = per_of(q, lead_in, text[rec[0]:rec[1]] if rec else None)
        label = re.split(r"分别|给予|给|为|按照?|、", lead_in)[-1]
        label = lex.per.sub("", lex.cap.sub("", label)).strip()
        slots.append(_Slot(q.start, q.end, amount=q.value, is_cap=is_cap, per=per, label=label))
    return slots[::-1]


def _raised_ratio(text: str, c0: int, q: Quantity, sent_lo: int) -> bool:
    """A grant standard raised by or to a share: ``补贴标准上浮20%`` (ratio 0.2 as written,
    held-out ruling 6), ``对脱贫劳动力提高至最低工资标准的80%`` (0.8). The sentence before it
    must name a grant (补贴, 补助, 奖励 …); ``提高至`` needs a base (…的80%), so a rate raised to
    a level (就业率提高到95%) is none."""
    m = None
    for m in _RAISE.finditer(text, c0, q.start):
        pass
    if m is None or not lexicon().grant.search(text, sent_lo, m.start()):
        return False
    between = text[m.end():q.start]
    if m.group("by"):
        return not between.strip()
    return between.endswith("的") and not _GROWTH.search(between)


def _ratio_slots(text: str, qs: list[Quantity], lo: int, hi: int, sent_lo: int) -> list[_Slot]:
    lex = lexicon()
    slots = []
    for q in qs:
        fraction = q.kind == "fraction"  # 按实际缴费额的2/3, 三分之二
        points = q.kind == "percent" and q.unit in ("个百分点", "百分点")
        if not lo <= q.start < hi or not (fraction or points
                                          or q.kind == "percent" and q.unit in ("%", "‰")):
            continue
        c0 = clause_start(text, lo, q.start)
        raised = _raised_ratio(text, c0, q, sent_lo)
        if points and not raised:
            continue  # 上浮10个百分点 raises a grant standard; other points are rate changes
        bases = list(_RATIO_BASE.finditer(text, c0, q.start))
        if not raised and (not bases or _GROWTH.search(text, bases[-1].end(), q.start)):
            continue
        # the granting word after the ratio belongs to its clause (…的80%支付生活费，政府给予60%的
        # 补贴: the 给予 of the next clause grants the 60%, not the 80% a firm pays)
        # (按…投资额的5%，给予单个项目…: a next clause that opens with the verb continues it)
        clause_end = _CLAUSE_END.search(text, q.end, hi)
        granted = raised or lex.grant.search(bases[-1].group()) \
            or lex.grant.search(text, q.end, clause_end.start() if clause_end else hi) \
            or clause_end is not None and _OPENS_GRANT.match(text, clause_end.end()) \
            or lex.cap.match(text, q.end) or _STANDARD_OF.search(text, c0, bases[-1].start())
        if not granted or lex.share.match(text, q.end):
            continue
        value = q.value if fraction else q.value / (1000 if q.unit == "‰" else 100)  # points: N/100
        is_cap = bool(bases) and lex.cap.search(text, bases[-1].end(), q.start) is not None  # 按不超过…的20%
        slots.append(_Slot(q.start, q.end, ratio=value, is_percent=True, is_cap=is_cap))
    for s, e, value in _ratios(text, lo, hi):
        if lex.share.match(text, e) or _SPLIT_PAYERS.search(text, clause_start(text, lo, s), s):
            continue  # 由市、区两级财政按1:1比例分担, 市县按6:4给予补助: who pays, not a matching grant
        before = lex.grant.search(text, lo, s)
        after = lex.forms.search(text, e, hi)
        if before or after:
            c0 = max(clause_start(text, lo, s), text.rfind("、", lo, s) + 1)
            label = re.split(r"分别|给予|给", text[c0:s])[-1].strip()
            slots.append(_Slot(s, e, ratio=value, label=label))
    return slots


def _form(text: str, slot: _Slot, lo: int, hi: int, rec_end: int) -> str | None:
    lex = lexicon()
    near = form_after(text, slot.end, hi)
    if near:
        return near.group("form")
    # the form the last 给予 before the amount names (给予企业实际支出50%的补贴（最高500元/人）)
    gives = list(re.finditer(r"给予?", text[rec_end:slot.start]))
    if gives:
        m = lex.forms.search(text, rec_end + gives[-1].end(), slot.start)
        if m:
            return m.group()
    m = lex.forms.search(text, slot.end, hi)
    if m:
        return m.group()
    found = list(lex.forms.finditer(text, rec_end, slot.start))
    return found[-1].group() if found else None


# ------------------------------------------------------------------ one grant unit
def _unit_slots(text: str, lo: int, hi: int, qs: list[Quantity], cap_context: bool,
                inherited: str | None, sent_lo: int) -> tuple[list[_Slot], str | None]:
    amounts_at = [q.start for q in qs if lo <= q.start < hi] + [s for s, _, _ in _ratios(text, lo, hi)]
    if not amounts_at:
        return [], inherited
    rec = recipient_span(text, lo, hi, min(amounts_at))
    recipient = text[rec[0]:rec[1]] if rec else None
    if recipient and recipient.startswith("其"):
        recipient = inherited
    ratios = _ratio_slots(text, qs, lo, hi, sent_lo)
    money = _money_slots(text, qs, lo, hi, rec, cap_context, [r.end for r in ratios])
    money, ratios = _caps_take_ratios(text, money, ratios)
    slots = sorted(money + ratios, key=lambda s: s.start)
    rec_end = rec[1] if rec else lo
    slots = [replace(s, form=_form(text, s, lo, hi, rec_end)) for s in slots]
    slots = _pair(text, slots, recipient, lo, hi)
    if slots and all(sl.level is None for sl in slots):
        # 认定市级技能大师工作室5个，对认定的工作室给予10万元: the level stated earlier in the
        # sentence, when it is the only one; who pays (市级财政) is no level of the grant. Only
        # the sentence: reaching back across ；/。 attaches levels of other grants.
        context = _PAYER.sub("", text[sent_lo:slots[0].start])
        level = levels.level_of(context)
        if level:
            slots = [replace(sl, level=level) for sl in slots]
    return slots, recipient or inherited


def _caps_take_ratios(text: str, money: list[_Slot], ratios: list[_Slot],
                      ) -> tuple[list[_Slot], list[_Slot]]:
    """A cap after a grant ratio bounds that grant (按…50%给予补助，单个基地补助总额不超过100万元;
    实际支出50%的补贴（本科最高1000元/人/月、大专最高750元/人/月）; 按1:1给予配套，最高不超过300万元):
    each cap takes the nearest percentage or matching ratio before it in its grant unit, unless a fixed amount or a ；comes between; a ratio
    that a cap took is no record of its own."""
    percents = ratios  # percentages and matching ratios (按1:1给予配套，最高不超过300万元) alike
    if not percents:
        return money, ratios
    taken: set[int] = set()
    out = []
    for m in money:
        before = [r for r in percents if r.end <= m.start]
        if m.is_cap and before:
            r = before[-1]
            between_fixed = any(not o.is_cap and r.end <= o.start < m.start for o in money)
            if not between_fixed and not re.search(r"[。；;]", text[r.end:m.start]):
                taken.add(r.start)
                m = replace(m, ratio=r.ratio)
        out.append(m)
    return out, [r for r in ratios if r.start not in taken]


def _pair(text: str, slots: list[_Slot], recipient: str | None, lo: int, hi: int) -> list[_Slot]:
    lex = lexicon()
    n = len(slots)
    labelled = n >= 2 and all(s.label for s in slots)
    pairs = None
    each = text.find("分别", lo, hi)
    shared = each >= 0 and bool(recipient) and listed_before(text, lo, each, recipient or "", n)
    if n >= 2 and recipient and each >= 0 and not shared:
        pairs = paired_recipients(recipient, n)
    out = []
    for i, s in enumerate(slots):
        rcpt, level, conf = recipient, levels.level_of(recipient), s.confidence
        if pairs:
            rcpt, level = pairs[i]
        elif n >= 2 and each >= 0 and not labelled and recipient and not shared:
            conf = 0.7
        if labelled or (s.label and levels.level_rx().fullmatch(s.label)):
            label_level = levels.level_of(s.label) or levels.level_word(s.label)
            if label_level:
                level = label_level
            elif s.label.endswith(lex.heads) and not lex.forms.search(s.label):
                rcpt = recipient + s.label if recipient and recipient.endswith("的") else s.label
        out.append(replace(s, recipient=rcpt, level=level, confidence=conf))
    return out


def _reported(text: str, start: int, end: int, pos: int, tmap: TenseMap) -> bool:
    """In a reply, is the amount ending at ``pos`` reported as paid (2022年…兑现, 累计, 已)?

    The tense comes from the sentence up to the end of the amount's own clause, so a standing
    rule (对新认定的基地，市级财政给予50万元配套补助) stays a grant when a later clause of the
    same sentence reports its use (…，2024年共有2家企业获得该项补助)."""
    m = _CLAUSE_END.search(text, pos, end)
    clause_end = m.start() if m else end
    return classify_sentence(text[start:clause_end], FUTURE, tmap.doc_year) == PAST


@extractor("subsidy")
def extract(doc: Document) -> Iterator[Subsidy]:
    """One Subsidy per granted or capped amount and per grant ratio (see module docstring)."""
    view = joined_view(doc)  # sentences a page break cut are read whole (生活补|贴)
    text = view.text
    lex = lexicon()
    sentences = view.sentences
    last_grant_end = -1
    last_form: str | None = None
    tmap: TenseMap | None = None
    for start, end in sentences:
        if not _MARKERS.search(text, start, end) or not lex.grant.search(text, start, end) and \
                not lex.cap.search(text, start, end) and not lex.disburse.search(text, start, end):
            continue
        # A cap with no granting word of its own (以上两项…最高不超过800万元) continues the grant
        # of the sentence before it on the same line.
        cap_context = last_grant_end >= 0 and "\n" not in text[last_grant_end:start]
        if tmap is None:
            tmap = tense_map(doc)
        if lex.private.search(text, start, end):
            continue  # 所需资金由企业承担: not public money (held-out judgement call 2)
        reply = tmap.default == PAST
        qs = find_quantities(text, start, end)
        inherited: str | None = None
        found = False
        for lo, hi in _grant_units(text, start, end):
            slots, inherited = _unit_slots(text, lo, hi, qs, cap_context, inherited, start)
            for s in slots:
                if reply and _reported(text, start, end, s.end, tmap) \
                        and not is_standard(text, lo, s.start, s.end, s.per):
                    continue
                if is_asked(text, start, end, s.start, s.end):
                    continue
                found = True
                form = s.form or (last_form if cap_context else None)
                last_form = form or last_form
                yield doc.record(
                    Subsidy, *view.span(s.start, s.end), recipient=s.recipient, level=s.level,
                    amount_yuan=s.amount, is_cap=s.is_cap, ratio=s.ratio, per=s.per,
                    form=form, confidence=s.confidence)
        if found:
            last_grant_end = end
    yield from table_grants(doc)  # rate tables: one record per money cell
