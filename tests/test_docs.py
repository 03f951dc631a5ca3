"""Every verb has help that ends with an example and a row in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from policyintel.cli import load_commands
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
APP = load_commands()
COMMANDS = sorted(c.name or c.callback.__name__.replace("_", "-") for c in APP.registered_commands)


def test_the_cli_has_the_verbs_the_design_card_names():
    for verb in ("extract", "build", "search", "records", "compare", "similar", "eval", "serve",
                 "draft-reply"):
        assert verb in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_ending_with_an_example(command):
    result = CliRunner().invoke(APP, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert re.search(r"Example:\s+policyintel " + re.escape(command), result.output), result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_the_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`policyintel {command}" in readme


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
