"""Clause search: a user query → an FTS5 expression → ranked clauses with highlighted snippets.

A query is whitespace-separated terms; a term in quotes ("…" or “…”) is an exact phrase. All
terms must match (AND). Search runs in two stages:

1. words: each term's jieba words (the tokenizer that indexed the clauses, whose search mode also
   indexes the dictionary words inside long words, so 大师 finds 技能大师工作室); an exact phrase
   of several words is matched as a character sequence;
2. characters, only when stage 1 has fewer results than asked: clauses that contain each term as
   a character sequence (the ``chars`` column holds character unigrams and bigrams, and a run of
   characters is a phrase of its bigrams: a substring search) and were not found by stage 1.
   So a one-character query or a word that jieba splits differently in context still finds
   its clauses, after the whole-word hits.

Ranking is BM25 (FTS5 ``rank``) with whole-word hits weighted over character hits, computed
over a window of the shortest matching clauses (index/ranking.py). A stage whose BM25 set-up would
read more than ``RANK_BUDGET`` postings (FTS5 counts each phrase over the whole index for its IDF)
returns its clauses shortest first instead, without a score.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

from policyintel.index.prepare import WORD_MARK, char_sequence, word_tokens
from policyintel.index.queries import ClauseFilters
from policyintel.index.store import Clause, Store
from policyintel.nlp import segment

# Postings FTS5 may read to set up BM25 (≈ 25-50 ns each): above this a stage is not ranked
# but returned shortest clause first, which is BM25's own order wherever a term occurs once in
# each clause (nearly always in short clauses). On 1,200 distinct queries over the 10,000-
# document bench index: budget 50,000 -> a search 1.30 ms, 7 of 288 full pages unranked;
# 10,000 -> 1.16 ms, 43 unranked; the top 20's summed BM25 against an exact ranking is 0.9970
# of it either way (2,000: 1.00 ms, 123 unranked, 0.9970).
RANK_BUDGET = 10_000
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」')
MARK_OPEN, MARK_CLOSE = "«", "»"
SNIPPET_CHARS = 120


@dataclass(frozen=True, slots=True)
class Term:
    surface: str
    exact: bool
    words: tuple[str, ...]
    chars: tuple[str, ...]
    # One word that the index holds as one token of all the term's characters: every clause
    # holding the word holds the characters in a run, so in stage 2 the word adds nothing to
    # the run but a posting list to merge (0.27 -> 0.21 ms a stage).
    one_word: bool = False


@dataclass(slots=True)
class SearchHit:
    """A matching clause; ``highlights`` are document offsets of the matched words."""

    clause: Clause
    snippet: str
    snippet_start: int
    snippet_end: int
    highlights: list[tuple[int, int]]
    kinds: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        c = self.clause
        return {"clause_id": c.id, "doc_id": c.doc_id, "source": c.source, "city": c.city,
                "doc_type": c.doc_type, "date": c.date, "title": c.title,
                "section": list(c.section), "start": c.start, "end": c.end, "text": c.text,
                "score": round(c.score, 6) if c.score is not None else None,
                "snippet": self.snippet, "snippet_start": self.snippet_start,
                "snippet_end": self.snippet_end,
                "highlights": [list(h) for h in self.highlights], "kinds": self.kinds}


@dataclass(slots=True)
class SearchResult:
    query: str
    match: str  # the stage-1 FTS5 expression ('' when the query had no searchable term)
    hits: list[SearchHit]
    fallback: str | None = None  # the stage-2 expression, when it ran

    def to_dict(self) -> dict[str, Any]:
        # The expressions as a person reads them: without the words column's token mark.
        return {"query": self.query, "match": self.match.replace(WORD_MARK, ""),
                "fallback": self.fallback.replace(WORD_MARK, "") if self.fallback else None,
                "count": len(self.hits), "hits": [h.to_dict() for h in self.hits]}


def parse_query(query: str) -> list[Term]:
    """The terms of a user query, each tokenised as the index was."""
    terms: list[Term] = []
    rest = []
    pos = 0
    for m in _QUOTED.finditer(query):
        rest.append(query[pos:m.start()])
        pos = m.end()
        phrase = next(g for g in m.groups() if g is not None).strip()
        if phrase:
            terms.append(_term(phrase, exact=True))
    rest.append(query[pos:])
    for chunk in " ".join(rest).split():
        terms.append(_term(chunk, exact=False))
    return [t for t in terms if t.chars]


def _term(surface: str, *, exact: bool) -> Term:
    words, chars = tuple(segment.cut(surface)), tuple(segment.iter_chars(surface))
    one_word = len(words) == 1 and segment.split_like_index(words[0]) == ["".join(chars).lower()]
    return Term(surface, exact, words, chars, one_word)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _word(word: str) -> str:
    """A query word as the words column holds it: its marked tokens (a phrase when several)."""
    return _quote(" ".join(word_tokens(word)))


def _chars(t: Term) -> str:
    """The term as a character run: a phrase of the ``chars`` column's bigrams."""
    return "chars : " + _quote(" ".join(char_sequence(t.chars)))


def words_expression(terms: list[Term]) -> str:
    """Stage 1: each term by its jieba words (a multi-word exact phrase by its characters)."""
    parts = []
    for t in terms:
        if t.words and (not t.exact or len(t.words) == 1):
            parts.append("words : (" + " AND ".join(_word(w) for w in t.words) + ")")
        else:
            parts.append(_chars(t))
    return " AND ".join(parts)


def match_expression(terms: list[Term]) -> str:
    """Stage 2: each term by its words or as a character sequence (characters only for an exact
    phrase, or a term of one word)."""
    parts = []
    for t in terms:
        chars = _chars(t)
        if t.exact or not t.words or t.one_word:
            parts.append(chars)
        else:
            words = " AND ".join(_word(w) for w in t.words)
            parts.append(f"(words : ({words}) OR {chars})")
    return " AND ".join(parts)


def search(store: Store, query: str, *, filters: ClauseFilters | None = None, limit: int = 20,
           offset: int = 0) -> SearchResult:
    """Clauses matching ``query`` under ``filters``, best first, with highlighted snippets."""
    terms = parse_query(query)
    if not terms:
        return SearchResult(query, "", [])
    filters = _closed_years(store, filters or ClauseFilters())
    match = words_expression(terms)
    if filters.year_from is not None and filters.year_to is not None \
            and filters.year_from > filters.year_to:
        return SearchResult(query, match, [])  # no year can match
    counts: dict[str, int] = {}  # clauses holding each token, looked up once for both stages
    plan = plan_stage(store, terms, filters, stage=1, counts=counts)
    clauses = store.search_clauses(match, filters, limit=offset + limit, ranked=plan.ranked,
                                   most=plan.most)
    fallback = None
    if len(clauses) < offset + limit and match_expression(terms) != match:
        fallback = f"({match_expression(terms)}) NOT ({match})"
        plan = plan_stage(store, terms, filters, stage=2, counts=counts)
        clauses += store.search_clauses(fallback, filters, limit=offset + limit - len(clauses),
                                        ranked=plan.ranked, most=plan.most)
    clauses = clauses[offset:offset + limit]
    if not clauses:
        return SearchResult(query, match, [], fallback)
    kinds = store.clause_kinds([c.id for c in clauses])
    hits = []
    highlighters = [_highlighter(t) for t in terms]
    for c in clauses:
        spans = highlight_spans(c.text, highlighters)
        snippet, s_start, s_end = make_snippet(c.text, spans)
        hits.append(SearchHit(c, snippet, c.start + s_start, c.start + s_end,
                              [(c.start + a, c.start + b) for a, b in spans], kinds.get(c.id, [])))
    return SearchResult(query, match, hits, fallback)


def _closed_years(store: Store, f: ClauseFilters) -> ClauseFilters:
    """``f`` with a year range open on one side closed by the index's own years, and both
    sides kept within them. A closed range is answered inside FTS5 by the clauses' year tags;
    an open one was a join filter on each match, and with a common word and few documents in
    range a search walked every match: 0.5-1 s on the bench index (0.5-1.3 ms closed)."""
    if f.year_from is None and f.year_to is None:
        return f
    low, high = store.year_range()
    if low is None or high is None:
        return f
    return replace(f, year_from=max(f.year_from if f.year_from is not None else low, low),
                   year_to=min(f.year_to if f.year_to is not None else high, high))


@dataclass(frozen=True, slots=True)
class StagePlan:
    """How to run a stage, from how many clauses hold each of its tokens (one lookup)."""

    ranked: bool  # BM25's set-up reads at most RANK_BUDGET postings
    most: int | None  # at most this many clauses can match (None: no bound known)


def plan_stage(store: Store, terms: list[Term], filters: ClauseFilters, *, stage: int,
               counts: dict[str, int] | None = None) -> StagePlan:
    """``ranked``: whether BM25 for a stage's expression is cheap enough. FTS5 sets BM25 up by
    reading the whole posting list of every phrase (for its IDF); a phrase of several
    characters also matches positions (counted 3x). The estimate must stay within
    ``RANK_BUDGET``.

    ``most``: terms are ANDed, so no more clauses match than the rarest term can; a term's
    words are ANDed (at most its rarest word's clauses), as are its bigrams, and stage 2 takes
    either. A stage bounded within the ranking window is ranked whole, without first finding
    the window's end.
    (The counts are those of the last build: a document uploaded since may add matches, so the
    bound decides only how to rank, never whether to search.)

    ``counts`` holds the tokens' clause counts already looked up, and takes the new ones; with
    it, the first lookup also takes every token the other stage could need (one query, not two)."""
    phrases: list[list[str]] = []
    tokens_of: list[tuple[bool, bool, list[str], list[str]]] = []  # by words, either, words, chars
    for t in terms:
        by_words = bool(t.words) and (not t.exact or len(t.words) == 1)
        words = [tok for word in t.words for tok in word_tokens(word)]
        chars = char_sequence(t.chars)
        if by_words:
            phrases += [[w] for w in words]
        either = not (t.exact or t.one_word)  # stage 2 takes the words or the characters
        if stage == 2:  # (words OR chars) NOT (stage 1): the words twice, the characters once
            phrases += ([[w] for w in words] if either else []) + [chars]
        elif not by_words:
            phrases.append(chars)
        tokens_of.append((by_words, either, words, chars))
    phrases += [[tag] for tag in filter_tags(filters)]
    df = counts if counts is not None else {}
    wanted = {tok for phrase in phrases for tok in phrase}
    if counts is not None:
        wanted.update(tok for *_, words, chars in tokens_of for tok in (*words, *chars))
    missing = sorted(wanted - df.keys())
    if missing:
        df.update(store.term_frequencies(missing, ("words", "chars", "tags")))
    postings = sum(sum(df[tok] for tok in phrase) * (3 if len(phrase) > 1 else 1)
                   for phrase in phrases)

    def fewest(tokens: list[str]) -> float:
        return min((df[tok] for tok in tokens), default=math.inf)

    most = math.inf
    for by_words, either, words, chars in tokens_of:
        if stage == 1:
            most = min(most, fewest(words) if by_words else fewest(chars))
        elif either and by_words:
            most = min(most, fewest(words) + fewest(chars))
        else:
            most = min(most, fewest(chars))
    return StagePlan(postings <= RANK_BUDGET, None if math.isinf(most) else int(most))


def filter_tags(f: ClauseFilters) -> list[str]:
    """The ``tags`` tokens a search's filters add to its FTS5 expression."""
    from policyintel.index.prepare import filter_tag

    tags = [filter_tag("c", f.city), filter_tag("t", f.doc_type), filter_tag("k", f.kind)]
    if f.year_from is not None and f.year_to is not None:
        tags += [filter_tag("y", y) for y in range(f.year_from, f.year_to + 1)]
    return [t for t in tags if t]


def _pattern(chars: tuple[str, ...] | str) -> str:
    # Characters the index skipped (punctuation, spaces) may stand between matched ones.
    return r"\W*".join(re.escape(ch) for ch in chars)


def highlight_spans(text: str, terms: list[Highlighter]) -> list[tuple[int, int]]:
    """Offsets in ``text`` of each term (else each of its words), merged, in order."""
    spans: list[tuple[int, int]] = []
    for h in terms:
        found = [m.span() for m in h.term.finditer(text)]
        if not found:
            for word in h.words:
                found += [m.span() for m in word.finditer(text) if m.end() > m.start()]
        spans += found
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


@dataclass(frozen=True, slots=True)
class Highlighter:
    """A term's patterns, compiled once per search rather than once per hit: the term as a
    character sequence, and (not for an exact phrase) each of its words."""

    term: re.Pattern[str]
    words: tuple[re.Pattern[str], ...]

    @classmethod
    def of(cls, t: Term) -> Highlighter:
        words = () if t.exact else tuple(
            re.compile(_pattern(tuple(segment.iter_chars(w))), re.IGNORECASE) for w in t.words)
        return cls(re.compile(_pattern(t.chars), re.IGNORECASE), words)


# Compiling a term's patterns (Python's regex compiler is Python) cost about as much as
# highlighting twenty hits with them; terms recur across searches.
_highlighter = functools.lru_cache(maxsize=2048)(Highlighter.of)


def make_snippet(text: str, spans: list[tuple[int, int]], *, width: int = SNIPPET_CHARS,
                 open_mark: str = MARK_OPEN, close_mark: str = MARK_CLOSE) -> tuple[str, int, int]:
    """``(marked snippet, start, end)``: a window of ``text`` around the first highlight, with
    each highlight wrapped in the marks and … where the window cuts the text."""
    start = 0
    if len(text) > width and spans:
        start = max(0, min(spans[0][0] - width // 3, len(text) - width))
    end = min(len(text), start + width)
    out, pos = [], start
    for a, b in spans:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        out += [text[pos:a], open_mark, text[a:b], close_mark]
        pos = b
    out.append(text[pos:end])
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else ""), start, end
