"""The ``policyintel`` command: thin doors onto library functions that return data."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="policyintel",
    help="Commitments in Chinese government policy texts: extract, index, search, compare.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# One module per verb (or family of verbs); each registers its commands on ``app``.
COMMAND_MODULES = ("extract",)


def main() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"policyintel.cli.{name}")
    app()
