"""spaCy's Chinese pipeline with the jieba segmenter, and token patterns run over it.

Importing spaCy costs about a second, so nothing here imports it at module import time: the
first call to :func:`zh_pipeline` (or the first :class:`TokenPatterns`) pays for it. Nothing on
the ``policyintel extract`` path should import this module unless it uses it.

The pipeline is ``spacy.blank("zh")`` configured with ``segmenter = "jieba"``; its jieba is then
swapped for the project's tokenizer (:func:`policyintel.nlp.segment.tokenizer`: jieba or
jieba_fast with the policy-domain user dictionary), so spaCy tokens equal the extractors' and
the index's. Only the dictionaries shipped inside the jieba package and ``nlp/data`` are read,
no model downloaded from anywhere (spaCy's other segmenter, pkuseg, would need one; it is never
used here).

Token patterns are for things that read better as tokens than as a regex, e.g. a recognition
level followed by a programme (``国家级`` … ``技能大师工作室``). Patterns are matched over jieba's
tokens, so a phrase matches only where jieba segments it the same way as in the pattern; write
patterns on token boundaries jieba actually produces (the tests show some).
"""

from __future__ import annotations

import functools
import importlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policyintel.errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover - types only
    from spacy.language import Language

DATA_DIR = Path(__file__).with_name("data")
TOKEN_PATTERNS_FILE = DATA_DIR / "token_patterns.tsv"

_JIEBA_CONFIG = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}


def _quiet_jieba() -> None:
    """jieba (and jieba_fast) log the building of their prefix dictionary to stderr at DEBUG.

    Their import sets that level, so it is lowered after importing them; the library stays quiet.
    """
    for name in ("jieba", "jieba_fast"):
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        logging.getLogger(name).setLevel(logging.WARNING)


def _blank_zh() -> Language:
    try:
        import spacy
    except ImportError as e:  # spaCy is a core dependency: this is a broken install
        raise ConfigError("spaCy is not installed; reinstall policyintel") from e
    from policyintel.nlp.segment import tokenizer

    _quiet_jieba()
    nlp = spacy.blank("zh", config=_JIEBA_CONFIG)
    # spaCy's ChineseTokenizer calls ``jieba_seg.cut(text, cut_all=False)``; a jieba Tokenizer
    # instance has that method, so the domain dictionary applies without touching global jieba.
    nlp.tokenizer.jieba_seg = tokenizer()  # type: ignore[attr-defined]
    return nlp


@functools.cache
def zh_pipeline() -> Language:
    """The shared blank Chinese pipeline, tokenised by jieba (built once, then cached).

    Treat it as read-only: add components to a pipeline of your own (see
    :class:`TokenPatterns`), not to this one.
    """
    return _blank_zh()


@dataclass(frozen=True, slots=True)
class TokenMatch:
    """A span found by a token pattern: character offsets into the text that was matched."""

    label: str
    start: int
    end: int
    text: str
    id: str | None = None


class TokenPatterns:
    """A set of EntityRuler patterns compiled once over a jieba-tokenised pipeline.

    ``patterns`` are spaCy EntityRuler dicts: ``{"label": "LEVEL", "pattern": "国家级"}`` (a
    phrase) or ``{"label": "PROGRAMME", "pattern": [{"TEXT": "1"}, {"TEXT": "+"}, ...],
    "id": "1+X证书"}`` (token specs). :meth:`find` returns the longest non-overlapping matches in
    document order, as the EntityRuler would set them on ``doc.ents``.
    """

    def __init__(self, patterns: Iterable[Mapping[str, Any]]) -> None:
        self._patterns = [dict(p) for p in patterns]
        if not self._patterns:
            raise ConfigError("TokenPatterns needs at least one pattern")
        for p in self._patterns:
            if "label" not in p or "pattern" not in p:
                raise ConfigError(f"token pattern without label or pattern: {p!r}")
        self._nlp: Language | None = None

    @classmethod
    def from_file(cls, path: str | Path = TOKEN_PATTERNS_FILE) -> TokenPatterns:
        """Patterns from a TSV file: ``label<TAB>id<TAB>pattern``, ``#`` lines are comments.

        ``pattern`` is either a phrase or a JSON list of spaCy token specs; an empty ``id``
        means none.
        """
        return cls(read_pattern_file(path))

    @property
    def nlp(self) -> Language:
        """The pipeline holding the ruler (its own, so the shared pipeline stays read-only)."""
        if self._nlp is None:
            nlp = _blank_zh()
            ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
            try:
                ruler.add_patterns(self._patterns)  # type: ignore[attr-defined]
            except (ValueError, TypeError) as e:
                raise ConfigError(f"invalid token pattern: {e}") from e
            self._nlp = nlp
        return self._nlp

    def find(self, text: str) -> list[TokenMatch]:
        """Matches in ``text``; ``text[m.start:m.end] == m.text`` for each."""
        doc = self.nlp(text)
        return [TokenMatch(ent.label_, ent.start_char, ent.end_char, ent.text, ent.ent_id_ or None)
                for ent in doc.ents]


def read_pattern_file(path: str | Path) -> list[dict[str, Any]]:
    """EntityRuler pattern dicts from a ``label<TAB>id<TAB>pattern`` TSV file."""
    path = Path(path)
    patterns: list[dict[str, Any]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise ConfigError(f"{path}: cannot read token patterns: {e}") from e
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ConfigError(f"{path}: line {lineno}: expected label, id, pattern")
        label, ident, raw = (part.strip() for part in parts)
        pattern: str | list[Any] = raw
        if raw.startswith("["):
            try:
                pattern = json.loads(raw)
            except json.JSONDecodeError as e:
                raise ConfigError(f"{path}: line {lineno}: bad JSON pattern: {e}") from e
        entry: dict[str, Any] = {"label": label, "pattern": pattern}
        if ident:
            entry["id"] = ident
        patterns.append(entry)
    return patterns


@functools.cache
def default_patterns() -> TokenPatterns:
    """The shipped patterns (recognition levels, programme names), compiled once."""
    return TokenPatterns.from_file(TOKEN_PATTERNS_FILE)
