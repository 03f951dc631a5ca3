"""Leave-one-out evaluation of reply drafts on the corpus (``policyintel eval-drafts``).

For each fold (a proposal reply of the corpus, the proposal it answers, the city, the unit),
the index is built from the corpus without that reply, the proposal is drafted for the city, and
two shares are measured:

- ask coverage: the share of the proposal's asks that the draft answers with cited content
  (not only placeholders);
- achievement recall: of the real reply's achievements that exist in the remaining index (an
  achievement record of another document of the same city with the same value and unit: a
  draft cites only the city's own documents, and another city's 5个 is not this city's work),
  the share the draft cites (a citation whose span holds such a record).
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyintel.corpus_files import CORPUS_DIR
from policyintel.errors import ConfigError

FOLDS_TSV = (Path(__file__).resolve().parent.parent / "tests" / "reply" / "proposals"
             / "folds.tsv")


@dataclass(frozen=True, slots=True)
class Fold:
    reply: Path
    proposal: Path
    city: str
    unit: str | None

    @property
    def name(self) -> str:
        return self.reply.stem


def read_folds(path: str | os.PathLike[str] | None = None, *,
               corpus_dir: Path = CORPUS_DIR) -> list[Fold]:
    """The folds of a folds TSV (``reply \\t proposal \\t city \\t unit``; # comments)."""
    path = Path(path) if path is not None else FOLDS_TSV
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the folds: {e}") from e
    out = []
    for line in lines:
        if not line.strip() or line.startswith(("#", "reply\t")):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise ConfigError(f"{path}: a fold needs reply, proposal and city: {line!r}")
        out.append(Fold(corpus_dir / cols[0], path.parent / cols[1], cols[2],
                        cols[3] if len(cols) > 3 and cols[3] else None))
    return out


def fold_inputs(fold: Fold, corpus_dir: Path = CORPUS_DIR) -> list[tuple[str | None, Path]]:
    """The corpus files without the fold's reply, as build inputs."""
    from policyintel.corpus_files import corpus_files

    held = fold.reply.resolve()
    return [(city, p) for city, p in corpus_files(corpus_dir) if Path(p).resolve() != held]


def build_fold_index(fold: Fold, db: str | os.PathLike[str], *, jobs: int | None = None,
                     corpus_dir: Path = CORPUS_DIR) -> Any:
    from policyintel.index.build import build

    return build(fold_inputs(fold, corpus_dir), db, full=True, jobs=jobs, similar=False)


@dataclass(slots=True)
class FoldScore:
    fold: str
    city: str
    asks: int
    asks_covered: int
    achievements: int  # in the real reply
    findable: int  # of those, with a record of the same value and unit in the index
    cited: int  # of the findable, cited by the draft
    draft_seconds: float
    missing: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ask_coverage(self) -> float | None:
        return self.asks_covered / self.asks if self.asks else None

    @property
    def achievement_recall(self) -> float | None:
        return self.cited / self.findable if self.findable else None

    def to_dict(self) -> dict[str, Any]:
        return {"fold": self.fold, "city": self.city, "asks": self.asks,
                "asks_covered": self.asks_covered, "ask_coverage": self.ask_coverage,
                "achievements": self.achievements, "findable": self.findable,
                "cited": self.cited, "achievement_recall": self.achievement_recall,
                "draft_seconds": round(self.draft_seconds, 3), "missing": self.missing}


def _key(value: Any, unit: Any) -> tuple[float, str] | None:
    return (round(float(value), 6), str(unit or "")) if value is not None else None


def score_draft(store: Any, fold: Fold, draft: Any, draft_seconds: float = 0.0) -> FoldScore:
    """Coverage and achievement recall of ``draft`` against the held-out reply of ``fold``."""
    from policyintel.extractors.pipeline import extract
    from policyintel.index.queries import RecordQuery
    from policyintel.index.records import iter_records
    from policyintel.ingest import read

    doc = read(fold.reply)
    real = [r for r in extract(doc) if r.kind == "achievement"]
    in_index: dict[tuple[float, str], list[Any]] = {}
    for row in iter_records(store, RecordQuery(kind="achievement", city=fold.city)):
        key = _key(row.fields.get("value"), row.fields.get("unit"))
        if key is not None:
            in_index.setdefault(key, []).append(row)
    spans = [(c.doc_id, c.start, c.end) for c in draft.citations if c.kind == "index"]
    findable = cited = 0
    missing = []
    for r in real:
        rows = in_index.get(_key(r.value, r.unit) or (0.0, ""), [])
        if not rows:
            continue
        findable += 1
        if any(d == row.doc_id and s <= row.start < e for row in rows for d, s, e in spans):
            cited += 1
        else:
            missing.append({"text": r.text, "value": r.value, "unit": r.unit,
                            "in_index": [{"source": row.source, "start": row.start,
                                          "text": row.text} for row in rows[:3]]})
    return FoldScore(fold=fold.name, city=fold.city, asks=len(draft.coverage),
                     asks_covered=sum(1 for c in draft.coverage if c["covered"]),
                     achievements=len(real), findable=findable, cited=cited,
                     draft_seconds=draft_seconds, missing=missing)


def run_fold(fold: Fold, db: str | os.PathLike[str], *, build_index: bool = True,
             jobs: int | None = None) -> tuple[Any, FoldScore]:
    """Build the fold's index at ``db`` (unless already built), draft, score."""
    from policyintel.index.store import open_store
    from policyintel.reply.draft import draft_reply
    from policyintel.reply.proposal import read_proposal

    if build_index:
        build_fold_index(fold, db, jobs=jobs)
    store = open_store(db, readonly=True)
    try:
        proposal = read_proposal(fold.proposal)
        started = time.perf_counter()
        draft = draft_reply(store, proposal, fold.city, unit=fold.unit)
        seconds = time.perf_counter() - started
        return draft, score_draft(store, fold, draft, seconds)
    finally:
        store.close()


def evaluate_drafts(folds_file: str | os.PathLike[str] | None = None, *,
                    workdir: str | os.PathLike[str] | None = None,
                    jobs: int | None = None) -> list[FoldScore]:
    """Score every fold (each index built in ``workdir``, default a temporary directory)."""
    folds = read_folds(folds_file)
    if not folds:
        raise ConfigError(f"{folds_file or FOLDS_TSV}: no folds")
    with tempfile.TemporaryDirectory(prefix="policyintel-eval-drafts-") as tmp:
        base = Path(workdir) if workdir is not None else Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        return [run_fold(f, base / f"{f.name}.db", jobs=jobs)[1] for f in folds]
