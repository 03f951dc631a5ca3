"""Scope of a goal or result: the areas or the industries its sentence allocates it to.

Read from the text before the quantity in its sentence, first found wins:

1. a list of areas that distributes the quantity (``高新区、经开区各建设1个…``,
   ``东港区、岚山区分别完成培训2万人次、1.5万人次``): with 分别 and as many quantities as areas,
   each quantity takes its own area (``pair_respectively``); otherwise the whole list;
2. a distributive area phrase (``各区县至少建成1个…``, ``每个乡镇（街道）…``, ``市本级每年安排…``);
3. a county, district or development zone opening the quantity's clause (``江油市建成…2个``);
4. an industry scope opened by a verb such as 聚焦/围绕/面向 and closed by 等…产业/领域
   (``聚焦能源化工、新材料等领域，建设10个…``).

Words are data (``nlp/data/scope_words.tsv``); counties come from the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policyintel.nlp.gazetteer import leading_place
from policyintel.nlp.quantity_vocab import alternation, read_tsv

_CJK = "\u4e00-\u9fff"


@dataclass(frozen=True, slots=True)
class _Patterns:
    area_list: re.Pattern[str]
    every: re.Pattern[str]
    zone_start: re.Pattern[str]
    industry: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    by: dict[str, list[str]] = {}
    for row in read_tsv("scope_words.tsv"):
        by.setdefault(row["kind"], []).append(row["word"])
    zone = alternation(by["zone"])
    area = rf"(?:[{_CJK}]{{1,8}}?(?:{zone})|[{_CJK}]{{1,4}}?(?:区|县|市|旗))"
    area_list = re.compile(rf"({area}(?:[、和及与]{area})+)"
                           rf"(?:要|应|将|力争|每年|年均|今年|全年|上半年)?(?P<how>各|分别|均)")
    every = re.compile(alternation(by["every"]))
    zone_start = re.compile(rf"[{_CJK}]{{1,8}}?(?:{zone})")
    industry = re.compile(
        rf"(?:{alternation(by['opener'])})([^，,。；;：:]{{2,60}}?等[^，,。；;：:]{{0,8}}?"
        rf"(?:{alternation(by['domain'])}))")
    return _Patterns(area_list, every, zone_start, industry)


@dataclass(frozen=True, slots=True)
class Areas:
    """A list of areas that distributes the quantities after it (A、B各… / A、B分别…)."""

    end: int
    names: tuple[str, ...]
    respectively: bool


_LEAD = re.compile(r"^(?:在|由|对|从|依托|支持|推动|鼓励|其中)")
_BREAK = re.compile(r"[，,；;。：:]")
# a list of named things closed by a comma and then 各 (依托A产业集群、B产业集群，各组建1个…)
_LIST_THEN_EACH = re.compile(rf"((?:[{_CJK}“”]{{2,24}}、)+[{_CJK}“”]{{2,24}})[，,](?:分别|各)")


def distributed_areas(text: str, floor: int, pos: int) -> Areas | None:
    """The last area list before ``pos`` in its clause chain that distributes a quantity
    (A、B各建设1个…, A、B分别完成N、M; not a later clause: …，单个基地工位不少于300个)."""
    last = None
    for m in _patterns().area_list.finditer(text, floor, pos):
        last = m
    if last is not None and not _BREAK.search(text, last.end(), pos):
        names = re.split(r"[、和及与]", last.group(1))
        names[0] = _LEAD.sub("", names[0])
        return Areas(last.end(), tuple(names), last.group("how") == "分别")
    each = None
    for m in _LIST_THEN_EACH.finditer(text, floor, pos):
        each = m
    if each is not None and not _BREAK.search(text, each.end(), pos):
        names = each.group(1).split("、")
        names[0] = _LEAD.sub("", names[0])
        return Areas(each.end(), tuple(names), each.group().endswith("分别"))
    return None


def pair_respectively(text: str, floor: int, starts: list[int]) -> dict[int, str]:
    """Area of each quantity (by start) that an A、B、C分别 n1、n2、n3 list pairs in order."""
    groups: dict[Areas, list[int]] = {}
    for pos in starts:
        areas = distributed_areas(text, floor, pos)
        if areas is not None and areas.respectively:
            groups.setdefault(areas, []).append(pos)
    out: dict[int, str] = {}
    for areas, members in groups.items():
        if len(members) == len(areas.names):
            out.update(zip(members, areas.names, strict=True))
    return out


def scope_of(text: str, floor: int, clause_start: int, pos: int) -> str | None:
    """The area or industry scope of the quantity at ``pos`` (see the module docstring)."""
    p = _patterns()
    found = distributed_areas(text, floor, pos)
    if found is not None:
        return "、".join(found.names)
    every = None
    for m in p.every.finditer(text, floor, pos):
        every = m
    if every is not None:
        return every.group()
    head = text[clause_start:pos].lstrip(" \u3000“\"")
    zone = p.zone_start.match(head)
    if zone is not None and len(head) > zone.end():
        return zone.group()
    place = leading_place(head[:12]) if head else None
    if place is not None and place.level == "county" and len(head) > len(place.name):
        return place.name
    industry = None
    for m in p.industry.finditer(text, floor, pos):
        industry = m
    return industry.group(1) if industry is not None else None
