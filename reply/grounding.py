"""The draft's guard: every number in it occurs in a source it cites.

A number is an Arabic numeral (full-width digits read as ASCII; 7.8, 2,443, 2025) or a quantity
written in Chinese numerals with a unit (一个, 三百人). Each sentence of a draft is checked against
its own citations' quotes: the sentence's numbers must be among the quotes' numbers (compared as
written and by value, so 7.8万 in a sentence matches 7.8万 or 78000 in its quote). A sentence
without a citation may hold no number at all. The same checks keep a smoothing model honest
(reply/llm.py): a rewrite may not bring a number or a quoted name that the original did not have.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from policyintel.errors import InternalError

if TYPE_CHECKING:  # pragma: no cover - types only
    from policyintel.reply.draft import Draft

_ARABIC = re.compile(r"\d+(?:[.,]\d+)*")
_NAMES = re.compile(r"《([^《》]+)》|“([^“”]+)”|\"([^\"]+)\"|「([^「」]+)」")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _fmt(value: float) -> str:
    return f"{value:.10g}"


def numbers_in(text: str) -> set[str]:
    """The numbers a reader sees in ``text``: Arabic numerals as written (commas dropped) and
    quantities in Chinese numerals by value."""
    from policyintel.nlp.numbers import find_quantities

    text = _norm(text)
    out = {_fmt(float(m.group().replace(",", ""))) for m in _ARABIC.finditer(text)
           if _plain(m.group())}
    for q in find_quantities(text, bare=False):
        numeral = text[q.num_start:q.num_end]
        if not re.search(r"\d", numeral):
            out.add(_fmt(q.low if q.low is not None and q.low != q.value else q.value))
            if q.high is not None:
                out.add(_fmt(q.high))
    return out


def _plain(token: str) -> bool:
    try:
        float(token.replace(",", ""))
    except ValueError:
        return False
    return True


def source_numbers(quotes: list[str]) -> set[str]:
    """Every form under which the quotes' numbers may appear in a sentence."""
    from policyintel.nlp.numbers import find_quantities

    out: set[str] = set()
    for quote in quotes:
        out |= numbers_in(quote)
        for q in find_quantities(_norm(quote), bare=True):
            for v in (q.value, q.low, q.high):
                if v is not None:
                    out.add(_fmt(v))
    return out


def names_in(text: str) -> set[str]:
    """Quoted names: 《titles》 and “terms”."""
    return {next(g for g in m.groups() if g is not None) for m in _NAMES.finditer(text)}


@dataclass(frozen=True, slots=True)
class NumberProblem:
    """A number of the draft that none of its sentence's cited quotes holds."""

    paragraph: int
    sentence: int
    number: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"paragraph": self.paragraph, "sentence": self.sentence, "number": self.number,
                "text": self.text}


def check_draft(draft: Draft) -> list[NumberProblem]:
    """Numbers of ``draft`` that no cited source holds (empty when the draft is grounded)."""
    problems = []
    by_id = {c.n: c for c in draft.citations}
    for pi, para in enumerate(draft.paragraphs):
        for si, sent in enumerate(para.sentences):
            found = numbers_in(sent.text)
            if not found:
                continue
            allowed = source_numbers([by_id[n].quote for n in sent.citations if n in by_id])
            for number in sorted(found - allowed):
                problems.append(NumberProblem(pi, si, number, sent.text))
    return problems


def assert_grounded(draft: Draft) -> None:
    """Raise InternalError (a drafting bug) naming every number without a cited source."""
    problems = check_draft(draft)
    if problems:
        listed = "; ".join(f"{p.number} in {p.text[:40]!r}" for p in problems[:10])
        raise InternalError(f"draft has {len(problems)} number(s) no cited source holds: {listed}")


def rewrite_is_safe(original: str, rewrite: str, allowed_quotes: list[str]) -> bool:
    """Whether ``rewrite`` may replace ``original``: it keeps exactly the original's numbers
    (all of them found in the cited quotes), adds no quoted name, and keeps its length within
    half to one and a half times."""
    if not rewrite.strip() or not 0.5 <= len(rewrite) / max(1, len(original)) <= 1.5:
        return False
    if numbers_in(rewrite) != numbers_in(original):
        return False
    if numbers_in(rewrite) - source_numbers(allowed_quotes) and allowed_quotes:
        return False
    if not allowed_quotes and numbers_in(rewrite):
        return False
    return names_in(rewrite) <= names_in(original)
