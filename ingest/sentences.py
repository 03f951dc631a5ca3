"""Sentence spans over the clean text."""

from __future__ import annotations

import re

from policyintel.ingest.document import Sentence

_SENTENCE = re.compile(r"[^。！？；!?;\n]+(?:[。！？；!?;]+[”’」』）)]*)?")


def split_sentences(text: str) -> list[Sentence]:
    out = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Sentence(start, end, text[start:end]))
    return out
