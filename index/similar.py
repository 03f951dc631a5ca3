"""Similar clauses across cities: TF-IDF over jieba words and character n-grams, or an encoder.

The default model is two scikit-learn TfidfVectorizers (jieba words; character 2–3-grams), each
row L2-normalised and the two halves weighted equally, so a dot product is a cosine similarity.
It is fitted at build time and pickled beside the index (``<db>.similar.pkl``), tagged with the
build id; a stale or missing file is refitted on first use and kept in memory.

When an encoder is given (an object with ``.encode(list[str]) -> numpy array``, e.g. from
``policyintel.nlp.encoder.load_encoder(model_dir)``), clause embeddings replace TF-IDF.
"""

from __future__ import annotations

import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policyintel.errors import ConfigError, StoreError
from policyintel.index.store import Clause, Store
from policyintel.nlp import segment

_MIN_WORD_CHARS = 6  # shorter clauses (headings, list markers) are not offered as neighbours
_FORMAT = 1
_CACHE: dict[tuple[str, str | None, int], SimilarIndex] = {}


def _words(text: str) -> list[str]:
    return segment.cut(text)


@dataclass(slots=True)
class SimilarHit:
    clause: Clause
    score: float

    def to_dict(self) -> dict[str, Any]:
        c = self.clause
        return {"clause_id": c.id, "doc_id": c.doc_id, "source": c.source, "city": c.city,
                "section": list(c.section), "start": c.start, "end": c.end, "text": c.text,
                "score": round(self.score, 4)}


class SimilarIndex:
    """Clause vectors (TF-IDF or an encoder's) with the clause ids and cities they belong to."""

    def __init__(self, ids: list[int], cities: list[str | None], matrix: Any,
                 vectorizers: tuple[Any, Any] | None, build_id: str | None,
                 encoder: Any = None) -> None:
        self.ids, self.cities, self.matrix = ids, cities, matrix
        self.vectorizers, self.build_id, self.encoder = vectorizers, build_id, encoder
        self._row = {cid: i for i, cid in enumerate(ids)}

    @classmethod
    def fit(cls, store: Store, *, encoder: Any = None) -> SimilarIndex:
        """Vectorise every clause of ``store`` that is long enough to compare."""
        clauses = [c for c in store.iter_clauses()
                   if sum(1 for _ in segment.iter_chars(c.text)) >= _MIN_WORD_CHARS]
        texts = [c.text for c in clauses]
        ids, cities = [c.id for c in clauses], [c.city for c in clauses]
        build_id = store.get_meta("build_id")
        if encoder is not None:
            return cls(ids, cities, _normalise(encoder.encode(texts)), None, build_id, encoder)
        from sklearn.feature_extraction.text import TfidfVectorizer

        words = TfidfVectorizer(analyzer=_words, sublinear_tf=True)
        chars = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True)
        matrix = _combine(words.fit_transform(texts), chars.fit_transform(texts)) if texts else None
        return cls(ids, cities, matrix, (words, chars), build_id)

    def vector(self, text: str) -> Any:
        if self.encoder is not None:
            return _normalise(self.encoder.encode([text]))
        words, chars = self.vectorizers  # type: ignore[misc]
        return _combine(words.transform([text]), chars.transform([text]))

    def nearest(self, vector: Any, *, k: int = 10, exclude_city: str | None = None,
                exclude_ids: set[int] | None = None) -> list[tuple[int, float]]:
        """``(clause id, cosine)`` of the ``k`` nearest clauses, best first."""
        import numpy as np

        if self.matrix is None or not self.ids:
            return []
        scores = self.matrix @ vector.T
        scores = np.asarray(scores.todense() if hasattr(scores, "todense") else scores).ravel()
        order = np.argsort(-scores, kind="stable")
        out = []
        for i in order:
            if scores[i] <= 0 or len(out) >= k:
                break
            if exclude_city is not None and self.cities[i] == exclude_city:
                continue
            if exclude_ids and self.ids[i] in exclude_ids:
                continue
            out.append((self.ids[i], float(scores[i])))
        return out

    def row(self, clause_id: int) -> Any | None:
        i = self._row.get(clause_id)
        return None if i is None else self.matrix[i]

    # -- persistence ------------------------------------------------------------------------
    @staticmethod
    def sidecar(store: Store) -> Path | None:
        return store.path.with_name(store.path.name + ".similar.pkl") if store.path else None

    def save(self, store: Store) -> None:
        """Pickle the TF-IDF model beside the index (write a temp file, then rename)."""
        path = self.sidecar(store)
        if path is None or self.encoder is not None:
            return
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as fh:
                pickle.dump((_FORMAT, self.build_id, self.ids, self.cities, self.matrix,
                             self.vectorizers), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError as e:
            raise StoreError(f"{path}: cannot write the similarity model: {e}") from e

    @classmethod
    def load(cls, store: Store, *, encoder: Any = None) -> SimilarIndex:
        """The model of ``store``'s current build: cached, else the sidecar file, else refitted."""
        build_id = store.get_meta("build_id")
        key = (str(store.path), build_id, id(encoder))
        if key in _CACHE:
            return _CACHE[key]
        index = None
        path = cls.sidecar(store)
        if encoder is None and path is not None and path.exists():
            try:
                with open(path, "rb") as fh:
                    fmt, saved_id, ids, cities, matrix, vectorizers = pickle.load(fh)
                if fmt == _FORMAT and saved_id == build_id:
                    index = cls(ids, cities, matrix, vectorizers, build_id)
            except (OSError, pickle.UnpicklingError, ValueError, EOFError):
                index = None  # a stale or broken sidecar is refitted below
        if index is None:
            index = cls.fit(store, encoder=encoder)
        _CACHE[key] = index
        return index


def similar(store: Store, text_or_clause_id: str | int, *, k: int = 10, encoder: Any = None,
            same_city: bool = False) -> tuple[Clause | None, list[SimilarHit]]:
    """The clauses nearest to a clause (by id: in other cities unless ``same_city``) or to text.

    Returns ``(the query clause or None for free text, hits)``.
    """
    index = SimilarIndex.load(store, encoder=encoder)
    query: Clause | None = None
    if isinstance(text_or_clause_id, int) or re.fullmatch(r"\d+", str(text_or_clause_id).strip()):
        query = store.clause(int(text_or_clause_id))
        if query is None:
            raise ConfigError(f"no clause {text_or_clause_id} in the index")
        vector = index.row(query.id)
        if vector is None:
            vector = index.vector(query.text)
        found = index.nearest(vector, k=k, exclude_city=None if same_city else query.city,
                              exclude_ids={query.id})
    else:
        found = index.nearest(index.vector(str(text_or_clause_id)), k=k)
    hits = []
    for cid, score in found:
        clause = store.clause(cid)
        if clause is not None:
            hits.append(SimilarHit(clause, score))
    return query, hits


def _combine(words: Any, chars: Any) -> Any:
    from scipy.sparse import hstack

    return hstack([words * 0.5 ** 0.5, chars * 0.5 ** 0.5]).tocsr()


def _normalise(vectors: Any) -> Any:
    import numpy as np

    arr = np.asarray(vectors, dtype="float32")
    if arr.ndim == 1:
        arr = arr[None, :]
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    return arr / np.where(norms == 0, 1, norms)
