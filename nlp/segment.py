"""Chinese word segmentation shared by the index and the extractors.

One cached jieba ``Tokenizer`` per user dictionary (never jieba's global tokenizer, which other
code may rebind), loaded with the policy-domain dictionary ``nlp/data/userdict.txt`` so that
programme names such as 技能大师工作室 or 1+X证书 stay whole. ``jieba_fast`` gives the same tokens
faster and is used when it offers the same ``Tokenizer`` API.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

USERDICT = Path(__file__).resolve().parent / "data" / "userdict.txt"
# User-dictionary words get at least this frequency so the DAG keeps them whole.
_MIN_FREQ = 2000
# A letter or digit (str.isalnum: Unicode categories L* and N*), the characters SQLite's
# unicode61 tokenizer keeps; runs of them are its tokens.
_ALNUM = re.compile(r"[^\W_]")
_ALNUM_RUN = re.compile(r"[^\W_]+")


def jieba_module() -> Any:
    try:
        import jieba_fast as module

        if hasattr(module, "Tokenizer") and hasattr(module.Tokenizer, "cut_for_search"):
            _quiet(module)
            return module
    except ImportError:
        pass
    import jieba as module

    _quiet(module)
    return module


def _quiet(module: Any) -> None:
    # jieba logs "Building prefix dict…" at DEBUG on its own stderr handler; a library stays quiet.
    logger = getattr(module, "default_logger", None) or logging.getLogger(module.__name__)
    logger.setLevel(logging.WARNING)


def read_userdict(path: str | os.PathLike[str] = USERDICT) -> list[tuple[str, int | None, str | None]]:
    """``(word, freq, tag)`` rows of a jieba user dictionary; ``#`` lines are comments."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        rows.append((word, freq, tag))
    return rows


def tokenizer(userdict: str | None = None) -> Any:
    """The initialised jieba Tokenizer for ``userdict`` (default: the bundled dictionary)."""
    # One cache key per dictionary file, however it is named (tokenizer() is tokenizer(None)).
    return _tokenizer(str(userdict or USERDICT))


@lru_cache(maxsize=4)
def _tokenizer(userdict: str) -> Any:
    module = jieba_module()
    tok = module.Tokenizer()
    tok.initialize()
    for word, freq, tag in read_userdict(userdict):
        tok.add_word(word, max(freq or 0, _MIN_FREQ), tag)
    return tok


@lru_cache(maxsize=4)
def fingerprint(userdict: str | None = None) -> str:
    """A digest of what decides the tokens (library, version, user dictionary)."""
    module = jieba_module()
    digest = hashlib.sha256()
    digest.update(f"{module.__name__} {getattr(module, '__version__', '')}".encode())
    digest.update(Path(userdict or USERDICT).read_bytes())
    return digest.hexdigest()[:16]


def is_word_token(token: str) -> bool:
    """True for a token with a letter or digit (punctuation and spaces are not words)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def cut(text: str, *, userdict: str | None = None) -> list[str]:
    """Precise-mode words of ``text`` (punctuation and spaces dropped)."""
    return [w for w in tokenizer(userdict).cut(text, HMM=True) if is_word_token(w)]


def cut_for_search(text: str, *, userdict: str | None = None) -> list[str]:
    """Search-mode words: each long word and the dictionary words inside it (大师, 工作室 …)."""
    return [w for w in tokenizer(userdict).cut_for_search(text, HMM=True) if is_word_token(w)]


def iter_chars(text: str) -> Iterator[str]:
    """Character unigrams of ``text`` that are letters or digits (for substring search)."""
    return iter(_ALNUM.findall(text))


def split_like_index(word: str) -> list[str]:
    """``word`` as the index holds it: split at what is not a letter or digit, lower-cased."""
    return _ALNUM_RUN.findall(word.lower())


def index_words(text: str, *, userdict: str | None = None) -> list[str]:
    """Search-mode words of ``text`` as the FTS index stores them: each word split at what is
    not a letter or digit and lower-cased, as SQLite's unicode61 tokenizer would split it (so
    ``1+X证书`` gives ``1`` and ``x证书``). One regex pass instead of a test per word: this runs
    over every clause of a build."""
    return _ALNUM_RUN.findall(" ".join(tokenizer(userdict).cut_for_search(text, HMM=True)).lower())
