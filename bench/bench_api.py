"""API benchmark: latency p50/p95 and requests/s of /search and /records over HTTP on the
10,000-document bench index, beside a bare FastAPI endpoint that returns a constant.

For 1 and 2 uvicorn workers, ``policyintel serve`` runs over the bench index (made by
``bench_index.make_bench_index`` when missing or of an older schema) and, in the
same run, a bare app (one sync route returning a constant, the same uvicorn settings). A load
generator on loopback — ``wrk`` when installed (apt-get install wrk), else an httpx async
client — runs 1, 8 and 32 concurrent clients for a bounded time per cell against each
endpoint: the bare route; ``search``: 200 queries drawn as in bench_index.py, asked again and
again (answered from the API's cache after the warm-up pass); ``search_cold``: distinct queries
drawn the same way from the index's whole vocabulary, a fresh slice per cell (each searched);
``records``: first and cursor pages of 200 kind + city queries, 50 records a page (cached after
the warm-up); ``records_cold``: distinct pages of every city's records (each read from the
index; the pool holds ~16,500 pages, so a cell of several seconds repeats some: the share is
printed, and ``--endpoints bare records_cold --seconds 2`` for one worker count has none).
Printed: requests/s, p50/p95 latency, the ratio of requests/s to the bare endpoint's,
and each server process's memory (resident, of it its own anonymous memory, peak).

Targets (issue 6): /search p95 ≤ 50 ms at 32 clients; /records ≥ 50% of the bare endpoint's
requests/s.

Figures (2 shared CPUs, other jobs running: cells vary by up to 2x between runs; two runs):
before this round (threadpool handlers, pydantic response validation, a COUNT per page, no
caches, asyncio + h11): bare 2,332 req/s at 32 clients (1 worker); /search 191 req/s, p95
251 ms (1 worker), 272 req/s, p95 271 ms (2 workers); /records 182 req/s = 8% of bare (1
worker), 5% (2 workers); API memory 241 MB (1 worker), 464 MB in all (2 workers).
After (orjson bytes, async records read inline, searches in 4 threads, keyset pages on the
(kind, doc_id, start) index, cached counts/pages/searches, uvloop + httptools), 32 clients:
  1 worker:  bare 3,400-3,500 req/s; /search (repeated) 3,740 req/s, p95 9-11 ms; cold
             search 375-420 req/s, p95 110-340 ms (inline: 336; 4 threads: 104-112); /records
             (repeated) 2,300-2,450 req/s = 68-70% of bare; cold pages 580-615 req/s = 16-18%,
             p95 87-121 ms.
  2 workers: bare 6,800-8,400 req/s; /search 6,300 req/s, p95 7-8 ms; cold search 430-540
             req/s, p95 106-134 ms; /records 1,700-4,000 req/s = 25-49%; cold pages 660-1,240
             req/s = 8-18%.
  memory: 1 worker 235-254 MB resident (own 217-236 MB: jieba's dictionary, the caches);
  2 workers 213-225 MB each, supervisor 48 MB. The caches are bounded: 32 MB of /search
  answers, 32 MB of /records pages and 4,096 counts per worker.
Then (several runs; cells vary by up to 1.5x between runs on this shared VM): each endpoint's
query parsed as one pydantic model (api/params.py; FastAPI's per-parameter resolution cost
~0.4 ms a request for /records' 22 filters), records pages joined from the JSON stored with each
record (schema 6), search ranking a 200-match window with a 10,000-posting budget, and a run of
characters searched as a phrase of character bigrams (schema 7; as unigrams, the fallback of a
two-word query read the posting lists of common characters: 1.2 ms, up to 0.5 s). Server CPU
per request through the ASGI app, no network: bare 0.19-0.21 ms; cold /records page 1.39 ->
0.43 ms; cached page 1.15 -> 0.17 ms; a cold search in process 2.7 -> 0.86 ms (30,000
distinct queries, p99.9 5.5 ms, worst 18 ms). Over HTTP, 32 clients, no repeated query or page
in a cold cell (--cold 12000; records_cold cells of 2 s, the pool of distinct pages being
16,500):
  1 worker:  bare 3,160-3,980 req/s; /search (repeated) 4,890 req/s, p95 7 ms; cold search
             627-710 req/s, p95 56-61 ms; /records (repeated) 4,160 req/s = 132% of bare
             (a sync bare route pays a hop to the threadpool); cold pages 1,700-1,780 req/s =
             43-47% of bare, p95 33-38 ms.
  2 workers: bare 7,300-8,000 req/s; /search 7,800 req/s, p95 7 ms; cold search 1,580-1,700
             req/s, p95 28-45 ms; /records 6,290 req/s = 82%; cold pages 2,680-3,400 req/s =
             37-42%, p95 18-30 ms.
  memory: 1 worker 227-265 MB resident (own 209-247 MB); 2 workers 204-227 MB each,
  supervisor 49 MB. The index file grew 836 -> 1,244 MB (stored record JSON, bigrams).
  Targets then: /search p95 met with 2 workers, and with 1 worker for repeated queries only;
  cold /records pages 37-47% of bare (missed).
Then (this round): searches run on the event loop, not in 4 threads (each hand-over of the GIL
between the loop and the threads cost more than the overlap saved); uvicorn on asyncio's loop,
not uvloop (saturated, uvloop left some clients waiting 0.2-0.9 s: p99 48-400 ms against
48-52 ms on asyncio's loop, for a bare app doing 1.2 ms of work a request; the bare endpoint
here runs on the same loop, 3,000-3,550 req/s against ~3,980 on uvloop); FTS word tokens
marked apart from the characters (schema 8: a word's posting list no longer holds every clause
with the characters that spell it; a cold search in process 1.04 -> 0.55 ms, the slowest of
3,000 31.7 -> 2.0 ms); a ranking window read in one pass; records pages after a cursor start
at the cursor's document; /search and /records parse their parameters in the handler and are
matched first; young garbage collections every 50,000 allocations (CPython: 700; 6-9% of a
search's CPU); an open year range closed by the index's years (a join filter walked every
match: up to 1 s), and the searches that stay expensive (a unit filter, a page past 200 hits)
sent to the threadpool; read-only connections keep 16 MB of pages (SQLite: 2 MB); /search and
/records served by RequestRoute (no FastAPI per-request handler). Server CPU
through the ASGI app: cold records page 0.43 -> 0.28-0.32 ms; cold search 1.9 (threads) ->
0.78-0.80 ms (before the page cache). Over HTTP, 32 clients, cold cells without repeats
(records cells of 2 s, one cell per run):
  1 worker:  bare 2,800-3,500 req/s; cold search 849-1,187 req/s, p95 33-47 ms in all 12
             runs since the page cache. Before the page cache (3 of those runs with the garbage-
             collection change), 8 of 17 runs missed (53-64 ms), most of them in slow spells
             of the host, when bare made 2,000-2,450 req/s. p95 is ~1.3x p50, and p50 is 32 clients over the req/s, so the
             target needs ~850 req/s. Cold pages 2,010-2,300 req/s = 58-81% of bare, p95
             16-24 ms. Repeated searches 5,640 req/s, p95 7 ms. Repeated pages 154-160% of bare.
  2 workers: bare 5,770-7,710 req/s (3,000-3,600 in runs where one worker took most of the
             32 connections, which share one listening socket); cold search 2,310-2,580 req/s,
             p95 16-18 ms; cold pages 3,380-4,220 req/s = 50-69% of bare (51-55% in the
             two runs before RequestRoute, 60% after; 124-127% against lopsided bare runs,
             38% in a lopsided records run), p95 8-12 ms.
  memory: 1 worker 209-218 MB resident (own 192-201 MB); 2 workers 206-207 MB each,
  supervisor 49 MB.
Targets: /search p95 <= 50 ms at 32 clients: met, cold or repeated, 1 or 2 workers (1 worker
cold: in every run since the page cache, but the margin is thin when the host is slow).
/records >= 50% of bare: met, cold or repeated, except in a run where the 2 workers'
connections were split unevenly.
Tried and left: 2 search threads instead of 4 (better with 1 worker, worse with 2); mmap reads
(+4%, and 2 GB of mapped file counted in the worker's resident memory); gc.freeze after start
(no clear change); a shorter GIL switch interval for the search threads (0.5 or 1 ms: no
change); one row per statement (JSON-aggregated) to cut the GIL hand-overs of the threads (no
change).

Run: python bench/bench_api.py [--db bench/out/bench.db] [--docs 10000] [--seconds 5]
     [--workers 1 2] [--clients 1 8 32] [--endpoints bare search records ...] [--cold 12000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
CLIENTS = (1, 8, 32)
WORKERS = (1, 2)
ENDPOINTS = ("bare", "search", "search_cold", "records", "records_cold")
COLD = ("search_cold", "records_cold")
SEARCH_P95_TARGET_MS = 50.0
RECORDS_RATIO_TARGET = 0.5

# Each wrk thread walks its own share of the paths (thread k takes paths k, k + n, …), so two
# threads never send the same path at the same moment (a cached answer would serve the second).
WRK_SCRIPT = """
paths = {%s}
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
  thread:set("id", #threads - 1)
end
init = function(args)
  counter = id
end
request = function()
  local path = paths[(counter %% #paths) + 1]
  counter = counter + %d
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%f %%f %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def bare_app():
    """The baseline: a FastAPI app whose one route returns a constant (uvicorn factory)."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/bare")
    def bare() -> dict[str, str]:
        return {"status": "ok"}

    return app


# -- servers ------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode} before answering {url}")
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server did not answer {url} in {timeout:.0f} s")


class Server:
    """A server in its own process group, stopped (with its workers) on exit."""

    def __init__(self, cmd: list[str], ready_path: str, port: int) -> None:
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     start_new_session=True, cwd=HERE.parent)
        _wait_ready(self.base + ready_path, self.proc)

    def pids(self) -> list[int]:
        """The server process and its descendants."""
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        out, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo += children.get(pid, [])
        return out

    def memory_mb(self) -> list[tuple[float, float, float]]:
        """(resident, of it anonymous, peak resident) memory of each server process in MB.
        Resident memory includes the index pages a worker has mapped (shared file cache);
        anonymous memory is the worker's own."""
        out = []
        for pid in self.pids():
            fields = {}
            try:
                with open(f"/proc/{pid}/status") as fh:
                    for line in fh:
                        key, _, value = line.partition(":")
                        if key in ("VmRSS", "RssAnon", "VmHWM"):
                            fields[key] = int(value.split()[0]) / 1024
            except OSError:
                continue
            if fields:
                out.append((fields.get("VmRSS", 0), fields.get("RssAnon", 0), fields.get("VmHWM", 0)))
        return out

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def api_server(db: Path, workers: int) -> Server:
    port = _free_port()
    cli = Path(sys.executable).with_name("policyintel")
    cmd = [str(cli), "serve", "--db", str(db), "--port", str(port), "--workers", str(workers),
           "--log-level", "warning"]
    return Server(cmd, "/api/v1/version", port)


def bare_server(workers: int) -> Server:
    """The bare app, started the way ``policyintel serve`` starts the API."""
    port = _free_port()
    code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); "
            "from policyintel.cli.serve import run_server; "
            f"run_server('bench_api:bare_app', host='127.0.0.1', port={port}, "
            f"workers={workers}, log_level='warning')")
    return Server([sys.executable, "-c", code], "/bare", port)


# -- load ---------------------------------------------------------------------------------------
def run_wrk(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    threads = min(clients, 2)
    lua = WRK_SCRIPT % (", ".join('"' + p.replace('"', '\\"') + '"' for p in paths), threads)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(lua)
    try:
        out = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{seconds:g}s",
             "--timeout", "30s", "-s", fh.name, base],
            check=False, capture_output=True, text=True, timeout=seconds + 60).stdout
    finally:
        os.unlink(fh.name)
    line = next((ln for ln in out.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result:\n{out}")
    n, duration_us, p50, p95, errors = line.split()[1:]
    return {"requests": int(n), "rps": int(n) / (int(duration_us) / 1e6),
            "p50_ms": float(p50) / 1000, "p95_ms": float(p95) / 1000, "errors": int(errors)}


async def _httpx_load(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(k: int, http: httpx.AsyncClient) -> None:
        nonlocal errors
        i = k
        while time.perf_counter() < stop:
            t = time.perf_counter()
            r = await http.get(paths[i % len(paths)])
            latencies.append(time.perf_counter() - t)
            errors += r.status_code != 200
            i += clients

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        await asyncio.gather(*(client(k, http) for k in range(clients)))
    elapsed = time.perf_counter() - started
    qs = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [0] * 99
    return {"requests": len(latencies), "rps": len(latencies) / elapsed,
            "p50_ms": qs[49] * 1000, "p95_ms": qs[94] * 1000, "errors": errors}


def load(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    if shutil.which("wrk"):
        return run_wrk(base, paths, clients, seconds)
    return asyncio.run(_httpx_load(base, paths, clients, seconds))


# -- the run ------------------------------------------------------------------------------------
def warm(base: str, paths: list[str]) -> None:
    """One pass over every path (8 at a time), so that cells measure a warm server."""
    import httpx

    async def run() -> None:
        sem = asyncio.Semaphore(8)
        async with httpx.AsyncClient(base_url=base, timeout=120) as http:
            async def one(p: str) -> None:
                async with sem:
                    await http.get(p)
            await asyncio.gather(*(one(p) for p in paths))

    asyncio.run(run())


def _wide_vocabulary(conn) -> tuple[list[str], list[str]]:
    """Every word (2+ characters) and character of the index vocabulary in at least 50 clauses:
    enough distinct queries for the cold-search cells."""
    from policyintel.index.prepare import WORD_MARK

    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.api_vocab "
                 "USING fts5vocab(main, clause_fts, 'col')")
    cjk = re.compile(r"^[\u4e00-\u9fff]+$")
    words, chars = [], []
    for term, col, df in conn.execute("SELECT term, col, doc FROM temp.api_vocab ORDER BY term"):
        term = term.removeprefix(WORD_MARK)  # a word of the words column is marked
        if df >= 50 and cjk.match(term):
            if col == "words" and len(term) >= 2:
                words.append(term)
            elif col == "chars":
                chars.append(term)
    return words, chars


def workload(db: Path, n: int = 200, cold: int = 0) -> dict[str, list[str]]:
    """The request paths of each endpoint: ``search`` draws ``n`` queries as bench_index.py
    does (asked again and again: after the warm-up pass they are answered from the cache);
    ``search_cold`` has ``cold`` more, distinct from those and from each other, drawn the same
    way from the whole vocabulary; ``records`` the first and second pages (by cursor) of ``n``
    kind + city queries, 50 records a page (asked again and again: cached after the warm-up);
    ``records_cold`` every other page of 50 of each city's records, all kinds and each kind
    (distinct pages, shuffled: each is read from the index)."""
    from bench_index import _queries, _vocabulary
    from policyintel.index.queries import RecordQuery
    from policyintel.index.sqlite import SQLiteStore

    rng = random.Random(11)
    store = SQLiteStore(db, readonly=True)
    try:
        cities = [c for (c,) in store.conn.execute(
            "SELECT DISTINCT city FROM documents WHERE city IS NOT NULL ORDER BY city")]
        queries = _queries(rng, n, *_vocabulary(store.conn, rng))
        words, chars = _wide_vocabulary(store.conn)
        seen = {frozenset(q.strip('"').split()) for q in queries}
        cold_queries = [q for q in _queries(random.Random(13), cold + n, words, chars)
                        if frozenset(q.strip('"').split()) not in seen][:cold]
        records: list[str] = []
        for _ in range(n):
            kind, city = rng.choice(["subsidy", "target", "responsibility"]), rng.choice(cities)
            path = f"/api/v1/records?kind={kind}&city={quote(city)}&limit=50"
            records.append(path)
            page = store.records(RecordQuery(kind=kind, city=city, limit=50, count_total=False))
            if page.next_cursor:
                records.append(f"{path}&cursor={page.next_cursor}")
        warm_pages = set(records)
        cold_pages = _every_page(store, cities) if cold else []
        random.Random(17).shuffle(cold_pages)
    finally:
        store.close()
    return {"bare": ["/bare"], "search": [f"/api/v1/search?q={quote(q)}&limit=20" for q in queries],
            "search_cold": [f"/api/v1/search?q={quote(q)}&limit=20" for q in cold_queries],
            "records": records, "records_cold": [p for p in cold_pages if p not in warm_pages]}


def _every_page(store, cities: list[str]) -> list[str]:
    """Every page of 50 (first, then by cursor) of each city's records and of each kind of
    them: distinct pages, none cached by an earlier request."""
    from policyintel.index.queries import RecordQuery

    out = []
    for city in cities:
        for kind in (None, "target", "achievement", "subsidy", "responsibility"):
            path = f"/api/v1/records?city={quote(city)}&limit=50" + (f"&kind={kind}" if kind else "")
            q = RecordQuery(kind=kind, city=city, limit=50, count_total=False)
            out.append(path)
            while (cursor := store.records(q).next_cursor) is not None:
                out.append(f"{path}&cursor={cursor}")
                q = replace(q, cursor=cursor)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=OUT / "bench.db")
    ap.add_argument("--docs", type=int, default=10_000, help="Documents when the index is made.")
    ap.add_argument("--seconds", type=float, default=5.0, help="Duration of each cell.")
    ap.add_argument("--workers", type=int, nargs="+", default=list(WORKERS))
    ap.add_argument("--clients", type=int, nargs="+", default=list(CLIENTS))
    ap.add_argument("--endpoints", nargs="+", default=list(ENDPOINTS), choices=ENDPOINTS)
    ap.add_argument("--cold", type=int, default=12000,
                    help="Distinct queries per cold-search cell (a cell that asks more repeats).")
    args = ap.parse_args()
    from bench_index import index_is_current

    if not args.db.exists() or not index_is_current(args.db):
        from bench_index import make_bench_index

        print(f"making the bench index ({args.docs} documents) at {args.db} …", flush=True)
        make_bench_index(args.db, args.docs)
    from policyintel.index.sqlite import SQLiteStore

    SQLiteStore(args.db).close()  # opened writable once: migrates an older schema, as serve does
    cells = len(args.workers) * len(args.clients)
    paths = workload(args.db, cold=args.cold * cells)
    size = {"search_cold": args.cold, "records_cold": len(paths["records_cold"]) // cells}
    cold = {name: iter([paths[name][i:i + size[name]]
                        for i in range(0, size[name] * cells, size[name])]) for name in COLD}
    generator = "wrk" if shutil.which("wrk") else "httpx (install wrk for a lighter generator)"
    print(f"index {args.db} ({args.db.stat().st_size / 1e6:.0f} MB); load generator: {generator}; "
          f"{args.seconds:g} s per cell; {os.cpu_count()} CPUs shared by servers and generator")
    print(f"{'workers':>7} {'endpoint':>11} {'clients':>7} {'req/s':>8} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'vs bare':>8} {'errors':>6}")
    results: dict[tuple[int, str, int], dict] = {}
    for workers in args.workers:
        bare, api = bare_server(workers), api_server(args.db, workers)
        try:
            for name in ["bare", *(e for e in args.endpoints if e != "bare")]:
                server = bare if name == "bare" else api
                if name not in COLD:
                    warm(server.base, paths[name])
                for clients in args.clients:
                    cell_paths = next(cold[name]) if name in COLD else paths[name]
                    r = load(server.base, cell_paths, clients, args.seconds)
                    results[(workers, name, clients)] = r
                    ratio = r["rps"] / results[(workers, "bare", clients)]["rps"]
                    note = ""
                    if name in COLD and r["requests"] > len(cell_paths):
                        note = f"  ({1 - len(cell_paths) / r['requests']:.0%} repeats)"
                    print(f"{workers:>7} {name:>11} {clients:>7} {r['rps']:>8.0f} "
                          f"{r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {ratio:>7.0%} "
                          f"{r['errors']:>6}{note}", flush=True)
            procs = api.memory_mb()
            # With several workers the first process is uvicorn's supervisor.
            shown = procs[1:] if workers > 1 and len(procs) > 1 else procs
            print(f"        API memory, {workers} worker(s): " + "; ".join(
                f"worker RSS {rss:.0f} MB (own {anon:.0f} MB, peak {hwm:.0f} MB)"
                for rss, anon, hwm in shown)
                + (f"; supervisor {procs[0][0]:.0f} MB" if shown is not procs else "")
                + f"; bare app {sum(p[0] for p in bare.memory_mb()):.0f} MB in all")
        finally:
            bare.stop()
            api.stop()
    top = max(args.clients)
    for workers in args.workers:
        base = results[(workers, "bare", top)]
        parts = []
        for name in ("search", "search_cold"):
            if (workers, name, top) in results:
                p95 = results[(workers, name, top)]["p95_ms"]
                parts.append(f"/{name.replace('_', ' ')} p95 {p95:.1f} ms (≤ {SEARCH_P95_TARGET_MS:g}: "
                             f"{'met' if p95 <= SEARCH_P95_TARGET_MS else 'MISSED'})")
        for name in ("records", "records_cold"):
            if (workers, name, top) in results:
                ratio = results[(workers, name, top)]["rps"] / base["rps"]
                parts.append(f"/{name.replace('_', ' ')} {ratio:.0%} of bare req/s "
                             f"(≥ {RECORDS_RATIO_TARGET:.0%}: "
                             f"{'met' if ratio >= RECORDS_RATIO_TARGET else 'MISSED'})")
        print(f"targets, {workers} worker(s), {top} clients: " + "; ".join(parts))


if __name__ == "__main__":
    main()
