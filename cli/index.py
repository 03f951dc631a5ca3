"""The index verbs: ``build``, ``search``, ``records``, ``similar``, ``compare``.

Each parses its options, calls one library function of ``policyintel.index``, and renders the
result through the shared ``--format`` option.
"""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from policyintel.cli import app
from policyintel.cli.output import (
    Format,
    check_format,
    error,
    write_csv,
    write_json,
    write_table,
)
from policyintel.errors import PolicyIntelError

DB_HELP = "Index file (default: $POLICYINTEL_DB, else policyintel.db in the user data directory)."


def _format(help: str = "Output format.") -> Any:
    return typer.Option("--format", "-f", help=help, case_sensitive=False)


DbOption = Annotated[Path | None, typer.Option("--db", help=DB_HELP)]
FormatOption = Annotated[Format, _format()]


def quiet_jieba() -> None:
    # jieba sets its logger to DEBUG when imported: import it first, then quiet it.
    from policyintel.nlp.segment import jieba_module

    jieba_module()
    for name in ("jieba", "jieba_fast"):
        logging.getLogger(name).setLevel(logging.WARNING)


@contextmanager
def _store(db: Path | None):
    from policyintel.index.store import open_store

    quiet_jieba()
    try:
        store = open_store(db)
    except PolicyIntelError as e:
        error(str(e))
        raise typer.Exit(1) from e
    try:
        yield store
    except PolicyIntelError as e:
        error(str(e))
        raise typer.Exit(1) from e
    finally:
        store.close()


def _money(v: float | None) -> str:
    """An amount of yuan as a reader writes it: 700000 → 70万, 150000000 → 1.5亿."""
    if v is None:
        return ""
    if v >= 1e8:
        return f"{v / 1e8:.6g}亿"
    return f"{v / 1e4:.6g}万" if v >= 1e4 else f"{v:.6g}"


def _comparator(op: str | None) -> str:
    return "" if op in (None, "=") else op


def _quantity(value: float | None, unit: str | None) -> str:
    if value is None:
        return ""
    if unit == "元":
        return _money(value) + "元"
    return f"{value:.6g}{unit or ''}"


@app.command()
def build(
    dirs: Annotated[
        list[Path] | None,
        typer.Argument(help="Directories or files (default: the bundled corpus)."),
    ] = None,
    db: DbOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Rebuild from scratch, ignoring content hashes.")
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Worker processes (0: one per core).")
    ] = 0,
    measures: Annotated[
        Path | None, typer.Option("--measures", help="Extra measure taxonomy TSV.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Build or update the index from DIRs (new and changed files re-ingested, removed ones dropped).

    Example: policyintel build corpus/ --db policy.db
    """
    from policyintel.index.build import build as run_build
    from policyintel.index.build import collect_inputs

    check_format(fmt, ("table", "json"))
    quiet_jieba()
    try:
        report = run_build(
            collect_inputs(dirs) if dirs else None,
            db,
            jobs=jobs or None,
            full=full,
            progress=not quiet,
            measures_file=str(measures) if measures else None,
            on_error=lambda path, message: error(f"{path}: {message}"),
        )
    except PolicyIntelError as e:
        error(str(e))
        raise typer.Exit(1) from e
    if fmt == Format.json:
        write_json(report.to_dict())
    else:
        typer.echo(
            f"{report.db}: {report.mode} build in {report.seconds:.1f}s — "
            f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.removed} removed, {len(report.failed)} failed; "
            f"{report.documents} documents, {report.clauses} clauses, {report.records} records"
        )
    if report.failed:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, a "quoted phrase", a unit name, or a mix.')],
    city: Annotated[str | None, typer.Option("--city", help="Only this city (e.g. 宜宾).")] = None,
    doc_type: Annotated[
        str | None, typer.Option("--type", help="Only this document type (e.g. measures).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only clauses holding a record of this kind.")
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Only tasks assigned to this unit.")
    ] = None,
    year_from: Annotated[
        int | None, typer.Option("--from", help="Documents of this year or later.")
    ] = None,
    year_to: Annotated[
        int | None, typer.Option("--to", help="Documents of this year or earlier.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Number of results.")] = 20,
    offset: Annotated[int, typer.Option("--offset", help="Skip this many results.")] = 0,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Full-text search over clauses, best first, with the matched words highlighted.

    Example: policyintel search 技能大师工作室 --city 宜宾
    """
    from policyintel.index.queries import ClauseFilters
    from policyintel.index.search import search as run_search

    check_format(fmt, ("table", "json"))
    filters = ClauseFilters(
        city=city, doc_type=doc_type, year_from=year_from, year_to=year_to, kind=kind, unit=unit
    )
    with _store(db) as store:
        result = run_search(store, query, filters=filters, limit=limit, offset=offset)
    if fmt == Format.json:
        write_json(result.to_dict())
        return
    write_table(
        ["score", "city", "source", "at", "section", "snippet"],
        [
            [
                f"{h.clause.score:.2f}",
                h.clause.city,
                h.clause.source,
                f"{h.clause.start}-{h.clause.end}",
                " > ".join(h.clause.section),
                h.snippet,
            ]
            for h in result.hits
        ],
        max_width=70,
    )


_RECORD_TABLE = {
    "target": lambda f: (
        f"{f.get('metric') or ''} {_comparator(f.get('comparator'))}"
        f"{_quantity(f.get('value'), f.get('unit'))} {f.get('deadline_year') or ''}"
    ),
    "achievement": lambda f: (
        f"{f.get('metric') or ''} {_quantity(f.get('value'), f.get('unit'))} {f.get('year') or ''}"
    ),
    "subsidy": lambda f: (
        f"{f.get('level') or ''} {'最高' if f.get('is_cap') else ''}"
        f"{_money(f.get('amount_yuan'))}元 {f.get('recipient') or ''}"
    ),
}


def _record_summary(r: Any) -> str:
    if r.kind == "responsibility":
        lead = "、".join(c or s for s, c in r.lead_units)
        partners = "、".join(c or s for s, c in r.partner_units)
        return f"牵头: {lead or '-'}; 配合: {partners or '-'}"
    try:
        return " ".join(_RECORD_TABLE[r.kind](r.fields).split())
    except (TypeError, ValueError):
        return ""


@app.command()
def records(
    kind: Annotated[
        str | None, typer.Option("--kind", help="target, achievement, subsidy or responsibility.")
    ] = None,
    city: Annotated[str | None, typer.Option("--city", help="Only this city.")] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="A responsible unit, canonical or as written.")
    ] = None,
    level: Annotated[
        str | None, typer.Option("--level", help="Subsidy level (国家级, 省级 …).")
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Deadline year, achievement year or document year.")
    ] = None,
    doc_type: Annotated[str | None, typer.Option("--type", help="Only this document type.")] = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="Only records naming this measure.")
    ] = None,
    amount_min: Annotated[
        float | None, typer.Option("--min-amount", help="Subsidy amount ≥ (yuan).")
    ] = None,
    amount_max: Annotated[
        float | None, typer.Option("--max-amount", help="Subsidy amount ≤ (yuan).")
    ] = None,
    sort: Annotated[
        str, typer.Option("--sort", help="document, amount, value, year or city.")
    ] = "document",
    desc: Annotated[bool, typer.Option("--desc", help="Descending order.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Page size (table and json).")] = 50,
    offset: Annotated[int, typer.Option("--offset", help="Skip this many records.")] = 0,
    cursor: Annotated[
        str | None, typer.Option("--cursor", help="Continue after a page (next_cursor).")
    ] = None,
    db: DbOption = None,
    fmt: Annotated[
        Format, _format("table/json: one page; csv/jsonl/xlsx: every match.")
    ] = Format.table,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write to this file (required for xlsx on a tty)."),
    ] = None,
) -> None:
    """Query the extracted records; export them as CSV (with BOM), JSON Lines or XLSX.

    Example: policyintel records --kind subsidy --city 宜宾 --format csv --out subsidies.csv
    """
    from policyintel.index.queries import RecordQuery
    from policyintel.index.records import export, query_records

    q = RecordQuery(
        kind=kind,
        city=city,
        unit=unit,
        level=level,
        year=year,
        doc_type=doc_type,
        measure=measure,
        amount_min=amount_min,
        amount_max=amount_max,
        sort=sort,
        descending=desc,
        limit=limit,
        offset=offset,
        cursor=cursor,
    )
    with _store(db) as store:
        if fmt in (Format.csv, Format.jsonl, Format.xlsx):
            if fmt == Format.xlsx and out is None and sys.stdout.isatty():
                error("xlsx is binary: give --out FILE")
                raise typer.Exit(2)
            target: Any = (
                out
                if out is not None
                else (sys.stdout.buffer if fmt == Format.xlsx else sys.stdout)
            )
            export(store, q, fmt.value, target)
            return
        page = query_records(store, q)
    if fmt == Format.json:
        write_json(
            {
                "total": page.total,
                "offset": page.offset,
                "next_cursor": page.next_cursor,
                "records": [r.to_dict() for r in page.items],
            }
        )
        return
    write_table(
        ["id", "kind", "city", "source", "at", "what", "text"],
        [
            [r.id, r.kind, r.city, r.source, f"{r.start}-{r.end}", _record_summary(r), r.text]
            for r in page.items
        ],
        max_width=50,
    )
    if page.next_cursor:
        typer.echo(f"… {page.total} in all; next page: --cursor {page.next_cursor}", err=True)


@app.command()
def similar(
    text_or_clause_id: Annotated[
        str, typer.Argument(help="A clause id (from search) or free text.")
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", help="Number of neighbours.")] = 10,
    same_city: Annotated[
        bool, typer.Option("--same-city", help="Also neighbours in the clause's city.")
    ] = False,
    model: Annotated[
        Path | None, typer.Option("--model", help="A sentence-encoder model directory (ml extra).")
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The clauses most like a clause (in other cities) or like a text, with similarity scores.

    Example: policyintel similar "对新获批国家级技能大师工作室给予一次性奖励"
    """
    from policyintel.index.similar import similar as run_similar

    check_format(fmt, ("table", "json"))
    with _store(db) as store:
        encoder = None
        if model is not None:
            from policyintel.nlp.encoder import load_encoder

            encoder = load_encoder(model)
        query, hits = run_similar(
            store, text_or_clause_id, k=limit, encoder=encoder, same_city=same_city
        )
    if fmt == Format.json:
        write_json(
            {
                "query": {
                    "clause_id": query.id,
                    "city": query.city,
                    "source": query.source,
                    "text": query.text,
                }
                if query
                else {"text": text_or_clause_id},
                "hits": [h.to_dict() for h in hits],
            }
        )
        return
    write_table(
        ["score", "city", "clause", "source", "at", "text"],
        [
            [
                f"{h.score:.3f}",
                h.clause.city,
                h.clause.id,
                h.clause.source,
                f"{h.clause.start}-{h.clause.end}",
                h.clause.text,
            ]
            for h in hits
        ],
        max_width=70,
    )


@app.command()
def compare(
    measure: Annotated[
        str | None, typer.Option("--measure", "-m", help="One measure (name or alias).")
    ] = None,
    city: Annotated[
        list[str] | None, typer.Option("--city", help="Only these cities (repeatable).")
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """What each city promises per measure: targets, subsidies by level, lead units, with sources.

    Example: policyintel compare --measure 技能大师工作室 --format json
    """
    from policyintel.index.compare import compare as run_compare

    check_format(fmt, ("table", "json", "csv"))
    with _store(db) as store:
        table = run_compare(store, measure, cities=city or None)
    if fmt == Format.json:
        write_json(table.to_dict())
    elif fmt == Format.csv:
        rows = table.rows()
        write_csv(list(rows[0]) if rows else ["measure", "city"], rows)
    else:
        typer.echo(render_comparison(table))


def render_comparison(table: Any) -> str:
    """The measure × city table as text: one block per measure, one line per city."""
    lines = []
    for m in table.measures:
        lines.append(f"■ {m}")
        for city in table.cities:
            cell = table.cell(m, city)
            if cell is None:
                continue
            parts = []
            for t in cell.targets:
                parts.append(
                    f"目标 {_comparator(t['comparator'])}{_quantity(t['value'], t['unit'])}"
                    + (f"({t['deadline_year']})" if t["deadline_year"] else "")
                )
            for level, amounts in cell.subsidies_by_level().items():
                parts.append(f"{level} {'/'.join(_money(a) for a in amounts)}")
            if cell.lead_units:
                parts.append("牵头 " + "、".join(u["unit"] for u in cell.lead_units))
            if cell.achievements and not parts:
                parts.append(f"成效 {len(cell.achievements)} 项")
            docs = sorted(
                {
                    e["source"]["source"]
                    for e in cell.targets + cell.subsidies + cell.lead_units + cell.achievements
                }
            )
            lines.append(
                f"  {city:<6} " + "; ".join(parts) + f"   [{', '.join(Path(d).name for d in docs)}]"
            )
    return "\n".join(lines) if lines else "(no records linked to a measure)"
