"""The bundled corpus indexed once per session, shared read-only by the index tests."""

from __future__ import annotations

import pytest
from policyintel.index.build import build
from policyintel.index.store import open_store


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("index") / "corpus.db"
    report = build(db=path, jobs=2)
    assert not report.failed, report.failed
    return path


@pytest.fixture
def store(corpus_db):
    s = open_store(corpus_db)
    yield s
    s.close()
