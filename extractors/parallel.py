"""Extraction over many documents with a process pool (one worker per core).

Extraction is pure Python and holds the GIL, so threads do not help; processes do. Each worker
warms up once (imports the extractors, builds the jieba tokenizer and the compiled tables)
and then takes chunks of documents. Results come back in input order; a document that cannot
be read is reported in its result's ``error`` and the others go on.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyintel.errors import ConfigError, PolicyIntelError
from policyintel.extractors.pipeline import DEFAULT_KINDS
from policyintel.extractors.records import Record
from policyintel.ingest.document import Document

Item = str | os.PathLike[str]


@dataclass(slots=True)
class Extracted:
    """One input's outcome: its records (and Document, when asked for), or the error."""

    source: str
    records: list[Record] = field(default_factory=list)
    document: Document | None = None
    error: str | None = None
    chars: int = 0


def extract_one(item: Item, *, kinds: Sequence[str] = DEFAULT_KINDS,
                keep_document: bool = True, source: str | None = None) -> Extracted:
    """Read (a path) or parse (a str of text) one input and run the extractors over it."""
    from policyintel.extractors.pipeline import extract
    from policyintel.ingest import from_text, read

    if isinstance(item, str):
        name = source or "<text>"
    else:
        name = source or os.fspath(item)
    try:
        doc = from_text(item, source=name) if isinstance(item, str) else read(Path(item))
        records = extract(doc, kinds)
    except PolicyIntelError as e:
        return Extracted(name, error=str(e))
    return Extracted(name, records, doc if keep_document else None, chars=len(doc.text))


def warm_up(kinds: Sequence[str] = DEFAULT_KINDS) -> None:
    """Pay the one-off costs (imports, tokenizer, compiled tables) on a tiny document."""
    extract_one("为贯彻落实有关部署，到2027年培训技能人才1000人次以上。（责任单位：市人社局）",
                kinds=kinds, keep_document=False)


def _run_chunk(args: tuple[list[tuple[Item, str | None]], tuple[str, ...], bool]) -> list[Extracted]:
    items, kinds, keep = args
    return [extract_one(item, kinds=kinds, keep_document=keep, source=src) for item, src in items]


def default_workers() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_many(items: Iterable[Item], *, workers: int | None = None,
                 kinds: Sequence[str] = DEFAULT_KINDS, keep_documents: bool = True,
                 chunksize: int | None = None, sources: Sequence[str] | None = None
                 ) -> list[Extracted]:
    """Extract records from each item, in input order, on ``workers`` processes.

    ``items``: a ``str`` is document *text*; a ``pathlib.Path`` (any ``os.PathLike``) is a
    file to read. ``sources`` optionally names each item (default: its path, or ``<text>``).
    ``workers=1`` runs in this process. ``keep_documents=False`` sends back only records
    (cheaper: a Document carries its text twice). ``chunksize``: documents per task (default:
    about four tasks per worker).
    """
    listed = list(items)
    names: list[str | None] = list(sources) if sources is not None else [None] * len(listed)
    if len(names) != len(listed):
        raise ConfigError("sources must name every item")
    pairs = list(zip(listed, names, strict=True))
    workers = max(1, min(workers or default_workers(), len(pairs) or 1))
    if workers == 1:
        return [extract_one(i, kinds=kinds, keep_document=keep_documents, source=s)
                for i, s in pairs]
    size = chunksize or max(1, -(-len(pairs) // (workers * 4)))
    chunks = [(pairs[i:i + size], tuple(kinds), keep_documents)
              for i in range(0, len(pairs), size)]
    # Forked workers share the parent's heap copy-on-write; a garbage collection in a worker
    # would walk (and so copy) all of it, jieba's dictionaries included. Frozen objects are
    # left alone by the collector.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                                 initializer=warm_up, initargs=(tuple(kinds),)) as pool:
            return [result for chunk in pool.map(_run_chunk, chunks) for result in chunk]
    finally:
        gc.unfreeze()


def _context() -> Any:
    # fork starts workers in milliseconds and shares the parent's imported modules; where it
    # does not exist (Windows, macOS default) spawn is used and each worker imports afresh.
    # (macOS lists fork but it is unsafe there with system frameworks loaded.)
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
