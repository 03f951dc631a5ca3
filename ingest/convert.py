"""Traditional → simplified characters, keeping every offset (OpenCC, loaded on first need).

Analysis runs on simplified text; the caller keeps the original. The converted text has exactly
the length of the input, character for character, so an offset into one is an offset into the
other. OpenCC converts by phrase first (乾燥 → 干燥 but 乾隆 stays); where a line's phrase
conversion would change its length, that line is converted character by character instead.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_CHUNK = 1 << 18
# The CJK blocks scanned to learn which characters OpenCC's t2s changes.
_SCAN = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
_CHAR_REF = re.compile(rb"&#(\d+);")


def _only_gb2312(text: str) -> bool:
    """True when every CJK ideograph of ``text`` is in GB2312 (so none is traditional-only), cheaply.

    Characters outside the scanned blocks do not count: t2s changes none of them, and simplified
    text is full of punctuation Python's GB2312 codec lacks (— U+2014, · U+00B7), which must not
    load OpenCC (several MB) for every document. A literal ``&#…;`` in the text only sends it to
    the exact check.
    """
    for i in range(0, len(text), _CHUNK):
        data = text[i:i + _CHUNK].encode("gb2312", errors="xmlcharrefreplace")
        if b"&#" in data and any(_scanned(int(m.group(1))) for m in _CHAR_REF.finditer(data)):
            return False
    return True


def _scanned(code: int) -> bool:
    return any(lo <= code < hi for lo, hi in _SCAN)


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _char_table() -> tuple[dict[int, str], re.Pattern[str]]:
    """Single-character t2s mapping and a pattern matching any character it changes."""
    chars = "".join(chr(c) for lo, hi in _SCAN for c in range(lo, hi))
    converted = _converter().convert("\n".join(chars)).split("\n")
    table = {ord(a): b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}
    pattern = re.compile("[" + "".join(re.escape(chr(c)) for c in table) + "]")
    return table, pattern


def has_traditional(text: str) -> bool:
    """Whether ``text`` holds a character that t2s would change (GB2312 text never does, except
    the few traditional forms GB2312 also holds, which only appear with others outside it)."""
    if _only_gb2312(text):
        return False
    _, pattern = _char_table()
    return pattern.search(text) is not None


def to_simplified(text: str) -> str | None:
    """``text`` with traditional characters made simplified, same length; None if none changed."""
    if not has_traditional(text):
        return None
    table, pattern = _char_table()
    converter = _converter()
    out = []
    changed = False
    for line in text.splitlines(keepends=True):
        if pattern.search(line) is None:
            out.append(line)
            continue
        simple = converter.convert(line)
        if len(simple) != len(line):
            simple = line.translate(table)
        changed = changed or simple != line
        out.append(simple)
    return "".join(out) if changed else None
