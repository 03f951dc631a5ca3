"""Building: incremental by content hash, bad files skipped and reported, atomic under SIGKILL."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from policyintel.corpus_files import corpus_files
from policyintel.index.build import build, collect_inputs
from policyintel.index.search import search
from policyintel.index.store import open_store


def _copy_corpus(dest: Path, copies: int = 1) -> Path:
    """The bundled corpus under ``dest``; extra copies differ by a trailing line (new hashes)."""
    for i in range(copies):
        for city, path in corpus_files():
            target = dest / city / (f"{path.stem}-{i}{path.suffix}" if i else path.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            if i:
                with open(target, "a", encoding="utf-8") as fh:
                    fh.write(f"\n（第{i}份副本）\n")
    return dest


def _count(db: Path, query: str = "技能大师工作室") -> tuple[int, int]:
    with open_store(db) as store:
        n_docs = store.stats()["documents"]
        return n_docs, len(search(store, query, limit=1000).hits)


def test_incremental_build_skips_unchanged_and_follows_changes(tmp_path):
    corpus = _copy_corpus(tmp_path / "corpus")
    db = tmp_path / "i.db"
    first = build(collect_inputs([corpus]), db, jobs=1, similar=False)
    n = len(corpus_files())
    assert (first.mode, first.added, first.unchanged) == ("full", n, 0)

    again = build(collect_inputs([corpus]), db, jobs=1, similar=False)
    assert (again.mode, again.ingested, again.unchanged) == ("incremental", 0, n)

    changed = next(corpus.rglob("*.txt"))
    with open(changed, "a", encoding="utf-8") as fh:
        fh.write("\n新增：建设技能大师工作室10个。\n")
    removed = max(corpus.rglob("*.txt"))
    removed.unlink()
    third = build(collect_inputs([corpus]), db, jobs=1, similar=False)
    assert (third.updated, third.added, third.removed, third.unchanged) == (1, 0, 1, n - 2)
    assert third.documents == n - 1
    with open_store(db) as store:
        paths = {d.path for d in store.documents()}
    assert str(changed.resolve()) in paths and str(removed.resolve()) not in paths


def test_incremental_build_fills_payloads_an_older_index_lacks(tmp_path):
    corpus = _copy_corpus(tmp_path / "corpus")
    db = tmp_path / "p.db"
    build(collect_inputs([corpus]), db, jobs=1, similar=False)
    with open_store(db) as store:
        stored = store.conn.execute("SELECT id, payload FROM records ORDER BY id").fetchall()
        with store.atomic():  # as an index written before schema 6 left them
            store.conn.execute("UPDATE records SET payload = NULL")
    report = build(collect_inputs([corpus]), db, jobs=1, similar=False)
    assert report.mode == "incremental" and report.ingested == 0
    with open_store(db) as store:
        assert store.conn.execute("SELECT id, payload FROM records ORDER BY id").fetchall() == stored
    assert stored and all(p is not None for _, p in stored)


def test_bad_file_is_reported_and_skipped(tmp_path):
    corpus = _copy_corpus(tmp_path / "corpus")
    bad = corpus / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n this is not a pdf at all")
    errors = []
    report = build(collect_inputs([corpus]), tmp_path / "b.db", jobs=2, similar=False,
                   on_error=lambda path, msg: errors.append(path))
    assert errors == [str(bad)] and [p for p, _ in report.failed] == [str(bad)]
    assert report.documents == len(corpus_files())


def test_full_rebuild_replaces_the_file(tmp_path):
    corpus = _copy_corpus(tmp_path / "corpus")
    db = tmp_path / "f.db"
    build(collect_inputs([corpus]), db, jobs=1, similar=False)
    inode = db.stat().st_ino
    report = build(collect_inputs([corpus]), db, jobs=1, full=True, similar=False)
    assert report.mode == "full" and report.ingested == len(corpus_files())
    assert db.stat().st_ino != inode
    assert not list(tmp_path.glob(".f.db.building-*"))


_BUILD_SCRIPT = """
import sys
from policyintel.index.build import build, collect_inputs
build(collect_inputs([sys.argv[1]]), sys.argv[2], jobs=1, full=sys.argv[3] == "full",
      similar=False)
"""


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if ready():
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the build finished before it could be killed; give it more work"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.parametrize("mode", ["full", "incremental"])
def test_build_killed_midway_leaves_the_old_index_answering(tmp_path, mode):
    small = _copy_corpus(tmp_path / "small")
    db = tmp_path / "k.db"
    build(collect_inputs([small]), db, jobs=1, similar=False)
    before = _count(db)
    assert before[1] > 0

    big = _copy_corpus(tmp_path / "small", copies=8) if mode == "incremental" else (
        _copy_corpus(tmp_path / "big", copies=8))
    if mode == "incremental":  # change every original so all are re-ingested in one transaction
        for path in small.rglob("*.txt"):
            with open(path, "a", encoding="utf-8") as fh:
                fh.write("\n（修订）\n")
    proc = subprocess.Popen([sys.executable, "-c", _BUILD_SCRIPT, str(big), str(db), mode],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = db.with_name(db.name + "-wal")
    if mode == "full":
        seen: list[float] = []

        def ready() -> bool:  # the new file is being filled (mostly in cache) for a while
            if not seen and list(tmp_path.glob(".k.db.building-*")):
                seen.append(time.monotonic())
            return bool(seen) and time.monotonic() - seen[0] > 1.5
    else:
        def ready() -> bool:
            return wal.exists() and wal.stat().st_size > 400_000
    _kill_when(proc, ready)

    assert _count(db) == before
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The next build recovers: it finishes and removes what the killed one left behind.
    report = build(collect_inputs([big]), db, jobs=2, similar=False)
    assert not report.failed and report.documents == len(corpus_files()) * 8
    assert not list(tmp_path.glob(".k.db.building-*"))
