"""``policyintel extract``: files → the extract contract (JSON) or a readable table."""

from __future__ import annotations

from pathlib import Path

import typer
from policyintel.cli import app
from policyintel.cli.output import Format, error, format_option, write_json
from policyintel.errors import PolicyIntelError


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="Policy documents: TXT, HTML, PDF or DOCX."),
    fmt: Format = format_option(),
    max_mb: float = typer.Option(200.0, "--max-mb", help="Refuse files larger than this."),
) -> None:
    """Extract metadata and commitment records from each FILE.

    Example: policyintel extract corpus/yibin/*.txt --format json
    """
    from policyintel.extractors.contract import to_contract
    from policyintel.extractors.pipeline import extract as run_extractors
    from policyintel.ingest import read

    results, failed = [], 0
    for path in files:
        try:
            doc = read(path, max_bytes=int(max_mb * 1024 * 1024))
            results.append((doc, run_extractors(doc)))
        except PolicyIntelError as e:
            error(str(e))
            failed += 1
    if fmt == Format.json:
        payload = [to_contract(doc, recs) for doc, recs in results]
        write_json(payload[0] if len(files) == 1 and payload else payload)
    else:
        from policyintel.cli.tables import render_document

        for doc, recs in results:
            typer.echo(render_document(doc, recs))
    if failed:
        raise typer.Exit(1)


@app.command("extractors")
def list_extractors() -> None:
    """List the registered extractors.

    Example: policyintel extractors
    """
    from policyintel.extractors import registry

    for name in registry.names():
        typer.echo(name)
