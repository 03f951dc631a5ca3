"""Chinese places: provinces, cities (prefecture level and equivalents) and counties.

Data: ``nlp/data/gazetteer.tsv`` (every province, municipality, prefecture-level unit — 地级市,
地区, 自治州, 盟 — the county-level cities the provinces administer directly, and the county-level
units with the city they belong to) and ``nlp/data/place_homographs.tsv`` (short city names that
are also common words). Loaded on first use.

``city_of("达州市人民政府办公室")`` → ``"达州"``; ``city_of("大英县人民政府办公室")`` → ``"遂宁"``
(the county's city); ``city_of("四川省人民政府")`` → None (a province is no city).
``city_mentions(text)`` finds mentions of cities in running text (full names anywhere, short
names unless they are also common words; a county counts for its city).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from policyintel.nlp.tables import read_table

CITY_LEVELS = ("municipality", "prefecture", "province_administered")


@dataclass(frozen=True, slots=True)
class Place:
    """One administrative unit; ``city`` is the short name of the city it is or belongs to."""

    name: str
    short: str
    level: str
    city: str
    province: str
    adcode: str
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class _Index:
    by_name: dict[str, Place | None]  # full names and city short names; None: ambiguous
    max_len: int
    automaton: Any  # Aho-Corasick over names that count as mentions in running text


@cache
def places() -> tuple[Place, ...]:
    """Every place of the gazetteer, in file order."""
    return tuple(
        Place(r["name"], r["short"], r["level"], r["city"], r["province"], r["adcode"],
              r["ambiguous"] == "1")
        for r in read_table("gazetteer.tsv")
    )


@cache
def _index() -> _Index:
    import ahocorasick

    by_name: dict[str, Place] = {}
    homographs = {r["short"] for r in read_table("place_homographs.tsv")}
    automaton = ahocorasick.Automaton()
    for p in places():
        if p.ambiguous:
            by_name[p.name] = None  # a name that needs its city to be known
            continue
        by_name.setdefault(p.name, p)
        if (p.level in CITY_LEVELS or p.level == "province") and p.short \
                and p.short not in by_name:
            by_name[p.short] = p
        if p.level != "province" and p.city:
            automaton.add_word(p.name, (p.name, p.city))
            if p.level in CITY_LEVELS and p.short and p.short not in homographs:
                automaton.add_word(p.short, (p.short, p.city))
    automaton.make_automaton()
    return _Index(by_name, max(map(len, by_name)), automaton)


def lookup(name: str) -> Place | None:
    """The place called ``name`` (full name, or the short name of a city or province)."""
    return _index().by_name.get(name)


def leading_place(name: str) -> Place | None:
    """The place whose name ``name`` starts with, longest first (达州市人民政府 → 达州市)."""
    index = _index()
    for n in range(min(len(name), index.max_len), 1, -1):
        if name[:n] in index.by_name:
            return index.by_name[name[:n]]  # None for an ambiguous name: no shorter guess
    return None


def city_of(name: str) -> str | None:
    """Short name of the city an organisation or place name starts with; None if none or a province."""
    place = leading_place(name)
    if place is None or place.level == "province":
        return None
    return place.city or None


def is_province(name: str) -> bool:
    """Whether ``name`` starts with a province (四川省人民政府办公厅)."""
    place = leading_place(name)
    return place is not None and place.level == "province"


def city_mentions(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, city)`` for each mention of a city (or of one of its counties) in ``text``."""
    for end, (name, city) in _index().automaton.iter_long(text):
        yield end - len(name) + 1, end + 1, city
