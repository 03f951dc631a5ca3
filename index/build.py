"""Building the index: incremental by content hash, parallel across cores, atomic.

- A full build (no index yet, ``full=True``, or a changed schema/tokenizer/taxonomy) writes a new
  file beside the index and renames it into place (``os.replace``), so a reader sees the old index
  or the new one, never a half-built one.
- An incremental build writes inside one transaction of the existing index: killed at any moment,
  SQLite's journal rolls it back and the old index answers as before.
- Worker processes read, extract and tokenise (``prepare_file``); the main process writes.
- A file that fails is reported through ``on_error`` and skipped; nothing of it is written.
"""

from __future__ import annotations

import os
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyintel.errors import PolicyIntelError, StoreError
from policyintel.index import schema
from policyintel.index.measures import Taxonomy
from policyintel.index.prepare import PreparedDocument, file_hash, prepare_file
from policyintel.index.sqlite import SQLiteStore
from policyintel.index.store import default_db_path
from policyintel.nlp import segment

ErrorHandler = Callable[[str, str], None]


@dataclass(slots=True)
class BuildReport:
    db: str
    mode: str  # "full" or "incremental"
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 0
    clauses: int = 0
    records: int = 0
    text_bytes: int = 0
    seconds: float = 0.0

    @property
    def ingested(self) -> int:
        return self.added + self.updated

    def to_dict(self) -> dict[str, Any]:
        return {"db": self.db, "mode": self.mode, "added": self.added, "updated": self.updated,
                "unchanged": self.unchanged, "removed": self.removed,
                "failed": [{"path": p, "error": e} for p, e in self.failed],
                "documents": self.documents, "clauses": self.clauses, "records": self.records,
                "text_bytes": self.text_bytes, "seconds": round(self.seconds, 3)}


def collect_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str | None, Path]]:
    """``(city hint, file)`` for each file given or found under each directory given."""
    from policyintel.corpus_files import DOCUMENT_SUFFIXES

    out: list[tuple[str | None, Path]] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += [(None, f) for f in sorted(p.rglob("*"))
                    if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES]
        else:
            out.append((None, p))
    return out


def _fingerprints(taxonomy: Taxonomy) -> dict[str, str]:
    return {"schema": str(schema.LATEST), "tokenizer": segment.fingerprint(),
            "measures": taxonomy.fingerprint()}


def build(inputs: list[tuple[str | None, Path]] | None = None, db: str | os.PathLike[str] | None = None,
          *, full: bool = False, jobs: int | None = None, progress: bool = False,
          measures_file: str | None = None, similar: bool = True,
          on_error: ErrorHandler | None = None) -> BuildReport:
    """Index ``inputs`` (``(city hint, path)`` pairs; default: the bundled corpus) into ``db``.

    Files already indexed with the same content hash are skipped; indexed files no longer among
    the inputs are removed. ``jobs`` worker processes prepare documents (default: all cores).
    """
    started = time.perf_counter()
    if inputs is None:
        from policyintel.corpus_files import corpus_files

        inputs = [(city, path) for city, path in corpus_files()]
    db_path = Path(db) if db is not None else default_db_path()
    taxonomy = Taxonomy.load(measures_file)
    wanted = _fingerprints(taxonomy)

    _remove_stale_builds(db_path)
    old: dict[str, tuple[int, str]] = {}
    if db_path.exists() and not full:
        with SQLiteStore(db_path) as store:
            if all(store.get_meta(k) == v for k, v in wanted.items()):
                old = store.document_hashes()
            else:
                full = True
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        full = True

    todo, report = [], BuildReport(db=str(db_path), mode="full" if full else "incremental")
    seen: set[str] = set()
    for city, path in inputs:
        resolved = str(Path(path).resolve())
        if resolved in seen:
            continue
        seen.add(resolved)
        try:
            digest = file_hash(path)
        except OSError as e:
            _fail(report, on_error, str(path), f"cannot read: {e.strerror or e}")
            continue
        if resolved in old and old[resolved][1] == digest:
            report.unchanged += 1
            continue
        todo.append((city, path, digest, resolved in old))
    removed = [doc_id for p, (doc_id, _) in old.items() if p not in seen]

    if full:
        tmp = db_path.with_name(f".{db_path.name}.building-{os.getpid()}")
        _unlink(tmp)
        try:
            with SQLiteStore(tmp, create=True, bulk=True) as store:
                _write(store, todo, [], report, taxonomy, wanted, jobs, progress, measures_file,
                       on_error)
                store.finish_bulk()
            for suffix in ("-wal", "-shm"):
                _unlink(db_path.with_name(db_path.name + suffix))
            os.replace(tmp, db_path)
        finally:
            _unlink(tmp)
    else:
        with SQLiteStore(db_path) as store:
            _write(store, todo, removed, report, taxonomy, wanted, jobs, progress, measures_file,
                   on_error)
    with SQLiteStore(db_path) as store:
        stats = store.stats()
        if similar:
            from policyintel.index.similar import SimilarIndex

            SimilarIndex.fit(store).save(store)
    report.documents, report.clauses, report.records = (
        stats["documents"], stats["clauses"], stats["records"])
    report.seconds = time.perf_counter() - started
    return report


def _write(store: SQLiteStore, todo: list, removed: list[int], report: BuildReport,
           taxonomy: Taxonomy, wanted: dict[str, str], jobs: int | None, progress: bool,
           measures_file: str | None, on_error: ErrorHandler | None) -> None:
    bar = _progress_bar(len(todo), progress)
    with store.atomic():
        store.sync_measures(taxonomy)
        for doc_id in removed:
            store.delete_document(doc_id)
            report.removed += 1
        for (city, path, digest, existed), result in zip(
                todo, _prepared(todo, jobs, measures_file), strict=True):
            bar.update(1)
            if isinstance(result, str):
                _fail(report, on_error, str(path), result)
                continue
            try:
                with store.atomic():
                    store.put_document(result)
            except PolicyIntelError as e:
                _fail(report, on_error, str(path), str(e))
                continue
            report.text_bytes += len(result.text.encode("utf-8"))
            if existed:
                report.updated += 1
            else:
                report.added += 1
        if report.mode == "incremental" and (report.ingested or report.removed):
            store.refresh_term_stats()  # a full build refreshes them in finish_bulk
        if report.mode == "incremental":
            store.fill_record_payloads()  # records of an index older than stored payloads
        for key, value in wanted.items():
            store.set_meta(key, value)
        store.set_meta("build_id", uuid.uuid4().hex)
    bar.close()


def _prepare_one(args: tuple[str | None, str, str, str | None]) -> PreparedDocument | str:
    city, path, digest, measures_file = args
    try:
        return prepare_file(path, content_hash=digest, city_hint=city, measures_file=measures_file)
    except PolicyIntelError as e:
        return str(e).removeprefix(f"{path}: ")
    except Exception as e:  # noqa: BLE001 — a bug on one file must not stop the build
        return f"internal error: {type(e).__name__}: {e}"


def _prepared(todo: list, jobs: int | None, measures_file: str | None,
              ) -> Iterator[PreparedDocument | str]:
    """Prepared documents in input order, at most a few per worker in flight."""
    args = [(city, str(path), digest, measures_file) for city, path, digest, _ in todo]
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(args) <= 1:
        yield from map(_prepare_one, args)
        return
    segment.tokenizer()  # loaded once here; forked workers inherit it
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future] = deque()
        it = iter(args)
        for a in it:
            pending.append(pool.submit(_prepare_one, a))
            if len(pending) >= 4 * jobs:
                break
        while pending:
            result = pending.popleft().result()
            nxt = next(it, None)
            if nxt is not None:
                pending.append(pool.submit(_prepare_one, nxt))
            yield result


def _progress_bar(total: int, enabled: bool) -> Any:
    import sys

    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, desc="indexing",
                disable=not (enabled and sys.stderr.isatty()))


def _fail(report: BuildReport, on_error: ErrorHandler | None, path: str, message: str) -> None:
    report.failed.append((path, message))
    if on_error is not None:
        on_error(path, message)


def _remove_stale_builds(db_path: Path) -> None:
    """Delete temp files of full builds whose process is gone (killed mid-build)."""
    for tmp in db_path.parent.glob(f".{db_path.name}.building-*"):
        pid = tmp.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            _unlink(tmp)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as e:
        raise StoreError(f"{path}: cannot remove: {e}") from e
