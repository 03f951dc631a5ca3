"""Leave-one-out fixtures: one index per held-out reply (built once per session), its draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from policyintel.reply.eval import read_folds

PROPOSALS = Path(__file__).resolve().parent / "proposals"
FOLDS = {f.city: f for f in read_folds(PROPOSALS / "folds.tsv")}
DATE = "2025年7月16日"


@pytest.fixture(scope="session")
def fold_db(tmp_path_factory):
    """``fold_db(city)``: the path of the index built from the corpus minus that city's reply."""
    from policyintel.reply.eval import build_fold_index

    built: dict[str, Path] = {}

    def get(city: str) -> Path:
        if city not in built:
            db = tmp_path_factory.mktemp(f"fold-{FOLDS[city].name}") / "index.db"
            build_fold_index(FOLDS[city], db, jobs=1)
            built[city] = db
        return built[city]

    return get


@pytest.fixture(scope="session")
def fold_draft(fold_db):
    """``fold_draft(city)``: ``(store, proposal, draft)`` for that fold (store left open)."""
    from policyintel.index.store import open_store
    from policyintel.reply.draft import draft_reply
    from policyintel.reply.proposal import read_proposal

    made: dict[str, tuple] = {}
    stores = []

    def get(city: str):
        if city not in made:
            fold = FOLDS[city]
            store = open_store(fold_db(city), readonly=True)
            stores.append(store)
            proposal = read_proposal(fold.proposal)
            made[city] = (store, proposal, draft_reply(store, proposal, city, unit=fold.unit,
                                                       date=DATE))
        return made[city]

    yield get
    for store in stores:
        store.close()
