"""Held-out gold: the extractors scored on documents of cities the corpus does not have.

Four sets of original documents (tests/gold_heldout{,2,3,4}/), each written for cities in neither
the corpus nor an earlier set, with its gold committed before any extractor ran on it
(docs/heldout*.md say how, list the real pages studied and the rulings). Sets 1–3 were each scored
once unseen and then used, as error patterns told in general terms, to generalise the rules, so
they are partly in-sample now; set 4 was never used for rules and is the out-of-sample figure.

Floors only go up. A kind below the issue's target (F1 >= 0.90 on held-out text) goes in its set's
``below_target`` and gets an xfail asserting the target, so that reaching it is noticed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from numbers import Number
from pathlib import Path

import pytest
from policyintel.extractors.evaluate import (
    KINDS,
    REQUIRED_FIELDS,
    document_for,
    evaluate,
    read_gold_file,
)
from policyintel.ingest import read

TESTS = Path(__file__).resolve().parent.parent
CORPUS_CITIES = {"dazhou", "nantong", "suining", "yibin"}
F1_TARGET = 0.90
COMPARATORS = {">=", ">", "=", "<=", "<"}
LEVELS = {"国家级", "省级", "市级", "县级", "区级"}


@dataclass(frozen=True)
class HeldoutSet:
    name: str
    min_documents: int
    floors: dict[str, float]
    below_target: frozenset[str] = frozenset()

    @property
    def gold_dir(self) -> Path:
        return TESTS / self.name / "gold"

    @property
    def docs_dir(self) -> Path:
        return TESTS / self.name / "docs"


SETS = (
    # First run (gold af9d650): T 0.868, A 0.870, S 0.959, R 0.904; after the rounds: 1.000 each.
    HeldoutSet("gold_heldout", 10, {"target": 0.99, "achievement": 0.99, "subsidy": 0.98,
                                    "responsibility": 0.98}),
    # First run (gold d4934df): T 0.882, A 0.816, S 0.889, R 0.882; after the rounds:
    # T 0.982, A 0.940, S 0.991, R 1.000.
    HeldoutSet("gold_heldout2", 10, {"target": 0.96, "achievement": 0.92, "subsidy": 0.91,
                                     "responsibility": 0.98}),
    # First run (gold a6164a7): T 0.870, A 0.950, S 0.925, R 0.716; unseen just before round 3:
    # T 0.894, A 0.955, S 0.925, R 0.716; after round 3: T 0.919, A 1.000, S 0.935, R 0.943.
    HeldoutSet("gold_heldout3", 10, {"target": 0.89, "achievement": 0.97, "subsidy": 0.91,
                                     "responsibility": 0.92}),
    # Never used for rules (gold 193df8f): T 0.922, A 0.978, S 0.945, R 0.980; floors minus ~0.03.
    HeldoutSet("gold_heldout4", 8, {"target": 0.89, "achievement": 0.95, "subsidy": 0.92,
                                    "responsibility": 0.95}),
)


def _ids(paths: list[Path], root: Path) -> list[str]:
    return [str(p.relative_to(root).with_suffix("")) for p in paths]


GOLD_FILES = [pytest.param(s, f, id=f"{s.name}/{i}")
              for s in SETS
              for f, i in zip(sorted(s.gold_dir.rglob("*.jsonl")),
                              _ids(sorted(s.gold_dir.rglob("*.jsonl")), s.gold_dir), strict=True)]
BY_SET = [pytest.param(s, id=s.name) for s in SETS]


@pytest.mark.parametrize("held", BY_SET)
def test_every_document_is_annotated_and_from_a_city_not_seen_before(held):
    docs = sorted(held.docs_dir.rglob("*.txt"))
    golds = sorted(held.gold_dir.rglob("*.jsonl"))
    assert len(docs) >= held.min_documents
    assert _ids(docs, held.docs_dir) == _ids(golds, held.gold_dir)
    cities = {p.relative_to(held.docs_dir).parts[0] for p in docs}
    assert len(cities) == len(docs), "one document per city"
    assert not cities & CORPUS_CITIES
    for earlier in SETS[:SETS.index(held)]:
        seen = {p.name for p in earlier.docs_dir.iterdir()}
        assert not cities & seen, f"a city of {earlier.name}"


@pytest.mark.parametrize("held, gold_file", GOLD_FILES)
def test_every_gold_quote_is_found_in_its_document(held, gold_file):
    doc = read(document_for(gold_file, held.gold_dir, held.docs_dir))
    records = read_gold_file(gold_file, doc)          # raises LoadError naming file and line
    assert records
    for r in records:
        assert 0 <= r.start < r.end <= len(doc.text)
        assert "\n" not in doc.text[r.start:r.end], f"line {r.line}: quote spans lines"
    spans = [(r.kind, r.start, r.end) for r in records]
    assert len(spans) == len(set(spans)), "two gold records on one span"


@pytest.mark.parametrize("held, gold_file", GOLD_FILES)
def test_responsibility_quotes_end_where_their_list_ends(held, gold_file):
    doc = read(document_for(gold_file, held.gold_dir, held.docs_dir))
    for r in read_gold_file(gold_file, doc):
        if r.kind == "responsibility":
            assert doc.text[r.end:r.end + 1] not in ("、", "，", ","), \
                f"line {r.line}: «{r.quote}» continues in the text"


@pytest.mark.parametrize("held, gold_file", GOLD_FILES)
def test_gold_records_validate(held, gold_file):
    for n, line in enumerate(gold_file.read_text(encoding="utf-8").splitlines(), start=1):
        r = json.loads(line)
        where = f"{gold_file.name}:{n}"
        assert r["kind"] in REQUIRED_FIELDS, where
        assert set(REQUIRED_FIELDS[r["kind"]]) <= set(r), where
        if r["kind"] in ("target", "achievement"):
            assert isinstance(r["value"], Number) and not isinstance(r["value"], bool), where
            assert not (r["unit"] or "").endswith("元") or r["unit"] == "元", where
        if r["kind"] == "target":
            assert r["comparator"] in COMPARATORS, where
            assert isinstance(r["recurring"], bool), where
        if r["kind"] == "subsidy":
            assert r["amount_yuan"] is not None or r["ratio"] is not None, where
            assert isinstance(r["is_cap"], bool), where
            assert r["level"] is None or r["level"] in LEVELS, where
        if r["kind"] == "responsibility":
            assert r["lead_units"] + r["partner_units"], where
            assert not set(r["lead_units"]) & set(r["partner_units"]), where


@pytest.mark.parametrize("held", BY_SET)
def test_gold_covers_every_kind(held):
    kinds = {json.loads(line)["kind"] for f in held.gold_dir.rglob("*.jsonl")
             for line in f.read_text(encoding="utf-8").splitlines()}
    assert kinds == set(KINDS)


# ------------------------------------------------------------------ scores on held-out text

_REPORTS: dict[str, object] = {}


@pytest.fixture
def report(held):
    if held.name not in _REPORTS:
        _REPORTS[held.name] = evaluate(held.gold_dir, held.docs_dir)
    return _REPORTS[held.name]


@pytest.mark.parametrize("held", BY_SET)
def test_report_scores(held, report, record_property):
    """Puts P/R/F1 per kind in the test report (``pytest -rA`` or the junit XML) and on stdout."""
    for kind in KINDS:
        row = report.scores[kind].to_dict()
        record_property(f"{held.name}_{kind}", row)
        print(f"{held.name} {kind:<15} P {row['precision']:.3f}  R {row['recall']:.3f}  "
              f"F1 {row['f1']:.3f}  (tp {row['tp']}, fp {row['fp']}, fn {row['fn']})")
    assert report.documents == len(list(held.gold_dir.rglob("*.jsonl")))


@pytest.mark.parametrize("held", BY_SET)
def test_no_ungrounded_records(held, report):
    assert report.ungrounded == []


@pytest.mark.parametrize("held, kind", [pytest.param(s, k, id=f"{s.name}-{k}")
                                         for s in SETS for k in KINDS])
def test_f1_floor(held, kind, report):
    assert report.scores[kind].f1 >= held.floors[kind], report.scores[kind].to_dict()


@pytest.mark.parametrize("held, kind", [
    pytest.param(s, k, id=f"{s.name}-{k}",
                 marks=[pytest.mark.xfail(strict=True, reason=f"below the target on {s.name}")]
                 if k in s.below_target else [])
    for s in SETS for k in KINDS])
def test_f1_reaches_the_issue_target(held, kind, report):
    assert report.scores[kind].f1 >= F1_TARGET, report.scores[kind].to_dict()


def test_eval_command_scores_another_corpus_root():
    from policyintel.cli import load_commands
    from typer.testing import CliRunner

    held = SETS[0]
    result = CliRunner().invoke(load_commands(), [
        "eval", str(held.gold_dir), "--corpus", str(held.docs_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["documents"] == len(list(held.gold_dir.rglob("*.jsonl")))
    assert set(data["kinds"]) == set(KINDS)
