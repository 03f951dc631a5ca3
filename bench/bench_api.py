"""API benchmark: latency p50/p95 and requests/s of /search and /records over HTTP on the
10,000-document bench index, beside a bare FastAPI endpoint that returns a constant.

For 1 and 2 uvicorn workers, ``policyintel serve`` runs over the bench index (made by
``bench_index.make_bench_index`` when missing) and, in the same run, a bare app (one sync route
returning a constant, the same uvicorn settings). A load generator on loopback — ``wrk`` when
installed (apt-get install wrk), else an httpx async client — runs 1, 8 and 32 concurrent
clients for a bounded time per cell against each endpoint: the bare route, /search with
queries drawn as in bench_index.py, and /records pages (one kind and city, 50 records).
Printed: requests/s, p50/p95 latency, the ratio of requests/s to the bare endpoint's, and the
servers' memory (peak resident set of the server processes).

Targets (issue 6): /search p95 ≤ 50 ms at 32 clients; /records ≥ 50% of the bare endpoint's
requests/s.

Run: python bench/bench_api.py [--db bench/out/bench.db] [--docs 10000] [--seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
CLIENTS = (1, 8, 32)
WORKERS = (1, 2)
SEARCH_P95_TARGET_MS = 50.0
RECORDS_RATIO_TARGET = 0.5

WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
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

    def memory_mb(self) -> tuple[float, float]:
        """(current, peak) resident memory of the server's processes, summed, in MB."""
        rss = hwm = 0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/status") as fh:
                    for line in fh:
                        if line.startswith("VmRSS:"):
                            rss += int(line.split()[1])
                        elif line.startswith("VmHWM:"):
                            hwm += int(line.split()[1])
            except OSError:
                continue
        return rss / 1024, hwm / 1024

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
    lua = WRK_SCRIPT % ", ".join('"' + p.replace('"', '\\"') + '"' for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(lua)
    try:
        out = subprocess.run(
            ["wrk", "-t", str(min(clients, 2)), "-c", str(clients), "-d", f"{seconds:g}s",
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


def workload(db: Path, n: int = 200) -> dict[str, list[str]]:
    """The request paths of each endpoint, drawn as bench_index.py draws its queries."""
    from bench_index import _queries
    from policyintel.index.store import open_store

    rng = random.Random(11)
    store = open_store(db, readonly=True)
    try:
        cities = [c for c in store.stats()["cities"] if c != "?"]
    finally:
        store.close()
    search = [f"/api/v1/search?q={quote(q)}&limit=20" for q in _queries(rng, n)]
    records = [f"/api/v1/records?kind={rng.choice(['subsidy', 'target', 'responsibility'])}"
               f"&city={quote(rng.choice(cities))}&limit=50" for _ in range(n)]
    return {"bare": ["/bare"], "search": search, "records": records}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=OUT / "bench.db")
    ap.add_argument("--docs", type=int, default=10_000, help="Documents when the index is made.")
    ap.add_argument("--seconds", type=float, default=5.0, help="Duration of each cell.")
    ap.add_argument("--workers", type=int, nargs="+", default=list(WORKERS))
    ap.add_argument("--clients", type=int, nargs="+", default=list(CLIENTS))
    args = ap.parse_args()
    if not args.db.exists():
        from bench_index import make_bench_index

        print(f"making the bench index ({args.docs} documents) at {args.db} …", flush=True)
        make_bench_index(args.db, args.docs)
    paths = workload(args.db)
    generator = "wrk" if shutil.which("wrk") else "httpx (install wrk for a lighter generator)"
    print(f"index {args.db} ({args.db.stat().st_size / 1e6:.0f} MB); load generator: {generator}; "
          f"{args.seconds:g} s per cell; {os.cpu_count()} CPUs shared by servers and generator")
    print(f"{'workers':>7} {'endpoint':>8} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'vs bare':>8} {'errors':>6}")
    results: dict[tuple[int, str, int], dict] = {}
    memory: dict[int, tuple[float, float]] = {}
    for workers in args.workers:
        bare, api = bare_server(workers), api_server(args.db, workers)
        try:
            for name, server in (("bare", bare), ("search", api), ("records", api)):
                warm(server.base, paths[name])
                for clients in args.clients:
                    r = load(server.base, paths[name], clients, args.seconds)
                    results[(workers, name, clients)] = r
                    ratio = r["rps"] / results[(workers, "bare", clients)]["rps"]
                    print(f"{workers:>7} {name:>8} {clients:>7} {r['rps']:>8.0f} "
                          f"{r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {ratio:>7.0%} "
                          f"{r['errors']:>6}", flush=True)
            memory[workers] = api.memory_mb()
            bare_mem = bare.memory_mb()
            print(f"        server memory with {workers} worker(s): API {memory[workers][0]:.0f} MB "
                  f"resident, peak {memory[workers][1]:.0f} MB; bare app {bare_mem[0]:.0f} MB")
        finally:
            bare.stop()
            api.stop()
    top = max(args.clients)
    for workers in args.workers:
        search = results[(workers, "search", top)]
        rec, base = results[(workers, "records", top)], results[(workers, "bare", top)]
        ratio = rec["rps"] / base["rps"]
        print(f"targets, {workers} worker(s), {top} clients: /search p95 {search['p95_ms']:.1f} ms "
              f"(≤ {SEARCH_P95_TARGET_MS:g}: {'met' if search['p95_ms'] <= SEARCH_P95_TARGET_MS else 'MISSED'}); "
              f"/records {ratio:.0%} of bare req/s (≥ {RECORDS_RATIO_TARGET:.0%}: "
              f"{'met' if ratio >= RECORDS_RATIO_TARGET else 'MISSED'})")


if __name__ == "__main__":
    main()
