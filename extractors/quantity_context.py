"""Numbers in a goal's or result's sentence that are context, not records, and breakdowns by area.

``not_a_count``: ranks (排名全省第3, 位居前两位), shortages (缺口约1.2万人), reporting frequencies
(每季度报送1次), usage caps (每年最多承担5个班), caps for each unit (每个班不超过50人), the class a
result is counted out of (68家企业中的45家: 68), a threshold on a count just named (3个县完成率
低于40%) and a total a share refers back to (完成目标任务3.2万人次的56.9%). Words are data
(``nlp/data/metric_words.tsv`` roles rank, shortage, frequency, usage).

``area_breakdown``: 其中，A区2万人次、B县1.8万人次 — each area is its quantity's scope.
``in_ask``/``proposer_asks``: in a reply, the proposer's asks (您提出的…建议, 建议每年…).
``share_list``: quantities listed with 、 share the closing comparator and pair with the nouns after.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from policyintel.nlp.gazetteer import leading_place
from policyintel.nlp.numbers import Quantity

if TYPE_CHECKING:
    from policyintel.extractors.quantified import Mention, Words

_CLAUSE_STOP = "，,；;：:。、（(）)\n！？!?"

_PERIOD_EVERY = re.compile(r"每[ ]?(?:[0-9一两二三四五六]+[ ]?)?(?:个)?(?:季度|月|半年|年|周|旬|季|天|日)")
_CLASS_OF = re.compile(r"[\u4e00-\u9fff“”]{0,14}?(?:之中|中)(?:的|有|共有|已有|，|,)"
                       r"[^，,。；;\d一二两三四五六七八九十]{0,6}[0-9一二两三四五六七八九十]")
_RANK_PLACE = frozenset({"位", "名", "强"})
_PER_UNIT_CAP = re.compile(r"[ \u3000]*(?:每个|每名|每位|每家|每所|每期|每班|单个|单家|每)")


def not_a_count(text: str, q: Quantity, before: str, w: Words,
                 prev: Quantity | None) -> bool:
    """Ranks (排名全省第3, 位居前两位), shortages (缺口约1.2万人), reporting frequencies
    (每季度报送1次), usage caps (每年最多承担5个班), the class a result is counted out of
    (68家企业中的45家: 68), a threshold on a count just named (3个县完成率低于40%) and a total
    a share refers back to (完成目标任务3.2万人次的56.9%): context, neither goals nor results."""
    if any(r in before for r in w.rank) or (before.endswith("前") and q.unit in _RANK_PLACE):
        return True
    if any(re.search(re.escape(s) + r"[^的，,。；;]{0,4}$", before) for s in w.shortage):
        return True  # 缺口约1.2万人 (not 缺口较大的20个工种)
    if q.comparator in ("<=", "<") and _PER_UNIT_CAP.match(before):
        return True  # 每个培训班学员不超过50人: a rule for each unit, not a goal
    if q.unit == "次" and _PERIOD_EVERY.search(before):
        return True  # 每季度报送1次, 每年至少开展1次, 每两年举办一次: how often, not how much
    if q.kind == "count" and any(u in before for u in w.usage):
        return True
    if q.kind == "count" and _structure(text, q, w):
        return True  # 四类措施, 12项服务, 两项资金, 八部门: parts of the text, not a count
    if q.comparator in ("<=", "<") and q.unit in w.size:
        return True  # 面积不超过120平方米: a size rule
    if q.unit == "届" and q.num_end - q.num_start == 4 and 1949 <= q.value <= 2100:
        return True  # 2024届高校毕业生: a class year, not a count of sessions
    if _qualifies(text, q, before, w):
        return True  # 吸纳3人以上的企业, 5名以上高校毕业生就业的小微企业, 达到5万人的县区
    if _DOC_NUMBER.match(text, q.end):
        return True  # 十人社函〔2024〕3号: the issuer's abbreviation, not 十人
    if q.kind == "count" and _CLASS_OF.match(text, q.end):
        return True
    if q.comparator in ("<", "<=", ">") and q.kind == "percent" and prev is not None \
            and prev.kind == "count" and not any(c in text[prev.end:q.start] for c in _CLAUSE_STOP):
        return True
    return text.startswith("的", q.end) and bool(_SHARE_AFTER.match(text, q.end + 1))


_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,4}[〔［\[]")
_PERSON_UNITS = frozenset({"人", "名", "人次", "位", "户"})


@cache
def _holder_after(holders: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"[^，,。；;：:0-9]{0,12}?的[^，,。；;：:0-9的]{0,4}?(?:"
                      + "|".join(map(re.escape, holders)) + ")")


def _qualifies(text: str, q: Quantity, before: str, w: Words) -> bool:
    """A size that says which holder qualifies (吸纳3人以上的企业, 参保人数达到5万人的县区):
    a floor in persons or money closing a 的-phrase before a holder noun. Counts in a
    classifier (10个以上的工作室) are counts of the holders, kept."""
    if not (q.comparator in (">=", ">") or before.endswith(("达到", "达"))):
        return False
    if q.unit not in _PERSON_UNITS and q.kind != "money":  # 覆盖80%以上的企业 is a goal
        return False
    return _holder_after(w.holder).match(text, q.end) is not None


_PARTS_OF = re.compile(r"[0-9一二两三四五六七八九十]+[项条]")  # 四类共20项措施
_STRUCTURE_UNITS = frozenset({"类", "项", "条", "部", "个", "方面", "大"})


def _structure(text: str, q: Quantity, w: Words) -> bool:
    """A count whose unit is followed by a structure word (四类|措施, 12项|服务, 八部|门联合)."""
    if q.unit not in _STRUCTURE_UNITS:
        return False
    after = re.split(r"[，,。；;：:、（(]", text[q.end:q.end + 9], maxsplit=1)[0].lstrip(" 共")
    return any(s in after for s in w.structure) or (
        q.unit == "部" and after.startswith("门")) or bool(_PARTS_OF.match(after))


_PROPOSER_ASKS = re.compile(r"[ \u3000]*(?:[一二三四五六七八九十0-9]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）])?"
                            r"[ \u3000]*(?:您|你|贵?代表|委员)?(?:们)?(?:建议|提出|所提|希望)")
_ASKER = re.compile(r"(?:您|你们?|代表|委员)[^，,。；;]{0,3}(?:提出|建议|所提|希望)")
_ASK_NOUN = re.compile(r"建议|意见|提案|设想|诉求")


def in_ask(text: str, q: Quantity, floor: int, clause_end: int) -> bool:
    """A quantity inside the proposer's ask (您提出的每年培训5万人次的建议): an asker before it
    in its sentence and the ask's noun after it in its clause."""
    if not _ASKER.search(text, floor, q.start):
        return False
    return bool(_ASK_NOUN.search(text, q.end, clause_end))


def proposer_asks(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` restates the proposer's ask (建议…, 您提出…)."""
    return _PROPOSER_ASKS.match(text, start) is not None


_SHARE_AFTER = re.compile(r"[0-9]+(?:\.[0-9]+)?[ ]?[%％]")


_AREA_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}(?:区|县|市|旗)")


def area_breakdown(text: str, found: list[Mention]) -> list[Mention]:
    """A breakdown by area (其中，渝水区2万人次、分宜县1.8万人次、仙女湖区1.2万人次): where the
    words before a quantity are only an area's name — a county of the gazetteer, or a name
    ending in 区/县/市 listed with one — the area is its scope and the metric is the total's."""
    out = list(found)
    prev_area = False
    for i, m in enumerate(out):
        name = (m.metric or "").strip()
        place = leading_place(name) if name else None
        listed = prev_area and text[out[i - 1].q.end:m.q.start].strip(" \u3000").endswith(name) \
            and text[out[i - 1].q.end:m.q.start].lstrip(" \u3000")[:1] in "、，,；;"
        is_area = m.scope is None and name != "" and (
            (place is not None and place.level == "county" and place.name == name)
            or (listed and _AREA_NAME.fullmatch(name) is not None))
        if is_area:
            metric = next((p.metric for p in reversed(out[:i]) if p.scope is None), None)
            out[i] = replace(m, scope=name, metric=metric)
        prev_area = is_area
    return out


_POST_COMPARATOR = re.compile(r"以上|以下|以内|之上|及以上")
_NOUN_LIST = re.compile(r"的?([^，,；;。：:（()）\n]{2,60})")


def share_list(text: str, found: list[Mention], ceiling: int) -> list[Mention]:
    """Quantities listed with 、 (分别建成5个、4个以上的A和B) share the last one's comparator
    (以上 closes the list) and, when the nouns after it are as many, take one noun each."""
    out = list(found)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and text[out[j].q.end:out[j + 1].q.start] in ("、", ","):
            j += 1
        if j > i:
            group = out[i:j + 1]
            last = group[-1].q
            post = _POST_COMPARATOR.search(text, last.num_end, last.end)
            nouns = _list_nouns(text, last.end, ceiling)
            for k, m in enumerate(group):
                q = m.q
                if post and q.comparator is None:
                    q = replace(q, comparator=last.comparator)
                metric = nouns[k] if len(nouns) == len(group) else m.metric
                out[i + k] = replace(m, q=q, metric=metric)
        i = j + 1
    return out


def _list_nouns(text: str, pos: int, ceiling: int) -> list[str]:
    """The nouns of an A和B list right after ``pos`` (…4个以上的|A和B), up to the clause end."""
    m = _NOUN_LIST.match(text, pos, ceiling)
    phrase = m.group(1) if m else ""
    return [x for x in re.split(r"[和及与、]", phrase) if x] if len(phrase) >= 2 else []
