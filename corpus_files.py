"""Where the bundled corpus lives and which files it holds."""

from __future__ import annotations

from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
DOCUMENT_SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".docx"}


def corpus_files(root: Path = CORPUS_DIR) -> list[tuple[str, Path]]:
    """``(city folder, path)`` for every document under ``root``, in a stable order."""
    return [
        (p.parent.name, p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
    ]
