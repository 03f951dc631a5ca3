"""`policyintel serve` starts uvicorn with the app factory; two workers answer on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_with_two_workers(corpus_db):
    port = _free_port()
    cli = Path(sys.executable).with_name("policyintel")
    cmd = [str(cli), "serve", "--db", str(corpus_db), "--port", str(port), "--workers", "2",
           "--log-level", "warning"]
    env = {**os.environ, "POLICYINTEL_API_KEY": ""}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{base}/health", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
                assert time.monotonic() < deadline, "server did not start in 60 s"
                time.sleep(0.3)
        assert health.status_code == 200 and health.json()["index"]["documents"] == 21
        search = httpx.get(f"{base}/search", params={"q": "技能大师工作室"}, timeout=10)
        assert search.status_code == 200 and search.json()["count"] >= 3
        upload = httpx.post(f"{base}/documents", files={"file": ("a.txt", b"x")}, timeout=10)
        assert upload.status_code == 403  # no --api-key: uploads are off
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_serve_refuses_a_missing_index(tmp_path):
    cli = Path(sys.executable).with_name("policyintel")
    r = subprocess.run([str(cli), "serve", "--db", str(tmp_path / "none.db")], cwd=ROOT, check=False,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "policyintel build" in r.stderr
