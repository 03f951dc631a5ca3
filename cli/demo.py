"""``policyintel demo``: the main job on the bundled corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from policyintel.cli import app
from policyintel.cli.output import error, write_table


@app.command()
def demo(
    db: Annotated[Path | None, typer.Option(
        "--db", help="Index file (default: $POLICYINTEL_DB, else the user data directory).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Index the bundled corpus, then print what each city promises per measure.

    Example: policyintel demo --db /tmp/policyintel.db
    """
    from policyintel.cli.index import quiet_jieba, render_comparison
    from policyintel.errors import PolicyIntelError
    from policyintel.index.build import build
    from policyintel.index.compare import compare
    from policyintel.index.store import open_store

    quiet_jieba()
    try:
        report = build(None, db, progress=not quiet,
                       on_error=lambda path, message: error(f"{path}: {message}"))
        with open_store(report.db) as store:
            stats = store.stats()
            table = compare(store)
    except PolicyIntelError as e:
        error(str(e))
        raise typer.Exit(1) from e
    typer.echo(f"index: {report.db} ({report.mode} build: {report.ingested} ingested, "
               f"{report.unchanged} unchanged)\n")
    kinds = ("target", "achievement", "subsidy", "responsibility")
    per_city = _records_per_city(report.db)
    write_table(["city", "documents", *kinds],
                [[city, n, *(per_city.get((city, k), 0) for k in kinds)]
                 for city, n in stats["cities"].items()])
    typer.echo("\nwhat each city promises, per measure (targets, subsidies by level, lead units):\n")
    typer.echo(render_comparison(table))
    if report.failed:
        raise typer.Exit(1)


def _records_per_city(db: str) -> dict[tuple[str, str], int]:
    from policyintel.index.queries import RecordQuery
    from policyintel.index.records import iter_records
    from policyintel.index.store import open_store

    counts: dict[tuple[str, str], int] = {}
    with open_store(db) as store:
        for r in iter_records(store, RecordQuery()):
            key = (r.city or "?", r.kind)
            counts[key] = counts.get(key, 0) + 1
    return counts
