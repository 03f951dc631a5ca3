"""Sentence spans over the clean text.

A sentence ends at 。！？； (or their ASCII forms) together with the closing quotes and brackets
that follow it, or at a newline: a heading line, a signature line and a table cell are each a
sentence of their own. Leading and trailing whitespace is not part of a sentence. One regex pass.
"""

from __future__ import annotations

import re

from policyintel.ingest.document import Sentence

_SENTENCE = re.compile(
    r"[^\s。！？；!?;][^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)】〕》\]]*)?"
    r"|[。！？；!?;]+[”’」』）)】〕》\]]*"  # stray end punctuation at a line start
)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` in order, each with ``text == doc.text[start:end]``."""
    out: list[Sentence] = []
    append = out.append
    for m in _SENTENCE.finditer(text):
        s = m.group()
        start, end = m.span()
        if s[-1].isspace():
            trimmed = s.rstrip()
            end -= len(s) - len(trimmed)
            s = trimmed
        append(Sentence(start, end, s))
    return out
