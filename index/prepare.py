"""A Document and its records → the rows the store writes (picklable, made in worker processes).

Preparation does the CPU-heavy part of indexing (reading, extraction, jieba tokenisation, measure
linking) so that a build can run it across cores while one process writes.

Clauses are the document's sentences, each with its FTS columns (words, characters, filter tags)
and its length in FTS tokens, which orders the FTS rowids (see ``fts_rowid``). Each record gets a
``scope``: the paragraph (line) of the
task it belongs to. A responsibility note that stands on its own line (（责任单位：…）) belongs to
the paragraph before it, so it and the records of that task share a scope.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import operator
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from policyintel.errors import StoreError
from policyintel.extractors.records import Record
from policyintel.index.measures import Taxonomy
from policyintel.ingest.document import Document, Section
from policyintel.nlp import segment

PATH_SEP = "\x1f"  # joins the headings of a section path in one column
_YEAR = re.compile(r"^(\d{4})")
_NEWLINE = re.compile("\n")
# What may stand before a responsibility note at the start of its line.
_LEAD_IN = re.compile(r"^[\s(（〔\[【]*$")


# Columns of each typed table, in the order of the record dataclass fields they hold.
TYPED_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "target": ("targets", ("metric", "value", "unit", "comparator", "deadline_year", "scope",
                           "recurring", "plan_end_year")),
    "achievement": ("achievements", ("metric", "value", "unit", "year")),
    "subsidy": ("subsidies", ("recipient", "level", "amount_yuan", "is_cap", "ratio", "per", "form")),
    "responsibility": ("responsibilities", ()),
}
# Record fields stored in the records table or record_units rather than the typed table.
COMMON_FIELDS = ("start", "end", "text", "section", "sentence_start", "sentence_end", "confidence")
UNIT_FIELDS = ("lead_units", "partner_units", "lead_units_canonical", "partner_units_canonical")


class PreparedRecord(NamedTuple):
    """A record as the rows the store writes. Plain tuples, not the record dataclass: they
    cross from the worker to the writing process, where unpickling frozen dataclasses cost more
    than writing them."""

    kind: str
    row: tuple[Any, ...]  # start, end, text, section path, sentence_start, sentence_end, confidence
    typed: tuple[Any, ...]  # the values of TYPED_COLUMNS[kind]
    units: tuple[tuple[str, int, str, str | None], ...]  # (role, position, surface, canonical)
    clause: int | None  # index into PreparedDocument.clauses
    scope: int  # paragraph of the task the record belongs to
    measures: list[tuple[str, int, int, str, str]]  # (measure, start, end, surface, via)

    @classmethod
    def of(cls, r: Record, clause: int | None, scope: int,
           measures: list[tuple[str, int, int, str, str]]) -> PreparedRecord:
        units: list[tuple[str, int, str, str | None]] = []
        if r.kind == "responsibility":
            for role in ("lead", "partner"):
                surfaces = getattr(r, f"{role}_units", ())
                canon = getattr(r, f"{role}_units_canonical", ())
                units += [(role, i, s, canon[i] if i < len(canon) else None)
                          for i, s in enumerate(surfaces)]
        return cls(r.kind, (r.start, r.end, r.text, PATH_SEP.join(r.section), r.sentence_start,
                            r.sentence_end, r.confidence),
                   tuple(getattr(r, n, None) for n in TYPED_COLUMNS[r.kind][1]), tuple(units),
                   clause, scope, measures)


@dataclass(slots=True)
class PreparedDocument:
    path: str  # resolved path: the document's identity across builds
    source: str  # the path as given, shown to users
    content_hash: str
    format: str | None
    encoding: str | None
    metadata: dict[str, Any]
    year: int | None
    text: str
    original_text: str | None
    source_offsets: bytes
    repairs: str  # JSON
    sections: list[tuple[int | None, str, int, str, int, int, int, str]] = field(default_factory=list)
    # (start, end, paragraph, section index, section path, words, chars, tags, n_tokens)
    clauses: list[tuple[int, int, int, int | None, str, str, str, str, int]] = field(
        default_factory=list)
    records: list[PreparedRecord] = field(default_factory=list)


def file_hash(path: str | os.PathLike[str]) -> str:
    """sha256 of the file's bytes: what decides whether a document must be re-ingested."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# The FTS rowid of a clause is (its length in FTS tokens << 32) | its id: FTS5 walks a posting
# list in rowid order, so the first matches of any query are its shortest clauses — the ones BM25
# ranks highest for a single occurrence — and a ranked query can stop after a window of them.
_LENGTH_SHIFT = 32
_ID_MASK = (1 << _LENGTH_SHIFT) - 1
_MAX_LENGTH = (1 << 20) - 1


# Every token of the ``words`` column starts with this private-use character, which SQLite's
# unicode61 tokenizer keeps in a token (category Co) and no text token holds (the columns keep
# letters and digits only). Unmarked, a word was the same FTS term as the character or bigram
# that spells it: one posting list for both columns, so a search for the word 作 read every
# clause holding the character 作 and checked each one's column (a stage of a two-character
# query such as 作和 took up to 30 ms on the bench index). The words are marked rather than the
# characters because there are fewer of them (a build pays for each mark).
WORD_MARK = "\ue000"


def word_tokens(word: str) -> list[str]:
    """The ``words`` column's tokens of a query word: as the index holds it (split at what is
    not a letter or digit, lower-cased), each marked."""
    return [WORD_MARK + t for t in segment.split_like_index(word)]


def char_pairs(chars: list[str] | tuple[str, ...]) -> list[str]:
    """The bigrams of a run of characters, in order (joined in C: this runs over every
    character of a build)."""
    return list(map(operator.add, chars, chars[1:]))


def char_sequence(chars: list[str] | tuple[str, ...]) -> list[str]:
    """The ``chars`` tokens that match a run of characters, lower-cased as the index holds them:
    its bigrams in order (a phrase of them holds the run), or the character itself when the
    run is one character."""
    return [t.lower() for t in (char_pairs(chars) if len(chars) > 1 else chars)]


def fts_columns(text: str, tags: str) -> tuple[str, str, int]:
    """``(words, chars, n_tokens)`` of a clause: its FTS columns and how many FTS tokens the
    clause holds in all three columns (the row length BM25 normalises by).

    ``words`` holds the jieba words, each marked (``WORD_MARK``). ``chars`` holds the character
    unigrams, then the bigrams: a search for a run of characters is a phrase of bigrams
    (``char_sequence``), whose posting lists are short, where a phrase of unigrams read the long
    lists of common characters (人, 市) and matched their positions."""
    words = segment.index_words(text)
    chars = list(segment.iter_chars(text))
    # Not lower-cased here: the FTS tokenizer folds case as it indexes.
    column = " ".join(chars)
    if len(chars) > 1:
        column += " " + " ".join(char_pairs(chars))
    marked = WORD_MARK + (" " + WORD_MARK).join(words) if words else ""
    return (marked, column,
            len(words) + max(2 * len(chars) - 1, 0) + tags.count(" ") + bool(tags))


def fts_rowid(clause_id: int, n_tokens: int) -> int:
    """The FTS rowid of clause ``clause_id`` holding ``n_tokens`` tokens: shorter clauses first."""
    if not 0 < clause_id <= _ID_MASK:
        raise StoreError(f"clause id {clause_id} is out of the FTS rowid range")
    return (min(n_tokens, _MAX_LENGTH) << _LENGTH_SHIFT) | clause_id


def clause_id_of(rowid: int) -> int:
    """The clause id inside an FTS rowid."""
    return rowid & _ID_MASK


def clause_tags(city: str | None, doc_type: str | None, year: int | None,
                kinds: list[str] | set[str]) -> str:
    """The ``tags`` FTS column of a clause: its filter values as tokens (c宜宾 tmeasures y2022
    ksubsidy), so filters are posting-list intersections inside FTS5 rather than joins."""
    return " ".join(tag for tag in (
        filter_tag("c", city), filter_tag("t", doc_type), filter_tag("y", year),
        *(filter_tag("k", k) for k in sorted(kinds))) if tag)


def filter_tag(prefix: str, value: object) -> str | None:
    """One tag token: prefix + the value's letters and digits, lower case (one FTS5 token)."""
    if value is None or value == "":
        return None
    return prefix + re.sub(r"[\W_]", "", str(value)).lower()


def prepare_document(doc: Document, records: list[Record], *, path: str, content_hash: str,
                     taxonomy: Taxonomy, city_hint: str | None = None) -> PreparedDocument:
    """The rows of ``doc`` and its ``records``, tokenised and linked to measures."""
    meta = doc.metadata.to_dict()
    if not meta.get("city") and city_hint:
        meta["city"] = city_hint
    date = meta.get("date") or ""
    m = _YEAR.match(date)
    offsets = doc.source_offsets
    prepared = PreparedDocument(
        path=path, source=doc.source, content_hash=content_hash, format=doc.raw.format,
        encoding=doc.raw.encoding, metadata=meta, year=int(m.group(1)) if m else None,
        text=doc.text, original_text=doc.original_text,
        source_offsets=offsets.tobytes() if offsets is not None else b"",
        repairs=json.dumps([{"kind": r.kind, "start": r.start, "end": r.end, "before": r.before,
                             "after": r.after} for r in doc.repairs], ensure_ascii=False),
    )
    section_index = _add_sections(prepared, doc.outline)
    newlines = [m.start() for m in _NEWLINE.finditer(doc.text)]

    def paragraph(offset: int) -> int:
        return bisect.bisect_right(newlines, offset - 1) if newlines else 0

    spans = [(s.start, s.end) for s in doc.sentences] or ([(0, len(doc.text))] if doc.text.strip() else [])
    clause_starts = [start for start, _ in spans]
    kinds: list[set[str]] = [set() for _ in spans]
    for record in records:
        i = bisect.bisect_right(clause_starts, record.start) - 1
        clause = i if i >= 0 and record.start < spans[i][1] else None
        if clause is not None:
            kinds[clause].add(record.kind)
        scope = paragraph(record.start)
        line_start = newlines[scope - 1] + 1 if scope > 0 else 0
        if record.kind == "responsibility" and scope > 0 and _LEAD_IN.match(doc.text[line_start:record.start]):
            scope = _previous_paragraph(doc.text, newlines, scope)
        prepared.records.append(PreparedRecord.of(
            record, clause, scope, link_measures(doc, record, scope, newlines, taxonomy)))
    city, doc_type = meta.get("city"), meta.get("doc_type")
    for (start, end), clause_kinds in zip(spans, kinds, strict=True):
        path_t = doc.section_path(start)
        tags = clause_tags(city, doc_type, prepared.year, clause_kinds)
        words, chars, n_tokens = fts_columns(doc.text[start:end], tags)
        prepared.clauses.append((start, end, paragraph(start), section_index.get(path_t),
                                 PATH_SEP.join(path_t), words, chars, tags, n_tokens))
    return prepared


def link_measures(doc: Document, record: Record, scope: int, newlines: list[int],
                  taxonomy: Taxonomy) -> list[tuple[str, int, int, str, str]]:
    """Measures a record is about: ``(measure, start, end, surface, via)``.

    A target, achievement or subsidy that names a measure itself (in its text, metric or
    recipient) is linked to that measure only, so 技能大师工作室5个、高技能人才培训基地2个 gives
    each number its own measure; otherwise to every measure its sentence names. A
    responsibility is linked to the measures of its whole task (its paragraph). With none
    there, the innermost heading above the record is read.
    """
    if record.kind == "responsibility":
        start = newlines[scope - 1] + 1 if scope > 0 else 0
        end = max(record.end, record.sentence_end or record.end)
    elif record.sentence_start is not None and record.sentence_end is not None:
        start, end = record.sentence_start, record.sentence_end
    else:
        start, end = record.start, record.end
    found = [(m.measure, start + m.start, start + m.end, m.surface, "sentence")
             for m in taxonomy.find(doc.text[start:end])]
    if record.kind != "responsibility":
        own_text = " ".join(str(getattr(record, name, None) or "")
                            for name in ("metric", "recipient")) + " " + record.text
        own = {m.measure for m in taxonomy.find(own_text)}
        if own:
            mine = [f for f in found if f[0] in own]
            # The mention nearest before the record, else the record's own span.
            mine.sort(key=lambda f: (f[1] > record.start, abs(record.start - f[1])))
            found = mine + [(name, record.start, record.end, record.text, "sentence")
                            for name in sorted(own - {f[0] for f in mine})]
    if not found:
        heading = _innermost_heading(doc.outline, record.start)
        if heading is not None:
            found = [(m.measure, heading.start + m.start, heading.start + m.end, m.surface, "heading")
                     for m in taxonomy.find(doc.text[heading.start:heading.heading_end])]
    seen: set[str] = set()
    return [f for f in found if not (f[0] in seen or seen.add(f[0]))]


def _innermost_heading(sections: list[Section] | tuple[Section, ...], offset: int) -> Section | None:
    for s in sections:
        if s.start <= offset < s.end:
            return _innermost_heading(s.children, offset) or s
    return None


def _previous_paragraph(text: str, newlines: list[int], para: int) -> int:
    while para > 0:
        para -= 1
        start = newlines[para - 1] + 1 if para > 0 else 0
        if text[start:newlines[para]].strip():
            return para
    return 0


def _add_sections(prepared: PreparedDocument, outline: list[Section]) -> dict[tuple[str, ...], int]:
    index: dict[tuple[str, ...], int] = {}

    def walk(sections: tuple[Section, ...] | list[Section], parent: int | None,
             above: tuple[str, ...]) -> None:
        for s in sections:
            path_t = above + (s.heading,)
            prepared.sections.append((parent, s.heading, s.level, s.marker, s.start, s.end,
                                      s.heading_end, PATH_SEP.join(path_t)))
            me = len(prepared.sections) - 1
            index.setdefault(path_t, me)
            walk(s.children, me, path_t)

    walk(outline, None, ())
    return index


def prepare_file(path: str | os.PathLike[str], *, content_hash: str | None = None,
                 city_hint: str | None = None, measures_file: str | None = None) -> PreparedDocument:
    """Read, extract and prepare one file (runs in a worker process)."""
    from policyintel.extractors.pipeline import extract
    from policyintel.ingest import read

    doc = read(path)
    resolved = str(Path(path).resolve())
    return prepare_document(doc, extract(doc), path=resolved,
                            content_hash=content_hash or file_hash(path),
                            taxonomy=Taxonomy.load(measures_file), city_hint=city_hint)
