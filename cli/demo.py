"""``policyintel demo``: the main job on the bundled corpus."""

from __future__ import annotations

from collections import Counter, defaultdict

import typer

from policyintel.cli import app
from policyintel.cli.output import error


@app.command()
def demo() -> None:
    """Extract every bundled corpus document and print a per-city summary.

    Example: policyintel demo
    """
    from policyintel.corpus_files import corpus_files
    from policyintel.errors import PolicyIntelError
    from policyintel.extractors.pipeline import extract
    from policyintel.ingest import read

    per_city: dict[str, Counter] = defaultdict(Counter)
    failed = 0
    for city, path in corpus_files():
        try:
            doc = read(path)
        except PolicyIntelError as e:
            error(str(e))
            failed += 1
            continue
        per_city[city]["documents"] += 1
        for record in extract(doc):
            per_city[city][record.kind] += 1
    kinds = ("documents", "target", "achievement", "subsidy", "responsibility")
    typer.echo("city      " + "".join(f"{k:>16}" for k in kinds))
    for city in sorted(per_city):
        typer.echo(f"{city:<10}" + "".join(f"{per_city[city][k]:>16}" for k in kinds))
    if failed:
        raise typer.Exit(1)
