"""The document model every extractor reads: clean text, metadata, outline, sentences."""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from policyintel.errors import InternalError
from policyintel.ingest.raw import RawDocument, Table

R = TypeVar("R")

DOC_TYPES = ("proposal_reply", "action_plan", "implementation_plan", "measures", "notice", "other")


@dataclass(slots=True)
class Metadata:
    """Document metadata per the extract contract; unknown values stay None, never guessed."""

    title: str | None = None
    city: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None
    doc_type: str | None = None
    addressee: str | None = None
    proposal_number: str | None = None
    session: str | None = None
    proposer: str | None = None
    attachments: tuple[str, ...] = ()

    CONTRACT_FIELDS = ("title", "city", "issuer", "doc_number", "date", "doc_type",
                       "addressee", "proposal_number")

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.CONTRACT_FIELDS}
        data["session"] = self.session
        data["proposer"] = self.proposer
        data["attachments"] = list(self.attachments)
        return data


@dataclass(frozen=True, slots=True)
class Repair:
    """One change cleaning made that a reader should be able to see.

    ``start``/``end`` are offsets in the clean text of the repaired span; ``before`` is what the
    source said there and ``after`` what the clean text says.
    """

    kind: str
    start: int
    end: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the outline and the span it governs (heading included)."""

    heading: str
    level: int
    start: int
    end: int
    heading_end: int
    marker: str = ""
    children: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Document:
    """A cleaned, structured policy document.

    ``text`` is the one string every offset refers to. ``source_offsets[i]`` is the position in
    ``raw.text`` that clean character ``i`` came from, or -1 for a character cleaning inserted.
    ``original_text`` is the clean text before traditional→simplified conversion (same length),
    or None when nothing was converted.
    """

    source: str
    text: str
    raw: RawDocument
    source_offsets: array = field(default_factory=lambda: array("i"))
    metadata: Metadata = field(default_factory=Metadata)
    repairs: list[Repair] = field(default_factory=list)
    outline: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    original_text: str | None = None
    _section_starts: list[int] = field(default_factory=list, repr=False)
    _section_paths: list[tuple[str, ...]] = field(default_factory=list, repr=False)
    _sentence_starts: list[int] = field(default_factory=list, repr=False)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[Document], R]) -> R:
        """``compute(self)`` once per document; extractors share derived analyses this way."""
        if key not in self._memo:
            self._memo[key] = compute(self)
        return self._memo[key]

    # -- records -----------------------------------------------------------------------------
    def record(self, cls: type[R], start: int, end: int, **fields: Any) -> R:
        """Make a record of ``cls`` grounded at ``text[start:end]``, with its section and sentence."""
        if not (0 <= start < end <= len(self.text)):
            raise InternalError(f"{self.source}: record span {start}:{end} outside the text")
        sentence = self.sentence_at(start)
        fields.setdefault("section", self.section_path(start))
        if sentence is not None:
            fields.setdefault("sentence_start", sentence.start)
            fields.setdefault("sentence_end", sentence.end)
        return cls(start=start, end=end, text=self.text[start:end], **fields)  # type: ignore[call-arg]

    # -- lookups ---------------------------------------------------------------------------
    def section_path(self, offset: int) -> tuple[str, ...]:
        """Headings above ``offset``, outermost first, as written."""
        if not self._section_starts:
            # The outline flattened once into a partition of the text: each piece is governed
            # by its deepest section, so a lookup is one bisect.
            pieces = list(_partition(self.outline, (), 0, len(self.text)))
            self._section_starts = [p[0] for p in pieces]
            self._section_paths = [p[1] for p in pieces]
        i = bisect.bisect_right(self._section_starts, offset) - 1
        return self._section_paths[i] if i >= 0 else ()

    def sentence_at(self, offset: int) -> Sentence | None:
        if not self.sentences:
            return None
        if len(self._sentence_starts) != len(self.sentences):
            self._sentence_starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def page_at(self, offset: int) -> int | None:
        """The source page of clean offset ``offset`` (PDF), else None."""
        if not self.raw.pages or not 0 <= offset < len(self.source_offsets):
            return None
        src = self.source_offsets[offset]
        # An inserted character takes the page of the next character that has a source.
        while src < 0 and offset + 1 < len(self.source_offsets):
            offset += 1
            src = self.source_offsets[offset]
        starts = [p[0] for p in self.raw.pages]
        i = bisect.bisect_right(starts, src) - 1
        return self.raw.pages[max(i, 0)][1]


def _partition(sections: list[Section] | tuple[Section, ...], path: tuple[str, ...],
               start: int, end: int):
    """``(start, path)`` pieces covering ``[start, end)``: gaps take ``path``, sections their own."""
    yield (start, path)
    for s in sorted(sections, key=lambda sec: sec.start):
        s_start, s_end = max(s.start, start), min(s.end, end)
        if s_start >= s_end:
            continue
        yield from _partition(s.children, path + (s.heading,), s_start, s_end)
        if s_end < end:
            yield (s_end, path)
