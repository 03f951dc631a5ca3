"""The bundled corpus against its manifest (corpus/manifest.tsv).

For every document, each metadata field the text itself states (manifest column ``stated``) must
equal the manifest's value, and every field it does not state must be null: the manifest knows
some values from outside the text (the site, the README), and the tool must not guess them.
"""

from __future__ import annotations

import csv

import pytest
from policyintel.corpus_files import CORPUS_DIR, corpus_files
from policyintel.ingest import read

FIELDS = ("title", "city", "issuer", "doc_number", "date", "doc_type")


def _manifest() -> list[dict[str, str]]:
    with open(CORPUS_DIR / "manifest.tsv", encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = _manifest()


def test_manifest_lists_every_corpus_file_once():
    listed = sorted(r["file"] for r in ROWS)
    on_disk = sorted(str(p.relative_to(CORPUS_DIR)) for _, p in corpus_files())
    assert listed == on_disk
    assert all(r["city"] in ("遂宁", "达州", "南通", "宜宾") for r in ROWS)
    assert all(r["file"].split("/")[0] == {"遂宁": "suining", "达州": "dazhou", "南通": "nantong",
                                           "宜宾": "yibin"}[r["city"]] for r in ROWS)
    assert sum(r["text"] == "excerpt" for r in ROWS) == 16
    assert all(set(r["stated"].split(",")) <= set(FIELDS) for r in ROWS)


CASES = [(r, field) for r in ROWS for field in FIELDS]


@pytest.fixture(scope="module")
def docs():
    return {r["file"]: read(CORPUS_DIR / r["file"]) for r in ROWS}


@pytest.mark.parametrize("row,field", CASES, ids=[f"{r['file'].split('/')[1][:28]}-{f}" for r, f in CASES])
def test_stated_fields_are_right_and_the_rest_null(docs, row, field):
    got = getattr(docs[row["file"]].metadata, field)
    if field in row["stated"].split(","):
        assert got == row[field]
    else:
        assert got is None
