"""Reviewed golden files: each corpus document's contract output, compared field by field.

A change in extraction shows up here as a named difference (document, record, field). When the
change is intended, regenerate with ``pytest tests/extractors/test_golden.py --regen-golden``,
read ``git diff tests/golden`` and commit it with the change that caused it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from policyintel.corpus_files import CORPUS_DIR, corpus_files
from policyintel.extractors.contract import to_contract
from policyintel.extractors.pipeline import extract
from policyintel.ingest import read

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
DOCS = corpus_files()


def _contract(path: Path) -> dict:
    doc = read(path)
    data = to_contract(doc, extract(doc))
    data["source"] = path.relative_to(CORPUS_DIR).as_posix()
    return data


def _golden_path(path: Path) -> Path:
    return GOLDEN / path.relative_to(CORPUS_DIR).with_suffix(".json")


def _record_key(r: dict) -> str:
    return f"{r['kind']}@{r['start']}-{r['end']} «{r['text']}»"


@pytest.mark.parametrize("path", [p for _, p in DOCS], ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_output_matches_the_reviewed_golden_file(path, request):
    actual = _contract(path)
    golden_file = _golden_path(path)
    if request.config.getoption("--regen-golden"):
        golden_file.parent.mkdir(parents=True, exist_ok=True)
        golden_file.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n",
                               encoding="utf-8")
        return
    if not golden_file.exists():
        pytest.fail(f"no golden file {golden_file}; run with --regen-golden and review it")
    expected = json.loads(golden_file.read_text(encoding="utf-8"))
    differences = []
    if actual["text"] != expected["text"]:
        differences.append("text differs")
    for name, value in expected["document"].items():
        if actual["document"].get(name) != value:
            differences.append(f"document.{name}: {value!r} → {actual['document'].get(name)!r}")
    want = {_record_key(r): r for r in expected["records"]}
    got = {_record_key(r): r for r in actual["records"]}
    differences += [f"lost {k}" for k in want.keys() - got.keys()]
    differences += [f"new {k}" for k in got.keys() - want.keys()]
    for key in want.keys() & got.keys():
        for field, value in want[key].items():
            if got[key].get(field) != value:
                differences.append(f"{key}.{field}: {value!r} → {got[key].get(field)!r}")
    assert not differences, "\n".join(sorted(differences)[:40])
