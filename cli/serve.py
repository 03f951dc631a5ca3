"""The ``serve`` verb: the HTTP API (and the web page) over an index, with uvicorn."""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path
from typing import Annotated

import typer
from policyintel.cli import app
from policyintel.cli.output import error

DB_HELP = "Index file (default: $POLICYINTEL_DB, else policyintel.db in the user data directory)."


def openapi_json(db: Path | None = None) -> str:
    """The app's OpenAPI schema as committed in docs/openapi.json (sorted keys, 2-space indent)."""
    from policyintel.api.app import create_app

    return json.dumps(create_app(db).openapi(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@app.command()
def serve(
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.", min=1)] = 1,
    api_key: Annotated[str | None, typer.Option(
        "--api-key", envvar="POLICYINTEL_API_KEY",
        help="Allow POST /api/v1/documents (indexing uploads) for callers sending this key "
             "in X-API-Key; off without it.")] = None,
    max_upload_mb: Annotated[float, typer.Option(
        "--max-upload-mb", help="Largest request body accepted (413 over it).", min=0.001)] = 50,
    parse_timeout: Annotated[float, typer.Option(
        "--parse-timeout", help="Seconds one upload may take to parse.", min=0.1)] = 60,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
    dump_openapi: Annotated[Path | None, typer.Option(
        "--dump-openapi", help="Write the OpenAPI schema to this file ('-' for stdout) and exit.",
        )] = None,
) -> None:
    """Serve the HTTP API under /api/v1 (docs at /api/v1/docs) and the web page at /.

    Example: policyintel serve --db policy.db --port 8000 --workers 2
    """
    if dump_openapi is not None:
        text = openapi_json(db)
        if str(dump_openapi) == "-":
            sys.stdout.write(text)
        else:
            dump_openapi.write_text(text, encoding="utf-8")
        return
    from policyintel.api.app import ENV_API_KEY, ENV_MAX_UPLOAD_MB, ENV_PARSE_TIMEOUT
    from policyintel.index.store import ENV_DB, default_db_path

    path = (db or default_db_path()).resolve()
    if not path.exists():
        error(f"{path}: no index here; build one with: policyintel build --db {path}")
        raise typer.Exit(1)
    # The factory reads its settings from the environment, which worker processes inherit.
    os.environ[ENV_DB] = str(path)
    os.environ[ENV_MAX_UPLOAD_MB] = str(max_upload_mb)
    os.environ[ENV_PARSE_TIMEOUT] = str(parse_timeout)
    if api_key:
        os.environ[ENV_API_KEY] = api_key
    else:
        os.environ.pop(ENV_API_KEY, None)
    run_server("policyintel.api.app:app_from_env", host=host, port=port, workers=workers,
               log_level=log_level)


# asyncio's own loop, not uvloop: a worker whose loop is saturated (32 clients, each request
# ~1.2 ms of work on the loop) answered its clients in turn with asyncio (p99 48-52 ms, max
# 51-60 ms), while uvloop left some waiting for up to 0.2-0.7 s (p99 48-400 ms) for 2-4% more
# requests/s. Measured on a bare app doing nothing but that work, and on /search.
EVENT_LOOP = "asyncio"


def run_server(factory: str, *, host: str, port: int, workers: int, log_level: str) -> None:
    """uvicorn with the app ``factory`` ("module:function"); ``workers`` > 1 share one socket.

    For several workers uvicorn binds a socket made without a protocol number, and asyncio turns
    on TCP_NODELAY only for sockets whose protocol says TCP: every response then waits ~40 ms
    for a delayed ACK (Nagle). So the shared socket is made here, as TCP, and handed to uvicorn's
    supervisor as uvicorn itself would.
    """
    import uvicorn

    if workers <= 1:
        uvicorn.run(factory, factory=True, host=host, port=port, log_level=log_level,
                    loop=EVENT_LOOP)
        return
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(factory, factory=True, host=host, port=port, workers=workers,
                            log_level=log_level, loop=EVENT_LOOP)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        error(f"cannot listen on {host}:{port}: {e.strerror or e}")
        raise typer.Exit(1) from e
    sock.set_inheritable(True)
    try:
        Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()
