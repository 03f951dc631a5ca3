"""Subsidy records: money a public body grants or caps, one record per amount or ratio.

A sentence is read only when it holds an amount or a ratio and a granting word. It is cut into
*grant units* at each ``，对…`` so that ``对A…给予X；对B…给予Y`` pairs each amount with its own
recipient. In a unit:

* the recipient is the phrase after ``对``/``对于`` up to the first comma or granting word; an
  amount inside it is a condition (``对新增销售收入超过1000万元的企业``), never a grant;
* an amount is a grant when a granting verb (data: nlp/data/subsidy_cues.tsv) stands before it
  in its unit with no size or threshold word (规模, 投资, 超过 …) between, or a form
  (nlp/data/subsidy_forms.tsv) follows it; amounts with 以上/超过 are thresholds; money already
  paid or waived (减免, 累计, 已发放) is an achievement and is left to that extractor;
* a percentage is a grant ratio after 按/按照 with a granting word after it (按投资额的50%给予奖补);
  a matching ratio (1:0.5) is one when granting words surround it. Lost separators between
  ratios (``1:11:0.5``) are split so that each ratio starts at the last digit (1:1, 1:0.5);
* a ratio followed by capped amounts (``按…50%给予建设奖补，最高分别不超过500万元/个、300万元/个``)
  governs each cap: one record per cap with the ratio, no separate ratio record;
* ``分别`` lists pair in order: with a run of levels in the recipient (``国家级、省级``) each record
  gets its level and the recipient with that level alone; with a list of recipients of the
  same length (``中华技能大奖、全国技术能手、大国工匠``) each gets its own recipient, written as
  prefix + item + suffix (``新获评全国技术能手的个人``); labelled items (``省级10万元、市级5万元``,
  ``第一完成人单位1:1``) take level or recipient from their label.

``level`` (nlp/data/levels.tsv) comes from an explicit level word (国家级, 省级以上 → 省级); a bare
place word (国家, 省) counts only in a list of levels or right after a recognition verb
(``入选国家“优质中职学校”`` → 国家级); names without a level word (中华技能大奖) give null.

The span of a record is its amount expression (``70万元``, ``最高不超过500万元/个``, ``1:0.5``,
``50%``); the other fields carry the rest.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

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
from policyintel.ingest.document import Document
from policyintel.nlp import levels
from policyintel.nlp.numbers import Quantity, find_quantities
from policyintel.nlp.units import read_table

_MARKERS = re.compile(r"[元%％‰:：∶]")
_UNIT_BREAK = re.compile(r"[，,；;](?=\s*对(?!接|口|标|照|外|象|应|比|策|待|称|话))")
_RATIO = re.compile(r"(?<![0-9.:：∶])([0-9]+(?:\.[0-9]+)?)[ ]?[:：∶][ ]?([0-9]+(?:\.[0-9]+)?)"
                    r"((?:[:：∶][0-9]+(?:\.[0-9]+)?)*)")
_PAST = re.compile(r"减免|累计(?!最高|不超过)|截至|共计|共为|共发放|共兑现|已(?:经)?(?:发放|兑现|拨付|下达|落实|争取|给予|"
                   r"奖励|补助|补贴|支持)|发放了|兑现了|争取到|获得了")
_MONEY_ONLY_MAG = ("万", "亿", "千")
_LIST_GAP = re.compile(r"(?:/[\u4e00-\u9fff]{1,2})?、[^，,；;。：:、]{0,12}")
# What may stand between an amount and its form: 500元标准给予生活补贴, 70万元的一次性奖励.
_BEFORE_FORM = re.compile(r"(?:的)?(?:标准|比例)?(?:给予|发放)?(?:的)?")
# What introduces a grant ratio: 按投资额的50%, 给予实际支付利息50%的贴息, 补贴比例为50%.
_RATIO_BASE = re.compile(r"按照?|给予|(?:补助|补贴|奖励|奖补|贴息|资助)(?:比例|标准)?为")
_GIVE = re.compile(r"给予?")
# Between 按 and a percentage these make it a growth rate or a threshold, not a grant ratio.
_GROWTH = re.compile(r"增长|增幅|增速|提高|下降|降低|达到|超过|占比|比例达")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    forms: re.Pattern[str]
    form_near: re.Pattern[str]
    grant: re.Pattern[str]
    cap: re.Pattern[str]
    condition: re.Pattern[str]
    budget: re.Pattern[str]
    after_condition: re.Pattern[str]
    recognition: re.Pattern[str]
    heads: tuple[str, ...]
    per: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _lexicon() -> _Lexicon:
    cues: dict[str, list[str]] = {}
    for row in read_table("subsidy_cues.tsv"):
        cues.setdefault(row["kind"], []).append(row["term"])
    forms = [row["form"] for row in read_table("subsidy_forms.tsv")]
    per = [row["measure"] for row in read_table("subsidy_per.tsv")]
    return _Lexicon(
        forms=re.compile(f"(?:{_alt(forms)})"),
        # a form as written, with up to six characters of modifier (一次性求职创业补贴)
        form_near=re.compile(f"(?P<form>[\u4e00-\u9fff]{{0,6}}?(?:{_alt(forms)}))"),
        grant=re.compile(f"(?:{_alt(cues['grant'] + forms)})"),
        cap=re.compile(f"(?:{_alt(cues['cap'])})"),
        condition=re.compile(f"(?<!不)(?:{_alt(cues['condition'])})"),
        budget=re.compile(f"(?:{_alt(cues['budget'])})"),
        after_condition=re.compile(f"\\s*(?:{_alt(cues['after_condition'])})"),
        recognition=re.compile(f"(?:{_alt(cues['recognition'])})"),
        heads=tuple(cues["head"]),
        per=re.compile(f"(?:每(?:新增|新招用|招用|吸纳|安置|引进|培养|培训)?[1一]?|单(?=[个户家台所人辆套]))"
                       f"(?P<m>{_alt(per)})"),
    )


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


def _is_grant_amount(text: str, q: Quantity, lo: int, hi: int, after_grant_ok: bool,
                     ratio_ends: list[int]) -> bool:
    lex = _lexicon()
    if q.comparator in (">", ">="):
        return False
    if lex.after_condition.match(text, q.end):
        return False
    c0 = clause_start(text, lo, q.start)
    budget = list(lex.budget.finditer(text, c0, q.start))
    if budget and not _GIVE.search(text, budget[-1].end(), q.start):
        return False
    grants = list(lex.grant.finditer(text, lo, q.start))
    ratio_before = any(e <= q.start for e in ratio_ends)
    if not grants and not _form_after(text, q.end, hi) and not after_grant_ok and not ratio_before:
        return False
    since = max([grants[-1].end() if grants else lo, c0,
                 *(e for e in ratio_ends if e <= q.start)])
    return lex.condition.search(text, since, q.start) is None


def _form_after(text: str, pos: int, hi: int) -> re.Match[str] | None:
    """The form right after an amount (的一次性奖励; 的标准给予一次性求职创业补贴)."""
    p = _BEFORE_FORM.match(text, pos, hi)
    p_end = p.end() if p else pos
    return _lexicon().form_near.match(text, p_end, hi)


def _money_slots(text: str, qs: list[Quantity], lo: int, hi: int, rec: tuple[int, int] | None,
                 cap_context: bool, ratio_ends: list[int]) -> list[_Slot]:
    lex = _lexicon()
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
        if not listed and not _is_grant_amount(
                text, q, lo, hi, cap_context and q.comparator == "<=", ratio_ends):
            continue
        next_grant = q.start
        c0 = max(clause_start(text, lo, q.start), rec[1] if rec else lo)
        lead_in = text[c0:q.start]
        is_cap = q.comparator == "<=" or lex.cap.search(lead_in) is not None
        per = q.per
        if per is None:
            m = lex.per.search(lead_in)
            per = m.group("m") if m else None
        label = re.split(r"分别|给予|给|为|按照?|、", lead_in)[-1]
        label = lex.per.sub("", lex.cap.sub("", label)).strip()
        slots.append(_Slot(q.start, q.end, amount=q.value, is_cap=is_cap, per=per, label=label))
    return slots[::-1]


def _ratio_slots(text: str, qs: list[Quantity], lo: int, hi: int) -> list[_Slot]:
    lex = _lexicon()
    slots = []
    for q in qs:
        if not lo <= q.start < hi or q.kind != "percent" or q.unit not in ("%", "‰"):
            continue
        c0 = clause_start(text, lo, q.start)
        base = _RATIO_BASE.search(text[c0:q.start])
        if not base or _GROWTH.search(text, c0 + base.end(), q.start):
            continue
        if not (lex.grant.search(text, q.end, hi) or lex.cap.match(text, q.end)):
            continue
        value = q.value / (1000 if q.unit == "‰" else 100)
        slots.append(_Slot(q.start, q.end, ratio=value, is_percent=True))
    for s, e, value in _ratios(text, lo, hi):
        before = lex.grant.search(text, lo, s)
        after = lex.forms.search(text, e, hi)
        if before or after:
            c0 = max(clause_start(text, lo, s), text.rfind("、", lo, s) + 1)
            label = re.split(r"分别|给予|给", text[c0:s])[-1].strip()
            slots.append(_Slot(s, e, ratio=value, label=label))
    return slots


def _form(text: str, slot: _Slot, lo: int, hi: int, rec_end: int) -> str | None:
    lex = _lexicon()
    near = _form_after(text, slot.end, hi)
    if near:
        return near.group("form")
    m = lex.forms.search(text, slot.end, hi)
    if m:
        return m.group()
    give = re.compile(r"给予?").search(text, rec_end, slot.start)
    if give:
        m = lex.forms.search(text, give.end(), slot.start)
        if m:
            return m.group()
    found = list(lex.forms.finditer(text, rec_end, slot.start))
    return found[-1].group() if found else None


# ------------------------------------------------------------------ one grant unit
def _unit_slots(text: str, lo: int, hi: int, qs: list[Quantity], cap_context: bool,
                inherited: str | None) -> tuple[list[_Slot], str | None]:
    amounts_at = [q.start for q in qs if lo <= q.start < hi] + [s for s, _, _ in _ratios(text, lo, hi)]
    if not amounts_at:
        return [], inherited
    rec = recipient_span(text, lo, hi, min(amounts_at))
    recipient = text[rec[0]:rec[1]] if rec else None
    if recipient and recipient.startswith("其"):
        recipient = inherited
    ratios = _ratio_slots(text, qs, lo, hi)
    money = _money_slots(text, qs, lo, hi, rec, cap_context, [r.end for r in ratios])
    percents = [r for r in ratios if r.is_percent]
    if len(percents) == 1 and money and all(m.is_cap and m.start > percents[0].start for m in money):
        money = [replace(m, ratio=percents[0].ratio) for m in money]
        ratios = [r for r in ratios if not r.is_percent]
    slots = sorted(money + ratios, key=lambda s: s.start)
    rec_end = rec[1] if rec else lo
    slots = [replace(s, form=_form(text, s, lo, hi, rec_end)) for s in slots]
    slots = _pair(text, slots, recipient, lo, hi)
    return slots, recipient or inherited


def _pair(text: str, slots: list[_Slot], recipient: str | None, lo: int, hi: int) -> list[_Slot]:
    lex = _lexicon()
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


@extractor("subsidy")
def extract(doc: Document) -> Iterator[Subsidy]:
    """One Subsidy per granted or capped amount and per grant ratio (see module docstring)."""
    text = doc.text
    lex = _lexicon()
    sentences = [(s.start, s.end) for s in doc.sentences] or [(0, len(text))]
    last_grant_end = -1
    last_form: str | None = None
    tmap: TenseMap | None = None
    for start, end in sentences:
        if not _MARKERS.search(text, start, end) or not lex.grant.search(text, start, end) and \
                not lex.cap.search(text, start, end):
            continue
        # A cap with no granting word of its own (以上两项…最高不超过800万元) continues the grant
        # of the sentence before it on the same line.
        cap_context = last_grant_end >= 0 and "\n" not in text[last_grant_end:start]
        if tmap is None:
            tmap = tense_map(doc)
        # In a reply, money a sentence reports as done (2022年…兑现, 累计, 已) is an achievement;
        # standing rules it describes (对评选出的人才给予10万元资助) stay grants.
        if tmap.default == PAST and classify_sentence(text[start:end], FUTURE, tmap.doc_year) == PAST:
            continue
        qs = find_quantities(text, start, end)
        inherited: str | None = None
        found = False
        for lo, hi in _grant_units(text, start, end):
            slots, inherited = _unit_slots(text, lo, hi, qs, cap_context, inherited)
            for s in slots:
                found = True
                form = s.form or (last_form if cap_context else None)
                last_form = form or last_form
                yield doc.record(
                    Subsidy, s.start, s.end, recipient=s.recipient, level=s.level,
                    amount_yuan=s.amount, is_cap=s.is_cap, ratio=s.ratio, per=s.per,
                    form=form, confidence=s.confidence)
        if found:
            last_grant_end = end
