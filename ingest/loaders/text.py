"""Plain text: UTF-8 (with or without BOM), UTF-16, GB18030/GBK, detected, never mojibake."""

from __future__ import annotations

from pathlib import Path

from policyintel.errors import LoadError
from policyintel.ingest.loaders.registry import loader
from policyintel.ingest.raw import RawDocument

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _looks_like_text(head: bytes) -> bool:
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return True
    if b"\x00" in head:
        return False
    return True


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes of a text file; returns (text, encoding)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise LoadError(path, "text in an unknown encoding (not UTF-8, UTF-16 or GB18030)")


@loader("txt", sniff=_looks_like_text, suffixes=(".txt", ".text", ".md"), priority=90)
def load_text(path: Path) -> RawDocument:
    text, encoding = decode(path.read_bytes(), path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawDocument(path=str(path), format="txt", text=text, encoding=encoding)
