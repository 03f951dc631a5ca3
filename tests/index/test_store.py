"""The SQLite store: schema and migrations, atomic writes, typed columns for every record field."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest
from policyintel.errors import InternalError, StoreError
from policyintel.extractors.records import RECORD_TYPES
from policyintel.index import schema
from policyintel.index.sqlite import COMMON_FIELDS, TYPED_COLUMNS, UNIT_FIELDS, SQLiteStore
from policyintel.index.store import Store, default_db_path, open_store


def test_new_store_is_at_the_latest_schema_in_wal_mode(tmp_path):
    with SQLiteStore(tmp_path / "x.db", create=True) as store:
        assert isinstance(store, Store)
        assert schema.current_version(store.conn) == schema.LATEST
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrate_twice_is_a_no_op(tmp_path):
    conn = sqlite3.connect(tmp_path / "y.db")
    assert schema.migrate(conn) == schema.LATEST
    assert schema.migrate(conn) == schema.LATEST
    assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == len(schema.MIGRATIONS)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "z.db"
    conn = sqlite3.connect(path)
    schema.migrate(conn)
    conn.execute("INSERT INTO schema_version (version, description) VALUES (999, 'future')")
    conn.commit()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(path)


def test_missing_index_says_how_to_build_one(tmp_path):
    with pytest.raises(StoreError, match="policyintel build"):
        open_store(tmp_path / "nothing.db")


def test_default_path_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("POLICYINTEL_DB", str(tmp_path / "env.db"))
    assert default_db_path() == tmp_path / "env.db"


def test_writes_outside_atomic_are_refused(tmp_path):
    with SQLiteStore(tmp_path / "w.db", create=True) as store, pytest.raises(InternalError):
        store.set_meta("k", "v")


def test_atomic_rolls_back_everything_on_error(tmp_path):
    with SQLiteStore(tmp_path / "a.db", create=True) as store:
        with pytest.raises(RuntimeError), store.atomic():
            store.set_meta("k", "v")
            raise RuntimeError("boom")
        assert store.get_meta("k") is None


def test_nested_atomic_rolls_back_only_the_inner_part(tmp_path):
    with SQLiteStore(tmp_path / "n.db", create=True) as store:
        with store.atomic():
            store.set_meta("outer", "1")
            with pytest.raises(ValueError), store.atomic():
                store.set_meta("inner", "1")
                raise ValueError
        assert store.get_meta("outer") == "1" and store.get_meta("inner") is None


@pytest.mark.parametrize("kind", sorted(RECORD_TYPES))
def test_every_record_field_has_a_column(kind):
    """A new record field needs a migration adding its column: this test says which."""
    _, columns = TYPED_COLUMNS[kind]
    for f in dataclasses.fields(RECORD_TYPES[kind]):
        assert f.name in columns or f.name in COMMON_FIELDS or f.name in UNIT_FIELDS, (
            f"{kind}.{f.name} has no column in the index; add a migration in index/schema.py")
