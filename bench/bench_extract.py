"""Extraction throughput and cold start, each beside a baseline measured in the same run.

Figures (issue 4, "bench"):
1. the whole pipeline (``ingest.from_text`` + ``extractors.pipeline.extract``) in MB/s on one
   core over a corpus made by sampling corpus paragraphs (default 20 MB of UTF-8), beside bare
   ``jieba.lcut`` of the same documents (target: pipeline >= 60% of jieba), and jieba_fast;
2. the same with a process pool on 2 cores (``extractors.parallel.extract_many``; target: near
   2x one core);
3. cold start of one ``policyintel extract <seed>`` call, beside ``python -c pass``
   (target: < 1.5 s).

Run: ``.venv/bin/python bench/bench_extract.py [--mb 20] [--profile 2]``. MB = 10**6 bytes
of UTF-8. ``--profile N`` adds a cProfile of the pipeline over the first N MB (top functions).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
# The five seed documents are whole texts (5-25 KB); the other 16 are ~2 KB excerpts.
SEED_MIN_BYTES = 5000
SEED_WEIGHT = 4  # a seed paragraph is drawn this many times as often as an excerpt's


def corpus_paragraphs() -> tuple[list[str], list[int], list[int]]:
    """Non-blank paragraphs (lines) of the bundled corpus, their weights, and seed sizes."""
    paragraphs, weights, seed_sizes = [], [], []
    for path in sorted(CORPUS.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        is_seed = len(text.encode("utf-8")) >= SEED_MIN_BYTES
        lines = [line for line in text.splitlines() if line.strip()]
        if is_seed:
            seed_sizes.append(len(lines))
        paragraphs += lines
        weights += [SEED_WEIGHT if is_seed else 1] * len(lines)
    return paragraphs, weights, seed_sizes


def build_documents(megabytes: float, seed: int = 20251030) -> list[str]:
    """Documents of sampled paragraphs, each as many paragraphs as a random seed document."""
    rng = random.Random(seed)
    paragraphs, weights, seed_sizes = corpus_paragraphs()
    target, total, docs = int(megabytes * 1_000_000), 0, []
    while total < target:
        lines = rng.choices(paragraphs, weights=weights, k=rng.choice(seed_sizes))
        doc = "\n".join(lines) + "\n"
        docs.append(doc)
        total += len(doc.encode("utf-8"))
    return docs


def megabytes(docs: list[str]) -> float:
    return sum(len(d.encode("utf-8")) for d in docs) / 1_000_000


def timed(fn, *args) -> tuple[float, float, object]:
    """(CPU seconds of this process, wall seconds, result) of ``fn(*args)``.

    One-core figures use CPU time: on a shared machine the wall clock also counts the time
    other processes held the core.
    """
    cpu, wall = time.process_time(), time.perf_counter()
    result = fn(*args)
    return time.process_time() - cpu, time.perf_counter() - wall, result


def run_jieba(module, docs: list[str]) -> None:
    for doc in docs:
        module.lcut(doc)


def run_pipeline(docs: list[str]) -> int:
    from policyintel.extractors.pipeline import extract
    from policyintel.ingest import from_text

    count = 0
    for text in docs:
        count += len(extract(from_text(text)))
    return count


def run_pool(docs: list[str], workers: int) -> int:
    from policyintel.extractors.parallel import extract_many

    results = extract_many(docs, workers=workers, keep_documents=False)
    return sum(len(r.records) for r in results)


def best_of(n: int, argv: list[str]) -> float:
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best


def profile(docs: list[str], top: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    run_pipeline(docs)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size, MB of UTF-8")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile", type=float, default=0.0, metavar="MB",
                        help="also profile the pipeline over this many MB")
    parser.add_argument("--skip-pool", action="store_true")
    args = parser.parse_args()

    docs = build_documents(args.mb)
    size = megabytes(docs)
    print(f"corpus: {len(docs)} documents, {size:.1f} MB sampled from {CORPUS.name}/ paragraphs")

    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.initialize()
    jieba.lcut("预热")
    jieba_s, jieba_wall, _ = timed(run_jieba, jieba, docs)
    print(f"baseline jieba.lcut:     {size / jieba_s:6.2f} MB/s  ({jieba_s:.1f} s CPU, "
          f"{jieba_wall:.1f} s wall)")
    try:
        import jieba_fast

        logging.getLogger("jieba_fast").setLevel(logging.WARNING)
        jieba_fast.initialize()
        fast_s, _, _ = timed(run_jieba, jieba_fast, docs)
        sample = docs[: max(1, len(docs) // 20)]
        same = sum(jieba.lcut(d) == jieba_fast.lcut(d) for d in sample)
        print(f"jieba_fast.lcut:         {size / fast_s:6.2f} MB/s  ({fast_s:.1f} s, "
              f"{jieba_s / fast_s:.2f}x jieba; identical tokens on {same}/{len(sample)} "
              "documents checked)")
    except ImportError:
        print("jieba_fast.lcut:         not installed")

    from policyintel.extractors.parallel import warm_up

    warm_up()
    one_s, one_wall, records = timed(run_pipeline, docs)
    ratio = jieba_s / one_s
    print(f"pipeline, 1 core:        {size / one_s:6.2f} MB/s  ({one_s:.1f} s CPU, "
          f"{one_wall:.1f} s wall, {records} records)"
          f"  = {ratio:.0%} of jieba.lcut (target >= 60%) {'OK' if ratio >= 0.6 else 'MISSED'}")

    if not args.skip_pool:
        before = os.times()
        start = time.perf_counter()
        pooled = run_pool(docs, args.workers)
        pool_s = time.perf_counter() - start
        after = os.times()
        worker_cpu = (after.children_user - before.children_user
                      + after.children_system - before.children_system)
        speedup = one_wall / pool_s
        print(f"pipeline, {args.workers} processes:  {size / pool_s:6.2f} MB/s  ({pool_s:.1f} s, "
              f"{pooled} records)  = {speedup:.2f}x one core's wall time "
              f"(target near {args.workers}x)")
        print(f"  workers' CPU {worker_cpu:.1f} s vs {one_s:.1f} s on one core (CPU-bound "
              f"estimate on {args.workers} free cores: {args.workers * one_s / worker_cpu:.2f}x);"
              " load average "
              f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other processes compete)")
        if pooled != records:
            print(f"  WARNING: the pool found {pooled} records, one process {records}")

    bindir = Path(sys.executable).parent
    seed = CORPUS / "dazhou" / "2025-zhizaoye-jineng-rencai-sannian-gongjian-xingdong-fangan.txt"
    cli = [str(bindir / "policyintel"), "extract", str(seed), "--format", "json"]
    if not Path(cli[0]).exists():
        cli = [sys.executable, "-c", "from policyintel.cli import main; main()", *cli[1:]]
    base_s = best_of(3, [sys.executable, "-c", "pass"])
    import_s = best_of(3, [sys.executable, "-c", "import policyintel.cli"])
    cold_s = best_of(3, cli)
    print(f"cold start `policyintel extract {seed.name[:24]}…`: {cold_s:.2f} s (best of 3; "
          f"target < 1.5 s) {'OK' if cold_s < 1.5 else 'MISSED'}")
    print(f"  baseline `python -c pass`: {base_s:.3f} s; `import policyintel.cli`: {import_s:.3f} s;"
          f" ratio {cold_s / base_s:.0f}x bare python")

    if args.profile:
        sample = build_documents(args.profile, seed=7)
        print(f"\nprofile of the pipeline over {megabytes(sample):.1f} MB:")
        print(profile(sample))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
