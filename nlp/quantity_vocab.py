"""The vocabularies quantity parsing reads: numerals, comparators, units, idioms, context words.

Each table is a TSV under ``nlp/data/`` whose ``#`` header says where it came from and what each
column means; the first non-comment line names the columns. Tables are read once, on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from policyintel.errors import InternalError


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of ``nlp/data/<name>`` as dicts keyed by the column line (comments skipped)."""
    try:
        raw = resources.files("policyintel.nlp").joinpath("data", name).read_text("utf-8")
    except OSError as e:
        raise InternalError(f"nlp/data/{name}: cannot read ({e})") from e
    rows: list[dict[str, str]] = []
    columns: list[str] | None = None
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if columns is None:
            columns = cells
            continue
        rows.append(dict(zip(columns, cells, strict=False)))
    return rows


@dataclass(frozen=True, slots=True)
class Comparator:
    word: str
    position: str  # pre | post | mid
    comparator: str | None
    approx: bool


@dataclass(frozen=True, slots=True)
class Unit:
    unit: str
    kind: str  # count | money | percent | duration | measure | scale
    yuan_factor: float | None
    not_before: str = ""  # characters that, right after it, show it is no unit (300本|地人才)


@dataclass(frozen=True, slots=True)
class Vocab:
    digits: dict[str, int]
    small: dict[str, int]
    big: dict[str, int]
    comparators: dict[str, Comparator]
    units: dict[str, Unit]
    idioms: tuple[str, ...]
    before_context: dict[str, str]
    after_context: dict[str, str]
    before_one: tuple[str, ...]
    before_clause: tuple[str, ...]
    after_numeral: tuple[str, ...] = ()

    def words(self, position: str) -> list[str]:
        return [c.word for c in self.comparators.values() if c.position == position]


@cache
def vocab() -> Vocab:
    """All quantity vocabularies, read once."""
    digits: dict[str, int] = {}
    small: dict[str, int] = {}
    big: dict[str, int] = {}
    for row in read_tsv("numerals.tsv"):
        table = {"digit": digits, "small": small, "big": big}[row["kind"]]
        table[row["char"]] = int(row["value"])
    comparators = {
        row["word"]: Comparator(row["word"], row["position"],
                                None if row["comparator"] == "-" else row["comparator"],
                                row["approx"] == "1")
        for row in read_tsv("comparators.tsv")
    }
    units = {
        row["unit"]: Unit(row["unit"], row["kind"],
                          None if row["yuan_factor"] == "-" else float(row["yuan_factor"]),
                          row.get("not_before", "-").strip("-"))
        for row in read_tsv("units.tsv")
    }
    idioms = tuple(row["phrase"] for row in read_tsv("numeral_idioms.tsv"))
    before = {r["text"]: r["reason"] for r in read_tsv("quantity_context.tsv") if r["side"] == "before"}
    after = {r["text"]: r["reason"] for r in read_tsv("quantity_context.tsv") if r["side"] == "after"}
    one = tuple(r["text"] for r in read_tsv("quantity_context.tsv") if r["side"] == "before_one")
    clause = tuple(r["text"] for r in read_tsv("quantity_context.tsv") if r["side"] == "before_clause")
    after_numeral = tuple(r["text"] for r in read_tsv("quantity_context.tsv")
                          if r["side"] == "after_numeral")
    return Vocab(digits, small, big, comparators, units, idioms, before, after, one, clause,
                 after_numeral)


def unit_alternation(units: dict[str, Unit]) -> str:
    """The units as a regex alternation, longest first, each barred before its not_before."""
    return "|".join(re.escape(u) + (f"(?![{re.escape(units[u].not_before)}])"
                                    if units[u].not_before else "")
                    for u in sorted(units, key=len, reverse=True))


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``words``, longest first so that 人次 wins over 人."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
