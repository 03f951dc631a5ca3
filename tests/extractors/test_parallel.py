"""extract_many: the same records in the same order on one process or a pool; bad files reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from policyintel.errors import ConfigError
from policyintel.extractors.parallel import extract_many

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
FILES = sorted(CORPUS.glob("*/*.txt"))[:4]
TEXT = "到2027年，全市新增技能人才1.5万人以上。（责任单位：市人社局，市财政局）"


def _items():
    return [*FILES, TEXT, CORPUS / "no-such-file.txt"]


def test_pool_gives_what_one_process_gives():
    one = extract_many(_items(), workers=1)
    two = extract_many(_items(), workers=2, chunksize=1)
    assert [r.source for r in two] == [str(p) for p in FILES] + ["<text>", str(CORPUS / "no-such-file.txt")]
    assert [(r.source, r.records, r.error) for r in one] == [(r.source, r.records, r.error) for r in two]
    assert two[-1].error and "no-such-file" in two[-1].error and two[-1].records == []
    for result in two[:-1]:
        assert result.error is None
        assert result.document is not None and result.chars == len(result.document.text)
        for record in result.records:
            assert record.text == result.document.text[record.start:record.end]


def test_sources_name_texts_and_documents_can_be_left_behind():
    results = extract_many([TEXT, TEXT], workers=2, sources=["a", "b"], keep_documents=False)
    assert [r.source for r in results] == ["a", "b"]
    assert all(r.document is None and r.chars == len(TEXT) for r in results)
    with pytest.raises(ConfigError):
        extract_many([TEXT], sources=["a", "b"])
