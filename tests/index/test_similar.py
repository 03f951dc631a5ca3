"""Similar clauses across cities (TF-IDF words + characters) and the encoder seam."""

from __future__ import annotations

import numpy as np
from policyintel.index.search import search
from policyintel.index.similar import SimilarIndex, similar


def test_clause_neighbours_are_in_other_cities(store):
    clause = search(store, "技能大师工作室", limit=1).hits[0].clause
    query, hits = similar(store, clause.id, k=5)
    assert query.id == clause.id and hits
    assert all(h.clause.city != clause.city for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_clause_id_as_text_is_a_clause_id(store):
    clause = search(store, "技能大师工作室", limit=1).hits[0].clause
    query, _ = similar(store, str(clause.id), k=3)
    assert query.id == clause.id


def test_free_text_finds_the_clauses_about_it(store):
    _, hits = similar(store, "对新获批国家级技能大师工作室给予一次性奖励", k=3)
    assert "技能大师工作室" in hits[0].clause.text


def test_model_is_saved_beside_the_index_for_this_build(store):
    path = SimilarIndex.sidecar(store)
    assert path.exists()
    assert SimilarIndex.load(store).build_id == store.get_meta("build_id")


class _BagOfCharsEncoder:
    """A stand-in for nlp.encoder: characters hashed into a fixed-size vector."""

    def encode(self, texts):
        out = np.zeros((len(texts), 64), dtype="float32")
        for i, t in enumerate(texts):
            for ch in t:
                out[i, hash(ch) % 64] += 1
        return out


def test_encoder_seam_is_used_when_given(store):
    clause = search(store, "技能大师工作室", limit=1).hits[0].clause
    _, hits = similar(store, clause.id, k=3, encoder=_BagOfCharsEncoder())
    assert hits and all(h.clause.city != clause.city for h in hits)
