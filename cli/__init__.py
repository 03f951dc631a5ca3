"""The ``policyintel`` command: thin doors onto library functions that return data."""

from __future__ import annotations

import importlib
import pkgutil

import typer

app = typer.Typer(
    name="policyintel",
    help="Commitments in Chinese government policy texts: extract, index, search, compare.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Modules that hold helpers, not verbs.
_NOT_COMMANDS = {"output", "tables"}


def load_commands() -> typer.Typer:
    """Import every verb module of this package; each registers its commands on ``app``."""
    for info in pkgutil.iter_modules(__path__):
        if info.name not in _NOT_COMMANDS and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    return app


def main() -> None:
    load_commands()()
