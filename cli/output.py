"""Rendering shared by every verb: one ``--format`` option, one writer per format."""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Any

import typer


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    jsonl = "jsonl"
    xlsx = "xlsx"


def format_option(default: Format = Format.table, help: str = "Output format.") -> Any:
    return typer.Option(default, "--format", "-f", help=help, case_sensitive=False)


def write_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def error(message: str) -> None:
    """A one-line error on stderr (the batch goes on; the exit code says it failed)."""
    typer.echo(f"policyintel: {message}", err=True)


def check_format(fmt: Format, allowed: tuple[str, ...]) -> None:
    """Refuse a format the command does not write."""
    if fmt.value not in allowed:
        raise typer.BadParameter(f"{fmt.value} is not one of {', '.join(allowed)}",
                                 param_hint="--format")


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    if _width(text) <= width:
        return text + " " * (width - _width(text))
    out, used = [], 0
    for ch in text:
        if used + _width(ch) > width - 1:
            break
        out.append(ch)
        used += _width(ch)
    return "".join(out) + "…" + " " * (width - 1 - used)


def write_table(headers: list[str], rows: list[list[Any]], *, max_width: int = 60) -> None:
    """A plain-text table, columns padded by display width (a CJK character counts two)."""
    cells = [["" if v is None else str(v).replace("\n", " ") for v in row] for row in rows]
    widths = [min(max_width, max([_width(h)] + [_width(r[i]) for r in cells]))
              for i, h in enumerate(headers)]
    lines = ["  ".join(_fit(h, w) for h, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_fit(v, w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    sys.stdout.write("\n".join(lines) + "\n")


def write_csv(headers: list[str], rows: list[dict[str, Any]], out: Any = None) -> None:
    """CSV with a UTF-8 BOM (Excel then reads the Chinese correctly)."""
    import csv

    out = out or sys.stdout
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=headers, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
