"""What a loader returns: the text of a file in reading order, before cleaning."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its text and where it sits in the text it belongs to."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Table:
    """A table kept as rows of cells.

    Loaders write a table into the running text one cell per line (the way government web
    pages flatten them), so that offsets work for cells as for prose; ``rows`` keeps the grid.
    ``page`` is the page the table starts on (PDF), None elsewhere.
    """

    rows: tuple[tuple[Cell, ...], ...]
    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A file's text as extracted, with where it came from.

    ``text`` holds paragraphs separated by newlines. ``pages`` lists ``(offset, page_number)``
    where each page begins in ``text`` (PDF only). ``hints`` carries metadata the container
    states outside the text (an HTML ``<title>``, a DOCX core property), never guesses.
    """

    path: str
    format: str
    text: str
    pages: tuple[tuple[int, int], ...] = ()
    tables: tuple[Table, ...] = ()
    encoding: str | None = None
    hints: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
