"""The document model every extractor reads: clean text, metadata, outline, sentences."""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from policyintel.errors import InternalError
from policyintel.ingest.offsets import OffsetMap
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


class Sentences(Sequence[Sentence]):
    """The sentences of a text, kept as two arrays of offsets; a Sentence is made when asked for.

    A Sentence object holding its own copy of its text costs some 290 bytes (object, two ints, the
    string), more than the characters it covers; the spans cost 8 bytes a sentence. Items compare
    equal to the Sentence objects of a list, so ``doc.sentences`` reads as a list of them.
    """

    __slots__ = ("_text", "ends", "starts")

    def __init__(self, text: str, starts: array, ends: array) -> None:
        self._text = text
        self.starts = starts  # sorted: a bisect finds the sentence at an offset
        self.ends = ends

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        start, end = self.starts[i], self.ends[i]
        return Sentence(start, end, self._text[start:end])

    def __iter__(self) -> Iterator[Sentence]:
        text = self._text
        for start, end in zip(self.starts, self.ends):
            yield Sentence(start, end, text[start:end])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sentences):
            return (self.starts == other.starts and self.ends == other.ends
                    and all(a.text == b.text for a, b in zip(self, other)))
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Sentences({len(self)} sentences)"


@dataclass(slots=True)
class Document:
    """A cleaned, structured policy document.

    ``text`` is the one string every offset refers to. ``source_offsets[i]`` is the position in
    ``raw.text`` that clean character ``i`` came from, or -1 for a character cleaning inserted
    (an :class:`~policyintel.ingest.offsets.OffsetMap`, which reads like an ``array("i")``).
    ``original_text`` is the clean text before traditional→simplified conversion (same length),
    or None when nothing was converted.
    """

    source: str
    text: str
    raw: RawDocument
    source_offsets: OffsetMap | array = field(default_factory=OffsetMap)
    metadata: Metadata = field(default_factory=Metadata)
    repairs: list[Repair] = field(default_factory=list)
    outline: list[Section] = field(default_factory=list)
    sentences: Sequence[Sentence] = field(default_factory=list)
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
        sentences = self.sentences
        if not sentences:
            return None
        starts = getattr(sentences, "starts", None)  # Sentences keeps them as an array
        if starts is None:
            if len(self._sentence_starts) != len(sentences):
                self._sentence_starts = [s.start for s in sentences]
            starts = self._sentence_starts
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0:
            sentence = sentences[i]
            if sentence.start <= offset < sentence.end:
                return sentence
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
