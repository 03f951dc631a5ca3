"""Cleaning: raw text → the one clean text every offset refers to, with an offset map.

(First cut: identity. The cleaning issue replaces it.)
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from policyintel.ingest.document import Repair


@dataclass(slots=True)
class CleanText:
    text: str
    offsets: array
    repairs: list[Repair] = field(default_factory=list)


def clean(raw_text: str) -> CleanText:
    return CleanText(raw_text, array("l", range(len(raw_text))))
