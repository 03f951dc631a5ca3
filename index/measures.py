"""The measure taxonomy (nlp/data/measures.tsv plus a user file) and matching it in text.

A measure is a named policy instrument (技能大师工作室, 新型学徒制 …) with surface aliases.
Matching compiles every surface into one Aho-Corasick automaton and takes leftmost-longest,
non-overlapping matches, so 技能大师工作室 wins over its alias 技能大师.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from policyintel.errors import ConfigError

MEASURES_TSV = Path(__file__).resolve().parent.parent / "nlp" / "data" / "measures.tsv"
ENV_MEASURES = "POLICYINTEL_MEASURES"


@dataclass(frozen=True, slots=True)
class Measure:
    name: str
    category: str | None
    aliases: tuple[str, ...]

    @property
    def surfaces(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class MeasureMatch:
    measure: str
    start: int
    end: int
    surface: str


def read_measures(path: str | os.PathLike[str]) -> list[Measure]:
    """Rows of a measures TSV (``measure \\t category \\t aliases``; ``#`` lines are comments)."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the measure taxonomy: {e}") from e
    out = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if cols[0] == "measure":
            continue
        if not cols[0]:
            raise ConfigError(f"{path}: line {lineno}: empty measure name")
        category = cols[1] if len(cols) > 1 and cols[1] else None
        aliases = tuple(a.strip() for a in cols[2].split("|") if a.strip()) if len(cols) > 2 else ()
        out.append(Measure(cols[0], category, aliases))
    return out


class Taxonomy:
    """Measures by name, with one automaton over all their surfaces."""

    def __init__(self, measures: list[Measure]) -> None:
        merged: dict[str, Measure] = {}
        for m in measures:
            if m.name in merged:
                old = merged[m.name]
                aliases = tuple(dict.fromkeys(old.aliases + m.aliases))
                merged[m.name] = Measure(m.name, m.category or old.category, aliases)
            else:
                merged[m.name] = m
        self.measures = merged
        self._automaton: Any = None

    @classmethod
    def load(cls, user_file: str | os.PathLike[str] | None = None) -> Taxonomy:
        """The bundled taxonomy, extended by ``user_file`` (or $POLICYINTEL_MEASURES)."""
        user_file = user_file or os.environ.get(ENV_MEASURES) or None
        return _load(str(user_file) if user_file else None)

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for m in self.measures.values():
            digest.update(f"{m.name}\t{m.category}\t{'|'.join(m.aliases)}\n".encode())
        return digest.hexdigest()[:16]

    def _compile(self) -> Any:
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for m in self.measures.values():
                for surface in m.surfaces:
                    # The first measure to claim a surface keeps it (bundled before user rows).
                    if surface not in automaton:
                        automaton.add_word(surface, (m.name, surface))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def find(self, text: str) -> list[MeasureMatch]:
        """Leftmost-longest non-overlapping measure mentions in ``text``."""
        if not self.measures or not text:
            return []
        out = []
        for end, (name, surface) in self._compile().iter_long(text):
            out.append(MeasureMatch(name, end + 1 - len(surface), end + 1, surface))
        return out

    def resolve(self, name: str) -> str | None:
        """The measure called ``name`` or having ``name`` as an alias."""
        if name in self.measures:
            return name
        for m in self.measures.values():
            if name in m.aliases:
                return m.name
        return None


@lru_cache(maxsize=8)
def _load(user_file: str | None) -> Taxonomy:
    measures = read_measures(MEASURES_TSV)
    if user_file:
        measures += read_measures(user_file)
    return Taxonomy(measures)
