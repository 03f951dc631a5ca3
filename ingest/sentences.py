"""Sentence spans over the clean text.

A sentence ends at 。！？； (or their ASCII forms) together with the closing quotes and brackets
that follow it, or at a newline: a heading line, a signature line and a table cell are each a
sentence of their own. Leading and trailing whitespace is not part of a sentence. One regex pass.
"""

from __future__ import annotations

import re
from array import array

from policyintel.ingest.document import Sentences

_SENTENCE = re.compile(
    r"[^\s。！？；!?;][^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)】〕》\]]*)?"
    r"|[。！？；!?;]+[”’」』）)】〕》\]]*"  # stray end punctuation at a line start
)


def split_sentences(text: str) -> Sentences:
    """Sentences of ``text`` in order, each with ``text == doc.text[start:end]``."""
    starts, ends = array("i"), array("i")
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        if text[end - 1].isspace():
            end = start + len(text[start:end].rstrip())
        starts.append(start)
        ends.append(end)
    return Sentences(text, starts, ends)
