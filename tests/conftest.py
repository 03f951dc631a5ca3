"""Options shared by the whole suite."""

from __future__ import annotations


def pytest_addoption(parser):
    parser.addoption(
        "--regen-golden", action="store_true", default=False,
        help="Rewrite tests/golden/ from the current output (read the diff before committing).")
