"""The document-genre tables of ``nlp/data`` that cleaning and metadata read, compiled once."""

from __future__ import annotations

import re
from functools import cache

from policyintel.nlp.tables import read_table


@cache
def junk_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``(line junk, label whose value is on the next line)`` as two compiled alternations."""
    rows = read_table("web_junk.tsv")
    line = "|".join(f"(?:{r['pattern']})" for r in rows if r["action"] == "line")
    value = "|".join(f"(?:{r['pattern']})" for r in rows if r["action"] == "line+value")
    return re.compile(line), re.compile(value)


@cache
def issuer_suffixes() -> tuple[str, ...]:
    """Endings of the names of issuing bodies, longest first."""
    words = [r["suffix"] for r in read_table("issuer_suffixes.tsv")]
    return tuple(sorted(words, key=len, reverse=True))


@cache
def org_line() -> re.Pattern[str]:
    """A line that is only the name of a public body (a signature or letterhead line)."""
    ends = "|".join(map(re.escape, issuer_suffixes()))
    return re.compile(rf"[\u4e00-\u9fff（）()、]{{2,40}}(?:{ends})")


@cache
def doc_type_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    """``(pattern, doc_type)`` in priority order."""
    return tuple((re.compile(r["pattern"]), r["doc_type"]) for r in read_table("doc_types.tsv"))


@cache
def title_end() -> re.Pattern[str]:
    """The genre words a document title ends with (通知, 函, 实施方案…), an optional (…) after."""
    words = sorted((r["word"] for r in read_table("title_words.tsv")), key=len, reverse=True)
    alt = "|".join(map(re.escape, words))
    return re.compile(rf"(?:{alt})(?:[（(][^（）()]{{1,30}}[）)])?$")
