"""Quantities in their sentences: what each counts (metric, scope), its year, and whether it is a
goal or result at all (not a grant, a threshold, a basis or a label).

Shared by the target and achievement extractors. Works only on sentences that contain a numeral,
with the compiled regexes of ``nlp.numbers``; no segmentation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from policyintel.extractors.quantity_context import (
    area_breakdown,
    in_ask,
    not_a_count,
    proposer_asks,
    share_list,
)
from policyintel.extractors.quantity_scope import pair_respectively, scope_of
from policyintel.extractors.sentence_tense import is_reply
from policyintel.ingest.document import Document, Sentence
from policyintel.nlp.numbers import Quantity, find_quantities
from policyintel.nlp.quantity_vocab import alternation, read_tsv, vocab

_HAS_NUMERAL = re.compile(r"[0-9０-９〇一二两三四五六七八九十百千万亿]")
_CLAUSE_STOP = "，,；;：:。、（(）)\n！？!?"
_CONNECTORS = "和及与、或以"
_YEAR = re.compile(r"(?<![0-9〔\[])((?:19|20)[0-9]{2})[ ]?年(?!代)")
_TIME_PHRASE = re.compile(
    r"^(?:(?:到|至|于|在|截至|截止|力争到|争取到)?[ ]?(?:19|20)[0-9]{2}[ ]?年"
    r"(?:[ ]?[0-9]{1,2}[ ]?月)?(?:底|末|前|以前|年底前|以来|上半年|下半年)?"
    r"|今年(?:上半年|下半年|以来)?|[0-9]{1,2}[-—~至][0-9]{1,2}月|近[一二三四五六七八九十]年|目前)")


@dataclass(frozen=True, slots=True)
class Words:
    lead: tuple[str, ...]
    scope: tuple[str, ...]
    link: tuple[str, ...]
    stop: tuple[str, ...]
    grant: tuple[str, ...]
    basis: tuple[str, ...]
    marks: tuple[str, ...]
    verbs: tuple[str, ...]
    cut: re.Pattern[str]
    recur: re.Pattern[str]
    industries: tuple[str, ...]
    yearly: re.Pattern[str]
    limit: tuple[str, ...]
    param: tuple[str, ...]
    spend: tuple[str, ...]
    budget: tuple[str, ...]
    wider: tuple[str, ...]
    own: tuple[str, ...]
    holder: tuple[str, ...]
    rank: tuple[str, ...]
    shortage: tuple[str, ...]
    frequency: tuple[str, ...]
    usage: tuple[str, ...]
    structure: tuple[str, ...]
    size: tuple[str, ...]


@cache
def words() -> Words:
    by: dict[str, list[str]] = {}
    for row in read_tsv("metric_words.tsv"):
        by.setdefault(row["role"], []).append(row["word"])
    longest = lambda role: tuple(sorted(by.get(role, []), key=len, reverse=True))
    industries = tuple(sorted((r["word"] for r in read_tsv("scope_words.tsv")
                               if r["kind"] == "industry"), key=len, reverse=True))
    return Words(longest("lead"), longest("scope"), longest("link"),
                 longest("stop") + longest("own") + longest("label"),
                 longest("grant"), longest("basis"), longest("mark"),
                 longest("verb") + longest("lead"),
                 re.compile(alternation(by.get("cut", []))),
                 re.compile(alternation(by.get("recur", []))), industries,
                 re.compile(r"(?<![0-9一二两三四五六七八九十今当全上下本明去前后近同每历半])年(?:均)?(?:"
                            + alternation(by.get("yearly", [])) + ")"),
                 longest("limit"), longest("param"), longest("spend"), longest("budget"),
                 longest("wider"), longest("own"), longest("holder"), longest("rank"),
                 longest("shortage"), longest("frequency"), longest("usage"),
                 longest("structure"), longest("size"))


@dataclass(frozen=True, slots=True)
class Mention:
    """A quantity in its sentence, with what it counts."""

    q: Quantity
    sentence: Sentence
    metric: str | None
    scope: str | None
    recurring: bool
    stock: bool = False  # stated as existing (在现有…2个基地基础上): a result, never a goal


def numeral_sentences(doc: Document) -> Iterator[Sentence]:
    """Sentences of ``doc`` that contain a numeral (the only ones worth a look)."""
    for s in doc.sentences:
        if _HAS_NUMERAL.search(s.text):
            yield s


def _clause_start(text: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and text[i - 1] not in _CLAUSE_STOP:
        i -= 1
    return i


def _clause_end(text: str, pos: int, ceiling: int) -> int:
    i = pos
    while i < ceiling and text[i] not in _CLAUSE_STOP:
        i += 1
    return i


def _strip_front(s: str, w: Words) -> tuple[str, str | None]:
    """Strip time phrases, lead verbs, scope words from the front; return (rest, scope word)."""
    scope = None
    changed = True
    while changed and s:
        changed = False
        s = s.lstrip(" \u3000“”\"'《》·")
        m = _TIME_PHRASE.match(s) or w.recur.match(s)
        if m and m.end():
            s, changed = s[m.end():], True
            continue
        for word in w.lead + w.scope:
            if s.startswith(word):
                s, changed = s[len(word):], True
                break
    return s, scope


def _strip_back(s: str, w: Words) -> str:
    changed = True
    while changed and s:
        changed = False
        s = s.rstrip(" \u3000“”\"'")
        for word in w.link + ("的", "了"):
            if s.endswith(word) and len(s) > len(word):
                s, changed = s[: -len(word)], True
                break
    return s


def _split_scope(metric: str, w: Words) -> tuple[str, str | None]:
    """制造业…服务业技能人才培训 → (技能人才培训, 制造业…服务业): an industry word ends the scope."""
    best = -1
    for word in w.industries:
        i = metric.rfind(word)
        if i >= 0 and i + len(word) > best:
            best = i + len(word)
    if 0 < best <= len(metric) - 2:
        return metric[best:], metric[:best]
    return metric, None


def _enumeration_end(s: str) -> int:
    """End of the last 等 that closes an enumeration (A、B等), not the 等 of 一等奖; 0 if none."""
    for m in reversed(list(re.finditer("等", s))):
        if m.start() == 0 or s[m.start() - 1] not in "一二三四五六七八九十同":
            return m.end()
    return 0


def _tidy(metric: str) -> str | None:
    opened, closed = metric.rfind("“"), metric.rfind("”")
    if closed > opened and metric.count("“") < metric.count("”"):
        metric = metric[closed + 1:]  # 3+3+N”现代产业…: an unbalanced quote cut by the clause
    elif opened > closed:
        metric = metric[:opened] + metric[opened + 1:]
    enum = _enumeration_end(metric[:-1])
    if enum:
        metric = metric[enum:]
    if "的" in metric[:-2]:
        metric = metric[metric.rfind("的") + 1:]
    metric = metric.strip(" \u3000“”\"'的")
    return metric if len(metric) >= 2 and re.search(r"[\u4e00-\u9fff]", metric) else None


def describe(text: str, q: Quantity, floor: int, ceiling: int,
             prev_end: int) -> tuple[str | None, str | None, bool]:
    """(metric, scope, recurring) of ``q`` in ``text``; ``floor``/``ceiling`` bound its sentence."""
    w = words()
    start = _clause_start(text, q.start, max(floor, prev_end))
    before_raw = text[start:q.start]
    # a rate recurs only with its own clause's 每年; a count with any before it in the sentence
    span_from = start if q.kind == "percent" else floor
    recurring = bool(w.recur.search(text[span_from:q.start])
                     or _EVERY_N_YEARS.search(text, span_from, q.start)
                     or w.yearly.search(text, span_from, q.start))
    if recurring and _TOTAL_OVER.search(text, start, q.start) \
            and not _EVERY_N_YEARS.search(text, span_from, q.start):
        recurring = False  # 每年培训3万人次，三年累计培训9万人次: the total is not yearly
    for mark in w.marks:
        i = before_raw.rfind(mark)
        if i >= 0:
            before_raw = before_raw[i + len(mark):]
    before, scope = _strip_front(before_raw, w)
    before = _strip_back(before, w)
    if before and before[-1] in _CONNECTORS and prev_end > floor:
        before = ""  # 8个特色专业和|2个…: the tail of the previous quantity's noun phrase
    verb_object = _enumeration_end(before) == len(before) > 0 or any(before.endswith(v) for v in w.verbs)
    metric: str | None = None
    if before and not verb_object:
        metric, scope = _split_scope(before, w)
        metric = _tidy(metric)
    if metric is None:
        end = _clause_end(text, q.end, ceiling)
        after = text[q.end:end].lstrip("的 ")
        cut = w.cut.search(after)
        if cut:
            after = after[: cut.start()]
        for mark in w.marks + ("已",):
            if mark in after:
                after = after[: after.index(mark)]
        digit = re.search(r"[0-9０-９]", after)
        if digit:
            after = after[: digit.start()]
        nxt = re.search(r"[和及与][0-9０-９一二两三四五六七八九十]", after)
        if nxt:
            after = after[: nxt.start()]
        metric = _tidy(after)
    if metric is None and before and verb_object:
        for v in w.verbs:
            if before.endswith(v):
                before = before[: -len(v)]
                break
        metric = _tidy(before[:-1] if _enumeration_end(before) == len(before) else before)
    return metric, scope, recurring


_GRANT_VERB = re.compile(r"给予|予以|发放|兑现")
_CLASSIFIERS = frozenset({"个", "家", "所", "项", "处", "座", "批", "支", "类", "种"})
_EVERY_N_YEARS = re.compile(r"每[ ]?[0-9一二两三四五]+[ ]?年")
_TOTAL_OVER = re.compile(r"累计|总计|合计|[0-9一二两三四五六七八九十]年(?:内|共|间|来|累计)?(?:共|累计|总)")
_NOUN_THEN = re.compile(r"[\u4e00-\u9fff“”]{1,10}?(?:的|中(?![心国级小型等职高专部医]))")
_AND = re.compile(r"[和及与]")
_PER_EACH = re.compile(r"每(?!年|月|季|半年|届|期|[0-9一二两三四五六七八九十])[\u4e00-\u9fff]{1,3}$")
_NOT_GRANT = re.compile(r"补贴性|补助性|奖补资金使用")
_TIMES_UNITS = frozenset({"次", "学时", "课时"})
_CONDITION_TAIL = re.compile(r"[）)]?(?:[（(][^（）()\n]{0,30}[）)])?的")
_CONTRACT = re.compile(r"[^，,。；;]{0,6}合同")
_GRANT_SHARE = re.compile(r"的?[^，,。；;\d]{0,6}(?:补贴|补助|奖励|资助|奖补)")


def _apposition(text: str, q: Quantity, floor: int) -> bool:
    """A count restating the list before it inside a description (教育和产业两个体系的…,
    在A、B、C、D、E等5个产业集群中…): as many items as the count, and the noun it counts is
    followed by 的 or 中 — the list is described, nothing is committed or reported."""
    if q.kind != "count":
        return False
    tail = _NOUN_THEN.match(text, q.end)
    if tail is None:
        return False
    i = q.start
    while i > floor and text[i - 1] not in "，,；;。：:\n（(":
        i -= 1
    n = 0
    for part in reversed(text[i:q.start].removesuffix("等").split("、")):
        n += 1 + len(_AND.findall(part))  # 教育和产业 is two items
        if len(part) > 15 or any(c in part for c in "等的在"):
            break  # the first item, with the words that lead into the list
    return n >= 2 and n == q.value


def is_stock(text: str, q: Quantity, floor: int, ceiling: int) -> bool:
    """A count stated as the existing base (在现有化工行业2个基地基础上, 现有…N家): a stock, which
    the guidelines count as a result reached. Money and rates after 按/现有 stay a basis."""
    if q.kind != "count":
        return False
    before = text[_clause_start(text, q.start, floor):q.start]
    if before.rstrip(" \u3000").endswith(("共", "共有")) and not _AHEAD.search(before):
        return True  # 全市规上工业企业共1260家: a total that exists
    return "现有" in before or "基础上" in text[q.end:_clause_end(text, q.end, ceiling) + 1]


def _has_grant(s: str, w: Words) -> bool:
    """Whether ``s`` speaks of a grant (给予…补贴); 补贴性培训 (subsidised training) does not."""
    s = _NOT_GRANT.sub("", s)
    return any(g in s for g in w.grant)


def _under_dui(text: str, floor: int, pos: int) -> bool:
    """True when ``pos`` sits in the 对…的 phrase of a grant rule (对…超过1000万元的企业，给予…):
    a 对 before it and no granting verb between (…给予50万元，2024年共有2家企业获得 is not)."""
    i = text.rfind("对", floor, pos)
    return i >= 0 and not _GRANT_VERB.search(text, i, pos)


def _is_money_kept(before: str, w: Words) -> bool:
    """Money that is not a grant although grant words stand near it: a budget commitment
    (市财政每年安排不少于800万元) or money paid out (发放职业技能提升补贴386万元)."""
    if "给予" in before:
        return False
    return any(b in before for b in w.budget) or any(v in before for v in w.spend)


def _is_limit(text: str, q: Quantity, before: str, sentence: str, w: Words) -> bool:
    """A duration or a number of times that is a limit or a condition of a policy
    (补贴期限最长不超过2年, 每人每年最多享受3次, 签订2年以上劳动合同, 每期不少于40学时)."""
    if q.kind != "duration" and q.unit not in _TIMES_UNITS:
        return False
    return (any(word in before for word in w.limit) or _has_grant(sentence, w)
            or bool(_CONTRACT.match(text, q.end)))


def _is_condition(text: str, q: Quantity, floor: int, ceiling: int, next_start: int | None,
                  w: Words) -> bool:
    """A quantity closing a 的-phrase that says who qualifies (年培训500人次以上的企业,
    …1000人次以上的，再给予…, 职工100人以下的企业), or an attribute of a later count
    (年营业收入1000万元以上的企业30家)."""
    tail = _CONDITION_TAIL.match(text, q.end)
    if tail is None:
        return False
    if _under_dui(text, floor, q.start) or q.comparator in ("<=", "<"):
        return True
    if text[tail.end():tail.end() + 1] in ("，", ","):
        return True  # …1000人次以上的，再给予 / …的，可申请: a 的-clause naming who qualifies
    if q.unit not in _CLASSIFIERS:
        phrase = text[tail.end():_clause_end(text, tail.end(), ceiling)]
        if len(phrase) <= 16 and phrase.endswith(w.holder):
            return True  # 带动就业超过5000人的民营企业: a size of the holder, not a count of them
    end_next = _clause_end(text, _clause_end(text, tail.end(), ceiling) + 1, ceiling)
    if _has_grant(text[tail.end():end_next], w):
        return True
    return next_start is not None and next_start < _clause_end(text, tail.end(), ceiling)


_AHEAD = re.compile(r"力争|争取|确保|计划|将|到20[0-9]{2}|预计|新增|培训|建成|完成")


def is_excluded(text: str, q: Quantity, floor: int, ceiling: int,
                next_start: int | None = None, prev: Quantity | None = None) -> bool:
    """A grant, a threshold (对…超过1000万元的企业), a basis (按…的50%), a label, a policy
    limit or parameter, or a count of a text's own parts."""
    w = words()
    if q.is_scale or q.kind in ("ratio", "fraction", "number", "age"):
        return True
    clause_start = _clause_start(text, q.start, floor)
    before = text[clause_start:q.start]
    sentence = text[floor:ceiling]
    if text[max(floor, q.start - 1):q.start] == "含":
        return True
    if (any(b in before for b in w.basis)
            or "基础上" in text[q.end:_clause_end(text, q.end, ceiling) + 4]) \
            and not is_stock(text, q, floor, ceiling):
        return True  # 按…的50%, 在2022年5000亿元基础上: a basis, not a count
    if any(p in before for p in w.param):
        return True  # 下调失业保险费率1个百分点, 补贴比例提高到70%: a policy parameter
    if not_a_count(text, q, before, w, prev):
        return True
    if q.is_money and not _is_money_kept(before, w) and (
            _has_grant(sentence, w) or q.comparator in ("<=", "<")):
        return True  # a grant or a cap on one: the subsidy extractor's
    if q.kind == "percent" and ("给予" in before or _GRANT_SHARE.match(text, q.end)):
        return True  # 给予实际支出50%的补贴: the grant's ratio
    if _is_limit(text, q, before, sentence, w):
        return True
    if _PER_EACH.search(before) and _has_grant(text[q.end:ceiling], w):
        return True  # 每招收1名博士后给予20万元: the unit a grant is paid per
    if q.comparator in ("<=", "<") and (_has_grant(sentence, w)
                                        or text[clause_start - 1:clause_start] in "（("):
        return True  # a ceiling in a grant rule, or a parenthesised size (不超过20人)
    if _is_condition(text, q, floor, ceiling, next_start, w):
        return True
    grant_after = _has_grant(text[q.end:ceiling], w)
    if grant_after and _under_dui(text, floor, q.start):
        return True  # 对新增销售收入超过1000万元的企业，给予…: a condition of a grant
    if q.per is not None:
        return True
    if _apposition(text, q, floor):
        return True
    if q.unit in ("条", "项") and any(before.endswith(o) for o in w.own):
        return True  # 出台政策措施12条: the text's own clauses
    after = text[q.end:q.end + 6]
    return any(after.startswith((s, "个" + s)) for s in w.stop)


def _wider_scope(text: str, q: Quantity, floor: int, wider: tuple[str, ...]) -> bool:
    """A total about a wider jurisdiction (全国共有10个项目中标, （全省共16个）)."""
    before = text[_clause_start(text, q.start, floor):q.start].lstrip(" \u3000“\"")
    return any(before.startswith(word) for word in wider)


def _wider_words(doc: Document) -> tuple[str, ...]:
    """Jurisdictions wider than the document's own: 全国 and, in a city's text, 全省."""
    w = words()
    text = doc.text
    city = sum(text.count(x) for x in ("全市", "我市", "本市"))
    province = sum(text.count(x) for x in ("全省", "我省", "本省"))
    if province > city:
        return tuple(x for x in w.wider if "省" not in x)
    return w.wider


def mentions(doc: Document, sentence: Sentence) -> list[Mention]:
    """The goal- or result-like quantities of ``sentence`` with their metric and scope."""
    return doc.memo("mentions", _all_mentions).get(sentence.start, [])


def _all_mentions(doc: Document) -> dict[int, list[Mention]]:
    """Mentions of every numeral sentence, by sentence start (computed once, shared by the
    target and achievement extractors)."""
    text = doc.text
    wider = doc.memo("wider_scopes", _wider_words)
    out: dict[int, list[Mention]] = {}
    reply = is_reply(doc)
    for sentence in numeral_sentences(doc):
        prev_end = sentence.start
        found: list[Mention] = []
        qs = find_quantities(text, sentence.start, sentence.end)
        if reply and proposer_asks(text, sentence.start):
            qs = []  # 建议每年新增…: the proposer's ask restated, neither goal nor result
        for i, q in enumerate(qs):
            if reply and in_ask(text, q, sentence.start, _clause_end(text, q.end, sentence.end)):
                continue
            nxt = qs[i + 1].start if i + 1 < len(qs) else None
            if not is_excluded(text, q, sentence.start, sentence.end, nxt, qs[i - 1] if i else None) \
                    and not _wider_scope(text, q, sentence.start, wider):
                metric, scope, recurring = describe(text, q, sentence.start, sentence.end, prev_end)
                if scope is None:
                    clause = _clause_start(text, q.start, max(sentence.start, prev_end))
                    scope = scope_of(text, sentence.start, clause, q.start)
                found.append(Mention(q, sentence, metric, scope, recurring,
                                     is_stock(text, q, sentence.start, sentence.end)))
            prev_end = q.end
        paired = pair_respectively(text, sentence.start, [m.q.start for m in found])
        if paired:
            found = [replace(m, scope=paired.get(m.q.start, m.scope)) for m in found]
        out[sentence.start] = area_breakdown(text, share_list(text, found, sentence.end))
    return out


def years_before(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(offset, year) of year phrases in ``text[start:end]`` outside 《…》 titles, in order."""
    out = []
    for m in _YEAR.finditer(text, start, end):
        left = text[max(start, m.start() - 40):m.start()]
        if left.rfind("《") > left.rfind("》") or left.endswith(("比", "较", "与", "同比")):
            continue  # a title, or the base of a comparison (比2021年增加)
        out.append((m.start(), int(m.group(1))))
    return out


_ITEM = re.compile(r"(?<=[。；;！？!?])[ \u3000]*[一二三四五六七八九十]{1,3}是")


def paragraph_start(text: str, offset: int) -> int:
    """Start of the paragraph of ``offset``, or of its 一是/二是… item when the paragraph lists
    several: a year stated in 一是… does not govern 二是…."""
    start = text.rfind("\n", 0, offset) + 1
    item = None
    for m in _ITEM.finditer(text, start, min(len(text), offset + 6)):
        if m.start() > offset:
            break
        item = m
    return item.start() if item is not None else start


def is_money_unit(unit: str | None) -> bool:
    return unit is not None and vocab().units.get(unit, None) is not None and \
        vocab().units[unit].kind == "money"
