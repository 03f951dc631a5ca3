"""``policyintel draft-reply`` and ``policyintel eval-drafts``: reply drafting from the index."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from policyintel.cli import app
from policyintel.cli.output import error, write_json
from policyintel.errors import PolicyIntelError


def _quiet_jieba() -> None:
    # jieba sets its logger to DEBUG when imported: import it first, then quiet it.
    import logging

    from policyintel.nlp.segment import jieba_module

    jieba_module()
    for name in ("jieba", "jieba_fast"):
        logging.getLogger(name).setLevel(logging.WARNING)


DB_HELP = "Index file (default: $POLICYINTEL_DB, else policyintel.db in the user data directory)."


class DraftFormat(str, Enum):
    markdown = "markdown"
    json = "json"


@app.command("draft-reply")
def draft_reply_command(
    proposal: Annotated[str, typer.Argument(
        help="The proposal: a file (TXT, DOCX, PDF, HTML) or - to read pasted text on stdin.")],
    city: Annotated[str, typer.Option("--city", help="The city that replies (遂宁, not 遂宁市).")],
    unit: Annotated[str | None, typer.Option(
        "--unit", help="The issuing unit (市人社局); signs the letter and heads the title.")] = None,
    addressee: Annotated[str | None, typer.Option(
        "--addressee", help="Whom the letter addresses (default: the proposer, as X委员).")] = None,
    doc_number: Annotated[str | None, typer.Option(
        "--doc-number", help="The letter's document number (default: a placeholder).")] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="The date written under the signature (default: today).")] = None,
    result_class: Annotated[str | None, typer.Option(
        "--class", help="Result class shown in the title: A, B or C.")] = None,
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write the letter as DOCX to this file.")] = None,
    model: Annotated[Path | None, typer.Option(
        "--model", help="A local causal LM directory to smooth wording (numbers checked).")] = None,
    fmt: Annotated[DraftFormat, typer.Option(
        "--format", "-f", help="What to print: markdown or json.", case_sensitive=False)
    ] = DraftFormat.markdown,
) -> None:
    """Draft a reply letter to a proposal from the index: every fact cited, gaps marked 【待补充】.

    Example: policyintel draft-reply proposal.docx --city 遂宁 --unit 市人社局 --out reply.docx
    """
    from policyintel.index.store import open_store
    from policyintel.reply.draft import draft_reply
    from policyintel.reply.proposal import proposal_from_text, read_proposal

    try:
        parsed = (proposal_from_text(sys.stdin.read()) if proposal == "-"
                  else read_proposal(proposal))
    except PolicyIntelError as e:
        error(str(e))
        raise typer.Exit(1) from e
    _quiet_jieba()
    try:
        store = open_store(db, readonly=True)
    except PolicyIntelError as e:
        error(str(e))
        raise typer.Exit(1) from e
    try:
        draft = draft_reply(store, parsed, city, unit=unit, addressee=addressee,
                            doc_number=doc_number, date=date, result_class=result_class,
                            model_dir=str(model) if model else None)
    except PolicyIntelError as e:
        error(str(e))
        raise typer.Exit(1) from e
    finally:
        store.close()
    if out is not None:
        from policyintel.reply.docx_writer import write_docx

        write_docx(draft, out)
    if fmt == DraftFormat.json:
        write_json(draft.to_dict())
    else:
        from policyintel.reply.markdown import to_markdown

        sys.stdout.write(to_markdown(draft))


@app.command("eval-drafts")
def eval_drafts_command(
    folds: Annotated[Path | None, typer.Argument(
        help="Folds TSV (reply, proposal, city, unit); default: tests/reply/proposals/folds.tsv.")
    ] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", help="Build workers per fold.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")
                        ] = False,
) -> None:
    """Leave-one-out: per held-out reply, the share of its asks the draft covers with cited
    content and the share of the reply's achievements (present in the rest of the index) cited.

    Example: policyintel eval-drafts
    """
    from policyintel.cli.output import write_table
    from policyintel.reply.eval import evaluate_drafts

    _quiet_jieba()
    try:
        scores = evaluate_drafts(folds, jobs=jobs)
    except PolicyIntelError as e:
        error(str(e))
        raise typer.Exit(2) from e
    if json_out:
        write_json([s.to_dict() for s in scores])
        return

    def pct(x: float | None) -> str:
        return "n/a" if x is None else f"{100 * x:.0f}%"

    write_table(["held-out reply", "city", "asks covered", "coverage", "achievements cited",
                 "recall", "draft s"],
                [[s.fold, s.city, f"{s.asks_covered}/{s.asks}", pct(s.ask_coverage),
                  f"{s.cited}/{s.findable} (of {s.achievements})", pct(s.achievement_recall),
                  f"{s.draft_seconds:.2f}"] for s in scores])
