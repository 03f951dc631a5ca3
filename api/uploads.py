"""Uploads: the body size limit, saving an upload, and parsing it in a worker with a time limit.

A parse runs in its own process (started from a forkserver that has the extractors imported),
so a file that takes too long is killed, not left burning a core, and a crash in a loader does
not take the server down. The worker returns tagged tuples, never exceptions: a library error
with keyword arguments does not survive pickling.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from policyintel.api.errors import ApiError, error_body
from policyintel.errors import LoadError, PolicyIntelError, UnsupportedFormat

_PRELOAD = ["policyintel.api.uploads", "policyintel.ingest", "policyintel.extractors.pipeline",
            "policyintel.extractors.contract", "policyintel.index.prepare"]
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}$")
_CHUNK = 1 << 20


def too_large_message(size: int | None, limit: int) -> str:
    got = f"{size / 1e6:.1f} MB" if size is not None else "too large"
    return (f"upload is {got}, over the {limit / 1e6:g} MB limit; send a smaller file "
            "or start the server with a higher --max-upload-mb")


class UploadLimit:
    """ASGI middleware: a request body over ``max_bytes`` gets a 413 before it is parsed.

    The declared Content-Length is checked first; a body without one is counted as it arrives.
    """

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    await self._reject(send, declared)
                    return
        seen = 0
        started = rejected = False

        async def counting_receive() -> dict:
            nonlocal seen, rejected
            if rejected:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes and not started:
                    # Answer now; the app then sees a client that went away, and whatever it
                    # tries to send after that is dropped.
                    rejected = True
                    await self._reject(send, None)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: dict) -> None:
            nonlocal started
            if rejected:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not rejected:
                raise

    async def _reject(self, send: Callable, size: int | None) -> None:
        body = json.dumps(error_body(413, "payload_too_large",
                                     too_large_message(size, self.max_bytes)),
                          ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def safe_suffix(filename: str | None) -> str:
    """The upload's extension if it looks like one (the loaders sniff the bytes first anyway)."""
    m = _SUFFIX.search(filename or "")
    return m.group(0).lower() if m else ""


def save_upload(src: IO[bytes], directory: str | Path, filename: str | None,
                max_bytes: int) -> tuple[Path, str]:
    """Copy an upload to a temp file in ``directory``; ``(path, sha256)``. 413 when too big."""
    digest = hashlib.sha256()
    size = 0
    fd, name = tempfile.mkstemp(prefix="upload-", suffix=safe_suffix(filename), dir=directory)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := src.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise ApiError(413, "payload_too_large", too_large_message(None, max_bytes))
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name), digest.hexdigest()


# -- jobs (run in the worker process) ---------------------------------------------------------
def extract_job(path: str, name: str) -> dict[str, Any]:
    """The extract contract of the file at ``path``, its source shown as ``name``."""
    from policyintel.extractors.contract import to_contract
    from policyintel.extractors.pipeline import extract
    from policyintel.ingest import read

    doc = read(path)
    out = to_contract(doc, extract(doc))
    out["source"] = name
    return out


def prepare_job(path: str, name: str, content_hash: str) -> Any:
    """The rows of the file at ``path`` for the store (``index.prepare``), shown as ``name``."""
    from policyintel.index.prepare import prepare_file

    prepared = prepare_file(path, content_hash=content_hash)
    prepared.source = name
    return prepared


def _child(conn: Any, job: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        result: tuple[str, Any] = ("ok", job(*args))
    except UnsupportedFormat as e:
        result = ("unsupported", (e.reason, e.page, e.line))
    except LoadError as e:
        result = ("load", (e.reason, e.page, e.line))
    except PolicyIntelError as e:
        result = ("error", f"{type(e).__name__}: {e}")
    except Exception as e:  # noqa: BLE001 — reported to the client as a failed parse
        result = ("internal", f"{type(e).__name__}: {e}")
    try:
        conn.send(result)
    finally:
        conn.close()


@functools.cache
def _context() -> Any:
    """The process context of parse workers, made once (forkserver where there is one)."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(_PRELOAD)
    return ctx


def run_parse(job: Callable[..., Any], args: tuple[Any, ...], *, name: str,
              timeout: float) -> Any:
    """Run ``job(*args)`` in a worker process; its result, or an ApiError (415, 422)."""
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(sender, job, args), daemon=True)
    proc.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise ApiError(422, "parse_timeout",
                           f"{name}: parsing took longer than {timeout:g} s and was stopped; "
                           "split the file or ask for a higher --parse-timeout")
        try:
            tag, value = receiver.recv()
        except EOFError as e:
            raise ApiError(422, "parse_failed",
                           f"{name}: the parser stopped without an answer (exit code "
                           f"{proc.exitcode}); the file may be damaged") from e
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        receiver.close()
    if tag == "ok":
        return value
    if tag in ("unsupported", "load"):
        reason, page, line = value
        cls = UnsupportedFormat if tag == "unsupported" else LoadError
        raise cls(name, reason, page=page, line=line)
    raise ApiError(422, "parse_failed", f"{name}: cannot be parsed: {value}")
