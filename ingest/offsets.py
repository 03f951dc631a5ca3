"""The offset map from clean text to raw text, kept as runs.

Cleaning copies the raw text in long slices (whole lines, whole paragraphs) and inserts a few
characters (年, 月, 〕), so the map ``clean position → raw position`` is a short list of runs: run
``k`` covers the clean positions from ``starts[k]`` to the next run's start, and maps them to
``sources[k]``, ``sources[k] + 1``, …, or to -1 (inserted characters) when ``sources[k]`` is -1.
That costs 8 bytes a run instead of 4 bytes a character; a lookup is one bisect.

:class:`OffsetMap` reads like the ``array("i")`` it replaces (``len``, indexing, iteration,
``tobytes``), so a caller that stores or walks the map needs no change.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator
from itertools import repeat


class OffsetMap:
    """``map[i]``: the raw-text position of clean character ``i``, or -1 for an inserted one."""

    __slots__ = ("_length", "sources", "starts")

    def __init__(self) -> None:
        self.starts = array("i")
        self.sources = array("i")
        self._length = 0

    # -- building ------------------------------------------------------------------------------
    def add_source(self, source: int, n: int) -> None:
        """Append ``n`` characters copied from raw positions ``source``, ``source + 1``, …"""
        if n <= 0:
            return
        if self.starts:
            last = self.sources[-1]
            if last >= 0 and last + (self._length - self.starts[-1]) == source:
                self._length += n  # continues the last run
                return
        self.starts.append(self._length)
        self.sources.append(source)
        self._length += n

    def add_inserted(self, n: int) -> None:
        """Append ``n`` characters that have no source."""
        if n <= 0:
            return
        if not self.starts or self.sources[-1] >= 0:
            self.starts.append(self._length)
            self.sources.append(-1)
        self._length += n

    def add_map(self, other: OffsetMap, a: int, b: int) -> None:
        """Append what ``other`` maps positions ``a`` to ``b`` (exclusive) to."""
        if a >= b:
            return
        starts, sources = other.starts, other.sources
        k = bisect.bisect_right(starts, a) - 1
        while a < b:
            run_end = starts[k + 1] if k + 1 < len(starts) else other._length
            n = min(run_end, b) - a
            source = sources[k]
            if source < 0:
                self.add_inserted(n)
            else:
                self.add_source(source + a - starts[k], n)
            a += n
            k += 1

    # -- reading like array("i") ---------------------------------------------------------------
    def __len__(self) -> int:
        return self._length

    def __getitem__(self, i: int | slice) -> int | array:
        if isinstance(i, slice):
            return self.to_array()[i]
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError("offset map index out of range")
        k = bisect.bisect_right(self.starts, i) - 1
        source = self.sources[k]
        return -1 if source < 0 else source + i - self.starts[k]

    def runs(self) -> Iterator[tuple[int, int, int]]:
        """``(clean start, clean end, raw start or -1)`` of every run, in order."""
        starts, sources = self.starts, self.sources
        for k in range(len(starts)):
            end = starts[k + 1] if k + 1 < len(starts) else self._length
            yield starts[k], end, sources[k]

    def __iter__(self) -> Iterator[int]:
        for start, end, source in self.runs():
            if source < 0:
                yield from repeat(-1, end - start)
            else:
                yield from range(source, source + end - start)

    def to_array(self) -> array:
        """The map as one ``array("i")``, a value per clean character."""
        out = array("i")
        for start, end, source in self.runs():
            if source < 0:
                out.extend(repeat(-1, end - start))
            else:
                out.extend(range(source, source + end - start))
        return out

    def tobytes(self) -> bytes:
        """The bytes of :meth:`to_array` (what ``array("i").tobytes()`` gives)."""
        return self.to_array().tobytes()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetMap):
            return (self._length == other._length and self.starts == other.starts
                    and self.sources == other.sources)
        if isinstance(other, array | list | tuple):
            return len(other) == self._length and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"OffsetMap({self._length} characters in {len(self.starts)} runs)"
