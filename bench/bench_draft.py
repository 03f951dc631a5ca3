"""Reply drafting time: one draft per fold proposal on the corpus index and on a synthetic
10,000-document index (bench/bench_index.py's ``make_bench_index``), against the baseline of one
plain clause search on the same index in the same run.

Run: .venv/bin/python bench/bench_draft.py [--docs 10000] [--db PATH]
Target (issue 7): a draft under 2 s on the corpus index, under 5 s on the 10,000-document index.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _bench_index_module():
    # Imported by name (not from a spec) so that its worker function pickles.
    sys.path.insert(0, str(HERE))
    import bench_index

    return bench_index


def _time(fn, repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def measure(db: Path, label: str) -> None:
    from policyintel.index.search import search
    from policyintel.index.store import open_store
    from policyintel.reply.draft import draft_reply
    from policyintel.reply.eval import read_folds
    from policyintel.reply.proposal import read_proposal

    store = open_store(db, readonly=True)
    base = _time(lambda: search(store, "技能大师工作室", limit=20))
    for fold in read_folds():
        proposal = read_proposal(fold.proposal)
        t = _time(lambda p=proposal, f=fold: draft_reply(store, p, f.city, unit=f.unit))
        print(f"{label:>12}  {fold.city}  draft {t:6.3f} s   one search {base * 1000:6.1f} ms"
              f"   ratio {t / base:7.1f}x")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=None, help="reuse a built bench index")
    args = parser.parse_args()
    from policyintel.index.build import build

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.db"
        build(None, corpus, similar=False)
        measure(corpus, "corpus")
        bench = args.db or Path(tmp) / "bench.db"
        if not bench.exists():
            figures = _bench_index_module().make_bench_index(bench, args.docs)
            print(f"bench index: {figures['documents']} documents built in "
                  f"{figures['seconds']:.0f} s", file=sys.stderr)
        measure(bench, f"{args.docs} docs")


if __name__ == "__main__":
    main()
