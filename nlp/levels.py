"""Administrative levels of grants and recognitions: 国家级, 省级, 市级, 县级, 区级.

The surfaces are data (nlp/data/levels.tsv). An explicit level word counts wherever it stands
(国家级, 省级以上 → 省级, 省部级 → 省级). A bare place word (国家, 省) counts only right after
a recognition verb (``获得国家最高科学技术奖``, ``入选国家“优质中职学校”``; the verbs are the
``recognition`` rows of nlp/data/subsidy_cues.tsv), or, for 省, after such a verb and a province
name (``获得四川省…奖``), or as an item of a list of levels (``国家、省制造业单项冠军``), which
the caller pairs through ``level_run``. Names without a level word (中华技能大奖) have none.

A jurisdiction that names an honour, programme or contest gives its level (``place_level``):
provinces and their traditional names → 省级 (“贵州工匠”, 山东省技术能手, “齐鲁大工匠”), cities → 市级
(淄博工匠), counties → 县级, districts → 区级, 全国/全省/全市 before a contest → that level. Place
names come from the gazetteer (nlp/data/gazetteer.tsv), honour words and traditional names from
nlp/data/honours.tsv.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from policyintel.nlp.units import read_table


@cache
def levels() -> dict[str, tuple[str, bool]]:
    """Surface → (level, bare)."""
    return {row["surface"]: (row["level"], row["bare"] == "yes") for row in read_table("levels.tsv")}


def _alt(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def recognition_words() -> tuple[str, ...]:
    """Verbs of being recognised or selected (获评, 入选, 认定为 …)."""
    return tuple(r["term"] for r in read_table("subsidy_cues.tsv") if r["kind"] == "recognition")


@cache
def level_rx() -> re.Pattern[str]:
    return re.compile(f"(?:{_alt(list(levels()))})")


@cache
def level_run() -> re.Pattern[str]:
    """Two or more level words joined by 、 (国家级、省级、市级)."""
    alt = _alt(list(levels()))
    return re.compile(f"(?:{alt})(?:、(?:{alt}))+")


@cache
def _province_after_verb() -> re.Pattern[str]:
    return re.compile(f"(?:{_alt(recognition_words())})[\u4e00-\u9fff]{{2,3}}$")


@cache
def _honours() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    """(heads regex, region alias → level, 全X → level) from nlp/data/honours.tsv."""
    rows = read_table("honours.tsv")
    heads = [r["term"] for r in rows if r["kind"] == "head"]
    regions = {r["term"]: r["level"] for r in rows if r["kind"] == "region"}
    whole = {r["term"]: r["level"] for r in rows if r["kind"] == "whole"}
    return re.compile(f"(?:{_alt(heads)})"), regions, whole


_PLACE_LEVEL = {"province": "省级", "municipality": "市级", "prefecture": "市级",
                "province_administered": "市级"}
_OPEN_QUOTES = "“「『\"‘"
# The rest of an honour name after its place: no punctuation, at most 12 characters.
_NAME_TAIL = re.compile(r"[^，,。；;：:、（）()\s”」』\"]{0,12}")


@cache
def _place_levels() -> tuple[dict[str, str], int]:
    """Place name → the level of a grant named after it; names with two readings are left out."""
    from policyintel.nlp.gazetteer import places

    seen: dict[str, set[str]] = {}
    for p in places():
        level = _PLACE_LEVEL.get(p.level) or ("区级" if p.name.endswith("区") else "县级")
        names = [p.name]
        if p.short and p.level != "county":
            names.append(p.short)
        for name in names:
            if len(name) >= 2:
                seen.setdefault(name, set()).add(level)
    table = {name: next(iter(lv)) for name, lv in seen.items() if len(lv) == 1}
    table.update(_honours()[2])
    return table, max(map(len, table))


# What may follow an honour word that ends the name: 技术能手的, 大赛中, 工匠称号, 一等奖.
_AFTER_NAME = set("的中和及与称荣获等前第选奖金银铜一二三、")


def _ends_name(rest: str, heads: re.Pattern[str]) -> bool:
    """Does an honour word end the name in ``rest`` (山东省技术能手的, not 郴州市人才新政)?"""
    for m in heads.finditer(rest):
        nxt = rest[m.end():m.end() + 1]
        if not nxt or nxt in _AFTER_NAME or heads.match(rest, m.end()) \
                or not "\u4e00" <= nxt <= "\u9fff":
            return True
    return False


@cache
def _homographs() -> frozenset[str]:
    return frozenset(r["short"] for r in read_table("place_homographs.tsv"))


@cache
def _place_automaton() -> Any:
    """One Aho-Corasick automaton over place names, 全X words and traditional names."""
    import ahocorasick

    table, _ = _place_levels()
    automaton = ahocorasick.Automaton()
    for name in (*table, *_honours()[1]):
        automaton.add_word(name, name)
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=4096)
def place_level(phrase: str) -> tuple[str, ...]:
    """Levels of honours, programmes and contests named after a jurisdiction in ``phrase``:
    “贵州工匠” → 省级, 淄博工匠 → 市级, 全国技术能手 → 国家级, 全市职业技能大赛 → 市级,
    “齐鲁大工匠” → 省级. A place counts when an honour word (nlp/data/honours.tsv) follows it in
    the same name, or when it opens a quoted name; a place of origin (郴州选手, 郴州籍) does not."""
    table, _ = _place_levels()
    heads, regions, _ = _honours()
    found: list[str] = []
    for end, name in _place_automaton().iter_long(phrase):
        i, after = end - len(name) + 1, end + 1
        quoted = i > 0 and phrase[i - 1] in _OPEN_QUOTES
        if name in regions or name in _homographs():
            # 齐鲁工匠, 遵义工匠: a traditional name or a short name that is also a common word
            # (遵义会议, 大同小异) counts only right before the honour word or opening a quote
            if heads.match(phrase, after) or quoted:
                found.append(regions.get(name) or table[name])
        elif not phrase.startswith("籍", after):
            tail = _NAME_TAIL.match(phrase, after)
            rest = tail.group() if tail else ""
            # 由本市推荐的省部级以上奖励: an explicit level word names the honour's level
            explicit = any(not levels()[m.group()][1] for m in level_rx().finditer(rest))
            if (quoted or _ends_name(rest, heads)) and not explicit:
                found.append(table[name])
    return tuple(found)


def level_of(phrase: str | None) -> str | None:
    """The one level ``phrase`` ties a grant to, or None (none, or several different ones)."""
    if not phrase:
        return None
    table = levels()
    found: list[str] = list(dict.fromkeys(place_level(phrase)))
    for m in level_rx().finditer(phrase):
        level, bare = table[m.group()]
        if bare:
            after_verb = any(phrase.endswith(v, 0, m.start()) for v in recognition_words())
            province = m.group() == "省" and _province_after_verb().search(phrase[:m.start()])
            if not (after_verb or province):
                continue
        if level not in found:
            found.append(level)
    return found[0] if len(found) == 1 else None


def level_word(label: str) -> str | None:
    """The level of a label that is a level word on its own (省级 in 省级10万元), else None."""
    entry = levels().get(label)
    return entry[0] if entry else None
