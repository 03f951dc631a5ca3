"""Outline tree from Chinese numbering. (First cut: no outline; the ingest issue fills it.)"""

from __future__ import annotations

from policyintel.ingest.document import Section


def build_outline(text: str) -> list[Section]:
    return []
