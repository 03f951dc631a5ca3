"""Administrative levels of grants and recognitions: 国家级, 省级, 市级, 县级, 区级.

The surfaces are data (nlp/data/levels.tsv). An explicit level word counts wherever it stands
(国家级, 省级以上 → 省级, 省部级 → 省级). A bare place word (国家, 省) counts only right after
a recognition verb (``获得国家最高科学技术奖``, ``入选国家“优质中职学校”``; the verbs are the
``recognition`` rows of nlp/data/subsidy_cues.tsv), or, for 省, after such a verb and a province
name (``获得四川省…奖``), or as an item of a list of levels (``国家、省制造业单项冠军``), which
the caller pairs through ``level_run``. Names without a level word (中华技能大奖) have none.
"""

from __future__ import annotations

import re
from functools import cache

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


def level_of(phrase: str | None) -> str | None:
    """The one level ``phrase`` ties a grant to, or None (none, or several different ones)."""
    if not phrase:
        return None
    table = levels()
    found: list[str] = []
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
