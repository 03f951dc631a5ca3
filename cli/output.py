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
