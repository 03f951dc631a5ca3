"""``policyintel eval``: precision, recall and F1 per record kind against a hand-gold directory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from policyintel.cli import app
from policyintel.cli.output import Format, error, write_json


@app.command("eval")
def eval_command(
    gold_dir: Annotated[Path | None, typer.Argument(
        help="Gold directory (<city>/<file-stem>.jsonl); default: the repository's tests/gold.")
    ] = None,
    corpus: Annotated[Path | None, typer.Option(
        "--corpus", help="Documents the gold annotates; default: the bundled corpus.")] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", "-k", help="Score only this kind (repeatable).")] = None,
    fmt: Annotated[Format, typer.Option(
        "--format", "-f", help="Output format: table or json.", case_sensitive=False)
    ] = Format.table,
    show_errors: Annotated[bool, typer.Option(
        "--show-errors", help="List false negatives and false positives.")] = False,
) -> None:
    """Score the extractors against hand gold: precision, recall and F1 per record kind.

    Exits 1 if any extracted record is ungrounded (its text differs from the document at its
    offsets), 2 if the gold cannot be read.

    Example: policyintel eval --kind subsidy --show-errors
    """
    from policyintel.errors import PolicyIntelError
    from policyintel.extractors.evaluate import KINDS, evaluate

    if fmt not in (Format.table, Format.json):
        error(f"eval writes table or json, not {fmt.value}")
        raise typer.Exit(2)
    try:
        report = evaluate(gold_dir, corpus, kinds=tuple(kind) if kind else KINDS)
    except (PolicyIntelError, ValueError) as e:
        error(str(e))
        raise typer.Exit(2) from e
    if fmt == Format.json:
        data = report.to_dict()
        if not show_errors:
            data.pop("false_positives")
            data.pop("false_negatives")
            data.pop("field_errors")
        write_json(data)
    else:
        typer.echo(render_report(report, show_errors=show_errors))
    if report.ungrounded:
        error(f"{len(report.ungrounded)} ungrounded record(s)")
        raise typer.Exit(1)


def _pct(x: float | None) -> str:
    return "   -" if x is None else f"{x:.3f}"


def render_report(report: Any, *, show_errors: bool = False) -> str:
    """The report as a fixed-width table, then secondary accuracy, grounding and (optionally) errors."""
    head = f"{'kind':<15}{'gold':>6}{'pred':>6}{'tp':>6}{'fp':>6}{'fn':>6}{'precision':>11}{'recall':>8}{'f1':>8}"
    lines = [f"documents: {report.documents}", head, "-" * len(head)]
    rows = [(k, report.scores[k]) for k in report.kinds] + [("overall (micro)", report.overall)]
    for name, s in rows:
        if name.startswith("overall"):
            lines.append("-" * len(head))
        lines.append(f"{name:<15}{s.tp + s.fn:>6}{s.tp + s.fp:>6}{s.tp:>6}{s.fp:>6}{s.fn:>6}"
                     f"{_pct(s.precision):>11}{_pct(s.recall):>8}{_pct(s.f1):>8}")
    secondary = [f"{k}.{f} {_pct(report.secondary_accuracy(k, f))} ({c}/{t})"
                 for k in report.kinds for f, (c, t) in report.secondary.get(k, {}).items()]
    if secondary:
        lines.append("secondary fields over matched pairs: " + "; ".join(secondary))
    lines.append(f"ungrounded records: {len(report.ungrounded)}")
    if show_errors:
        lines.append("")
        lines.append(f"false negatives ({len(report.false_negatives)}):")
        for e in report.false_negatives:
            near = "; near: " + " | ".join(_near_text(n) for n in e["near"]) if e["near"] else ""
            lines.append(f"  [{e['kind']}] {Path(e['source']).name} «{e['quote']}» "
                         f"{_keys_text(e)}{near}")
        lines.append(f"false positives ({len(report.false_positives)}):")
        for e in report.false_positives:
            near = "; near gold: " + " | ".join(_near_text(n) for n in e["near"]) if e["near"] else ""
            lines.append(f"  [{e['kind']}] {Path(e['source']).name} «{e['text'][:40]}» "
                         f"{_keys_text(e)}{near}")
        lines.append(f"secondary field errors ({len(report.field_errors)}):")
        for e in report.field_errors:
            lines.append(f"  [{e['kind']}.{e['field']}] {Path(e['source']).name} «{e['quote']}» "
                         f"gold={e['gold']} predicted={e['predicted']}")
    return "\n".join(lines)


def _near_text(item: dict[str, Any]) -> str:
    return f"{item['kind']} {_keys_text(item)}"


def _keys_text(item: dict[str, Any]) -> str:
    names = ("value", "unit", "amount_yuan", "ratio", "lead_units", "partner_units")
    shown = []
    for name in names:
        if name in item:
            value = item[name]
            shown.append(f"{name}={'、'.join(value) if isinstance(value, list) else value}")
    return " ".join(shown)
