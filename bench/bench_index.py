"""Index benchmark: build a synthetic corpus of ≥10,000 documents, then time search and records
queries, each beside a baseline run on the same database in the same process.

Synthetic documents are made from the bundled corpus: each joins three corpus documents, swaps
the four corpus city names for other prefecture-level cities of the gazetteer (same length) and
perturbs digits outside record spans (same length), so offsets stay exact. Extraction is run
once per corpus document and its records reused with shifted offsets (re-grounded against the
new text); jieba tokenisation, measure linking and every write are done per synthetic document,
in worker processes as in ``policyintel build``. So the build figure is "index N documents whose
records are known", not "extract N documents".

Figures: build time and MB/s of text, peak memory (main and workers), index size on disk, and
p50/p95 latency over 200 queries — ``search()`` (BM25, joins, filters, snippets) vs a bare FTS5
MATCH of the same expression, without and with filters; ``records`` queries vs a bare SELECT.

The bare FTS5 baseline fetches every matching rowid of the same stage-1 expression (what any
ranking must at least read); search adds BM25 ranking, joins, filters and snippets. With filters,
search folds them into the MATCH as tag tokens, so it can be faster than the unfiltered bare query.

Queries are 200 distinct ones (no two with the same words): measure names, common policy words
and words and characters drawn from the index's vocabulary; 55% one word, 20% two, 15% quoted,
10% one character. Ranking quality is reported against an exact BM25 ranking of all matches.
Build CPU seconds are printed beside wall time: the cores are shared, CPU time is not inflated.

Runs at 3acaf0e vs before (HEAD af0550f), same queries, 10,000 documents, 122 MB, load 4-7 on
2 shared cores: search p95 113.6 → 6.6 ms (bare FTS5 p95 132 → 36 ms: 0.86x → 0.18x), filtered
p95 48.5 → 11.5 ms; ranking 0.997 of the exact top-20 BM25 score sum (110 of 121 identical, 3
stages shortest-first); build 176 → 139 CPU-s (0.69 → 0.88 MB per CPU-second; wall 0.35 → 0.82
MB/s under that load; 1.62 MB/s, 126 CPU-s in a later run at load 2), peak 612 → 734 MB
(writer); index 788 → 827 MB (length-ordered FTS rowids have larger deltas: FTS data 236 → 272 MB).

Later round (bigram character column, stored record JSON; 10,000 documents, same machine, load
2 from the build itself): search p95 1.4-1.6 ms (bare FTS5 18.5-19.8 ms: 0.07-0.09x), filtered
p95 3.4-3.8 ms; ranking 0.995 (39 of 85 full pages shortest-first: the rank budget is 10,000
postings); build 82.9-85.1 s = 1.44-1.48 MB/s, 139-143 CPU-s (target 1.5 MB/s: MISSED by 1-4%;
the bigrams and the JSON first cost some 15%, FTS5's 64 MB 'hashsize' and building the JSON
from the prepared values won most of it back); peak 927-936 MB (writer); index 1,298 MB
(stored JSON +230 MB, bigrams +170 MB). On 2,000 documents, one after the other in one run:
14.0 s before the round, 13.9-14.8 s after it.

This round (word tokens marked apart from the characters, schema 8; ranking window read in
one pass; bulk builds make the secondary indexes after the rows and leave FTS5's merging to the
final 'optimize'; 10,000 documents): build 80.7-79.0-77.5 s = 1.52-1.58 MB/s, 127-134 CPU-s,
writer 44 s (58-59 s before, in runs at 1.21-1.23 MB/s while the host was slow; paired with
merging as it went: 1.48 -> 1.55 MB/s). Target 1.5 MB/s: met, narrowly. Marking the words
costs the build ~1-4% (2,000 documents, paired runs). Search p95 1.2-1.3 ms (bare FTS5 18-20
ms: 0.06x), filtered 2.8-3.7 ms; ranking 0.995 (87 of 95 identical, 29 shortest-first); peak
994 MB (writer); index 1,286 MB. An index of an older schema is made again (the migration to
schema 8 drops the full-text rows).

Run: python bench/bench_index.py [--docs 10000] [--db bench/out/bench.db] [--rebuild]
``make_bench_index(path, n_docs)`` is the reusable part (the API benchmark builds on it).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import random
import re
import resource
import statistics
import sys
import time
from array import array
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from policyintel.corpus_files import corpus_files
from policyintel.extractors.pipeline import extract
from policyintel.index.measures import Taxonomy
from policyintel.index.prepare import WORD_MARK, prepare_document
from policyintel.index.sqlite import SQLiteStore
from policyintel.ingest import read
from policyintel.ingest.document import Document, Metadata, Section, Sentence
from policyintel.ingest.raw import RawDocument

OUT = Path(__file__).resolve().parent / "out"
CORPUS_CITIES = ("遂宁", "达州", "南通", "宜宾")
DOCS_PER_SYNTHETIC = 3
_DIGIT = re.compile("[0-9]")
_BASE: list[tuple[Document, list]] = []  # corpus documents and records, inherited by workers
_CITIES: list[str] = []


def _gazetteer_cities() -> list[str]:
    path = Path(__file__).resolve().parent.parent / "nlp" / "data" / "gazetteer.tsv"
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 2 and cols[2] == "prefecture" and len(cols[1]) == 2:
            names.append(cols[1])
    return sorted(set(names))


def _load_base() -> None:
    if not _BASE:
        for _, path in corpus_files():
            doc = read(path)
            _BASE.append((doc, extract(doc)))
        _CITIES.extend(_gazetteer_cities() or list(CORPUS_CITIES))


def _shift_section(s: Section, off: int) -> Section:
    return dataclasses.replace(s, start=s.start + off, end=s.end + off,
                               heading_end=s.heading_end + off,
                               children=tuple(_shift_section(c, off) for c in s.children))


def synthetic_document(i: int) -> tuple[Document, list]:
    """Synthetic document ``i`` (deterministic) and its records, grounded in its text."""
    rng = random.Random(i)
    parts = [_BASE[rng.randrange(len(_BASE))] for _ in range(DOCS_PER_SYNTHETIC)]
    city = rng.choice(_CITIES)
    texts, outline, sentences, records, off = [], [], [], [], 0
    for doc, recs in parts:
        texts.append(doc.text)
        outline += [_shift_section(s, off) for s in doc.outline]
        sentences += [Sentence(s.start + off, s.end + off, s.text) for s in doc.sentences]
        records += [(r, off) for r in recs]
        off += len(doc.text) + 1
    base = "\n".join(texts)
    text = list(base)
    protected = bytearray(len(text))
    for r, o in records:
        protected[r.start + o:r.end + o] = b"\x01" * (r.end - r.start)
    # Digits only (the same random draws, in the same order, as a walk over every character):
    # this generator runs in the build's worker processes, so its time is counted in the build.
    for m in _DIGIT.finditer(base):
        k = m.start()
        if not protected[k] and rng.random() < 0.5:
            text[k] = str(rng.randrange(10))
    joined = re.sub("|".join(CORPUS_CITIES), city, "".join(text))
    source = f"synthetic/{city}/{i:06d}.txt"
    first = parts[0][0].metadata
    year = 2015 + rng.randrange(11)
    meta = Metadata(title=first.title, city=city, issuer=first.issuer, doc_type=first.doc_type,
                    date=f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}")
    doc = Document(source=source, text=joined, raw=RawDocument(path=source, format="txt", text=joined),
                   source_offsets=array("l"), metadata=meta, outline=outline,
                   sentences=[Sentence(s.start, s.end, joined[s.start:s.end]) for s in sentences])
    shifted = [dataclasses.replace(
        r, start=r.start + o, end=r.end + o, text=joined[r.start + o:r.end + o],
        sentence_start=None if r.sentence_start is None else r.sentence_start + o,
        sentence_end=None if r.sentence_end is None else r.sentence_end + o) for r, o in records]
    return doc, shifted


def _prepare(i: int):
    doc, records = synthetic_document(i)
    return prepare_document(doc, records, path=f"/synthetic/{i:06d}.txt", content_hash=str(i),
                            taxonomy=Taxonomy.load())


def _prepare_chunk(ids: range) -> list:
    return [_prepare(i) for i in ids]


def _prepared_in_order(n_docs: int, jobs: int, chunk: int = 16):
    """Prepared documents in order, at most ``2 * jobs`` chunks in flight (``Executor.map``
    would queue every result while the writer catches up)."""
    chunks = (range(i, min(i + chunk, n_docs)) for i in range(0, n_docs, chunk))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending = deque(pool.submit(_prepare_chunk, c) for c in itertools.islice(chunks, 2 * jobs))
        while pending:
            done = pending.popleft().result()
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(pool.submit(_prepare_chunk, nxt))
            yield from done


def make_bench_index(path: str | os.PathLike[str], n_docs: int = 10_000, *,
                     jobs: int | None = None) -> dict:
    """Build a synthetic index of ``n_docs`` documents at ``path`` (atomically); its figures."""
    from policyintel.index.build import _fingerprints
    from policyintel.nlp import segment

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _load_base()
    segment.tokenizer()
    taxonomy = Taxonomy.load()
    tmp = path.with_name(f".{path.name}.building-{os.getpid()}")
    started = time.perf_counter()
    cpu_started = _cpu_seconds()
    text_bytes = 0
    main_started = _cpu_seconds(children=False)
    with SQLiteStore(tmp, create=True, bulk=True) as store:
        with store.atomic():
            store.sync_measures(taxonomy)
            for prepared in _prepared_in_order(n_docs, jobs or os.cpu_count() or 1):
                store.put_document(prepared)
                text_bytes += len(prepared.text.encode("utf-8"))
            for key, value in _fingerprints(taxonomy).items():
                store.set_meta(key, value)
            store.set_meta("build_id", f"bench-{n_docs}")
        finish_started = time.perf_counter()
        store.finish_bulk()
        finish = time.perf_counter() - finish_started
    os.replace(tmp, path)
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_started
    main_cpu = _cpu_seconds(children=False) - main_started
    return {"documents": n_docs, "text_mb": text_bytes / 1e6, "seconds": seconds,
            "mb_per_s": text_bytes / 1e6 / seconds, "size_mb": path.stat().st_size / 1e6,
            "cpu_seconds": cpu, "mb_per_cpu_s": text_bytes / 1e6 / cpu,
            "main_cpu_seconds": main_cpu, "finish_seconds": finish}


def index_is_current(path: str | os.PathLike[str]) -> bool:
    """Whether the bench index at ``path`` was made with the current schema. An older one would
    be migrated on opening, and a migration that drops the full-text rows (as schemas 7 and 8
    do) leaves searches nothing to find: such an index is made again."""
    import sqlite3

    from policyintel.index import schema

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == str(schema.LATEST)


def _cpu_seconds(*, children: bool = True) -> float:
    """CPU time of this process and (``children``) its reaped children (workers): unlike wall
    time, not inflated when other jobs share the cores."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    total = own.ru_utime + own.ru_stime
    if children:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        total += kids.ru_utime + kids.ru_stime
    return total


def _percentiles(samples: list[float]) -> tuple[float, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return qs[49] * 1000, qs[94] * 1000


_COMMON = ["培训", "补贴", "奖励", "企业", "技能人才", "大师", "工作室", "职业教育", "就业", "产业",
           "市人力资源社会保障局", "市财政局", "实训基地", "校企合作", "人才", "高质量发展"]


def _vocabulary(conn, rng: random.Random) -> tuple[list[str], list[str]]:
    """Query words: measure names, common policy words, and words and characters drawn from the
    index's own vocabulary (document frequency ≥ 50, so every query finds something)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab "
                 "USING fts5vocab(main, clause_fts, 'col')")
    cjk = re.compile(r"^[\u4e00-\u9fff]+$")
    words, chars = [], []
    for term, col, df in conn.execute("SELECT term, col, doc FROM temp.bench_vocab ORDER BY term"):
        term = term.removeprefix(WORD_MARK)  # a word of the words column is marked
        if df >= 50 and cjk.match(term):
            if col == "words" and len(term) >= 2:
                words.append(term)
            elif col == "chars":
                chars.append(term)
    pool = list(dict.fromkeys([*Taxonomy.load().measures, *_COMMON, *rng.sample(words, 150)]))
    return pool, list(dict.fromkeys(["匠", "师", "训", "薪", "岗", *rng.sample(chars, 30)]))


def _queries(rng: random.Random, n: int, words: list[str], chars: list[str]) -> list[str]:
    """``n`` distinct queries (no two with the same words, quoted or not): 55% one word, 20% two
    words, 15% a quoted phrase, 10% one character."""
    out, seen = [], set()
    while len(out) < n:
        roll = rng.random()
        if roll < 0.55:
            q = rng.choice(words)
        elif roll < 0.75:
            q = f"{rng.choice(words)} {rng.choice(words)}"
        elif roll < 0.9:
            q = f'"{rng.choice(words)}"'
        else:
            q = rng.choice(chars)
        key = frozenset(q.strip('"').split())
        if key not in seen:
            seen.add(key)
            out.append(q)
    return out


def bench_queries(db: Path, n: int = 200) -> dict:
    from policyintel.index.queries import ClauseFilters, RecordQuery, bare_fts_sql
    from policyintel.index.search import match_expression, parse_query, search

    rng = random.Random(7)
    store = SQLiteStore(db, readonly=True)
    cities = [c for (c,) in store.conn.execute("SELECT DISTINCT city FROM documents LIMIT 200")]
    queries = _queries(rng, n, *_vocabulary(store.conn, rng))
    results: dict[str, list[float]] = {k: [] for k in (
        "search", "bare_fts", "search_filtered", "bare_fts_f", "records", "bare_select")}
    for q in queries:  # warm the page cache once
        store.conn.execute(*bare_fts_sql(match_expression(parse_query(q)))).fetchall()
    for q in queries:
        match = match_expression(parse_query(q))
        t = time.perf_counter()
        store.conn.execute(*bare_fts_sql(match)).fetchall()
        results["bare_fts"].append(time.perf_counter() - t)
        t = time.perf_counter()
        search(store, q, limit=20)
        results["search"].append(time.perf_counter() - t)
        filters = ClauseFilters(city=rng.choice(cities), kind=rng.choice([None, "target", "subsidy"]))
        t = time.perf_counter()
        store.conn.execute(*bare_fts_sql(match)).fetchall()
        results["bare_fts_f"].append(time.perf_counter() - t)
        t = time.perf_counter()
        search(store, q, filters=filters, limit=20)
        results["search_filtered"].append(time.perf_counter() - t)
        rq = RecordQuery(kind=rng.choice(["subsidy", "target", "responsibility"]),
                         city=rng.choice(cities), limit=50)
        t = time.perf_counter()
        store.records(rq)
        results["records"].append(time.perf_counter() - t)
        t = time.perf_counter()
        store.conn.execute("SELECT r.id FROM records r JOIN documents d ON d.id = r.doc_id "
                           "WHERE r.kind = ? AND d.city = ? LIMIT 50", (rq.kind, rq.city)).fetchall()
        results["bare_select"].append(time.perf_counter() - t)
    out = {k: _percentiles(v) for k, v in results.items()}
    out["quality"] = ranking_quality(store, queries)
    store.close()
    return out


def ranking_quality(store: SQLiteStore, queries: list[str]) -> dict:
    """How close the top 20 of ``search`` is to an exact BM25 ranking of all matches: for each
    query whose first stage fills the page, the sum of its 20 BM25 scores over the sum of the
    exact top 20's (1.0 = as good; ids are not compared, the synthetic corpus repeats clauses
    so equal scores abound). Stages returned unranked (no score) are counted apart."""
    from policyintel.index.search import search

    ratios, unranked = [], 0
    for q in queries:
        result = search(store, q, limit=20)
        if result.fallback is not None or len(result.hits) < 20:
            continue
        scores = [h.clause.score for h in result.hits]
        if any(sc is None for sc in scores):
            unranked += 1
            continue
        exact = [-r for (r,) in store.conn.execute(
            "SELECT rank FROM clause_fts WHERE clause_fts MATCH ? ORDER BY rank LIMIT 20",
            (result.match,))]
        ratios.append(sum(scores) / sum(exact) if sum(exact) else 1.0)
    return {"queries": len(ratios), "mean": statistics.fmean(ratios) if ratios else 1.0,
            "min": min(ratios, default=1.0), "exact": sum(r >= 1 - 1e-9 for r in ratios),
            "unranked": unranked}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--db", type=Path, default=OUT / "bench.db")
    ap.add_argument("--rebuild", action="store_true", help="Rebuild even if the index exists.")
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    if args.rebuild or not args.db.exists() or not index_is_current(args.db):
        figures = make_bench_index(args.db, args.docs)
        peak_main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"build: {figures['documents']} documents, {figures['text_mb']:.1f} MB of text in "
              f"{figures['seconds']:.1f} s = {figures['mb_per_s']:.2f} MB/s (target ≥ 1.5 MB/s)")
        print(f"build CPU: {figures['cpu_seconds']:.1f} s (writer {figures['main_cpu_seconds']:.1f} s "
              f"of which finishing {figures['finish_seconds']:.1f} s wall; workers the rest) = "
              f"{figures['mb_per_cpu_s']:.2f} MB per CPU-second; on 2 idle cores at most "
              f"{2 * figures['mb_per_cpu_s']:.2f} MB/s (load average now "
              f"{os.getloadavg()[0]:.1f})")
        print(f"peak memory: main {peak_main:.0f} MB, largest worker {peak_workers:.0f} MB "
              f"(target < 2048 MB)")
    print(f"index size on disk: {args.db.stat().st_size / 1e6:.1f} MB ({args.db})")
    lat = bench_queries(args.db, args.queries)
    for name, base in (("search", "bare_fts"), ("search_filtered", "bare_fts_f"),
                       ("records", "bare_select")):
        (p50, p95), (b50, b95) = lat[name], lat[base]
        print(f"{name:>16}: p50 {p50:6.2f} ms  p95 {p95:6.2f} ms | {base:>11}: p50 {b50:6.2f} ms  "
              f"p95 {b95:6.2f} ms | p95 ratio {p95 / b95:5.2f}x")
    qa = lat["quality"]
    print(f"ranking vs exact BM25 over all matches (top 20, {qa['queries']} queries): score sum "
          f"mean {qa['mean']:.3f}, min {qa['min']:.3f}, identical {qa['exact']}; "
          f"{qa['unranked']} returned shortest-first without BM25")
    print(f"load average: {os.getloadavg()[0]:.1f} (2 shared cores)")
    print("targets: search p95 ≤ 20 ms and ≤ 1.5x the bare FTS5 query", file=sys.stderr)


if __name__ == "__main__":
    main()
