"""Fixtures of the API tests: the corpus index (built once per session with the index library),
the app over it, and the format builders of tests/ingest (loaded by path: conftest modules are
not importable by name)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

API_KEY = "test-key-0c9f"
ROOT = Path(__file__).resolve().parents[2]
INGEST_BUILDERS = ROOT / "tests" / "ingest" / "conftest.py"


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """The bundled corpus indexed by ``policyintel.index.build`` (never modified by tests)."""
    from policyintel.index.build import build

    db = tmp_path_factory.mktemp("index") / "corpus.db"
    report = build(None, db, jobs=2)
    assert not report.failed, report.failed
    return db


@pytest.fixture(scope="session")
def client(corpus_db) -> TestClient:
    """The app over the corpus index, uploads enabled with API_KEY; read-only tests use it."""
    from policyintel.api.app import create_app

    with TestClient(create_app(corpus_db, api_key=API_KEY)) as c:
        yield c


@pytest.fixture
def scratch_db(corpus_db, tmp_path) -> Path:
    """A private copy of the corpus index, for tests that write to it."""
    db = tmp_path / "scratch.db"
    shutil.copyfile(corpus_db, db)
    for suffix in ("-wal", ".similar.pkl"):
        side = corpus_db.with_name(corpus_db.name + suffix)
        if side.exists():
            shutil.copyfile(side, db.with_name(db.name + suffix))
    return db


def _load_builders():
    name = "policyintel_test_ingest_builders"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, INGEST_BUILDERS)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def builders():
    """tests/ingest's builders: article_blocks, write_text, write_pdf, write_docx, write_html."""
    return _load_builders()


@pytest.fixture(scope="session")
def cjk_font(builders) -> str:
    font = builders.cjk_font()
    if font is None:
        pytest.skip("no CJK TrueType font installed (make system-packages installs one)")
    return font
