"""Reading the domain tables of ``nlp/data`` (TSV with ``#`` comment lines and a header row)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of ``nlp/data/<name>`` as dicts keyed by the header; ``#`` lines are comments."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    with open(DATA / name, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
    return rows
