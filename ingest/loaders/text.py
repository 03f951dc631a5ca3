"""Plain text: UTF-8 (with or without BOM), UTF-16, GB18030/GBK, detected, never mojibake.

Decoding is strict and in a fixed order (BOM, UTF-16 by the NULs of its ASCII characters, UTF-8,
GB18030), and a decoding is accepted only when the result looks like text: few
control characters, and — for the legacy Chinese encodings, where almost any byte pairs decode —
CJK characters drawn from the sets real Chinese text uses (GB2312 for simplified, Big5 for
traditional). Latin-1 or cp1252 bytes decode under GB18030 into rare characters outside both sets,
so they are refused instead of turning into mojibake.
"""

from __future__ import annotations

from pathlib import Path

from policyintel.errors import LoadError
from policyintel.ingest.loaders.registry import loader
from policyintel.ingest.raw import RawDocument

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
    (b"\x84\x31\x95\x33", "gb18030"),
)

# Control bytes that never occur in a text file (tab, LF, VT, FF, CR and ESC-free text only).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13)) + b"\x7f"
_CONTROL_CHARS = {b: None for b in _CONTROL_BYTES}
_MAX_CONTROL_RATIO = 0.02
_SAMPLE_CHARS = 65536
_MAX_UNCOMMON = 0.05
_MIN_UTF16_PAIRS = 8


def _looks_like_text(head: bytes) -> bool:
    """The text loader is the catch-all: it takes what no other loader claimed and decides."""
    return bool(head)


def _utf16_by_nuls(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one side of the byte pairs (ASCII in UTF-16)."""
    pairs = len(head) // 2
    if pairs < _MIN_UTF16_PAIRS:
        return None
    even = head[0:pairs * 2:2].count(0)
    odd = head[1:pairs * 2:2].count(0)
    if odd >= pairs * 0.1 and even <= pairs * 0.01:
        return "utf-16-le"
    if even >= pairs * 0.1 and odd <= pairs * 0.01:
        return "utf-16-be"
    return None


def uncommon_cjk(text: str) -> tuple[int, int]:
    """(CJK characters, those neither GB2312 nor Big5 holds) in a sample of ``text``.

    Only the main CJK block counts: the extension-A characters of real text come from GB18030's
    four-byte codes (two of whose bytes are ASCII digits), which stray Latin-1 bytes do not form.
    """
    cjk = [ch for ch in text[:_SAMPLE_CHARS] if "\u4e00" <= ch <= "\u9fff"]
    uncommon = sum(1 for ch in cjk if not (_encodable(ch, "gb2312") or _encodable(ch, "big5")))
    return len(cjk), uncommon


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def control_ratio(text: str) -> float:
    """Share of control characters (other than tab, newlines, form feed) in a sample of ``text``."""
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(_CONTROL_CHARS))) / len(sample)


def _plausible(text: str, *, legacy: bool) -> bool:
    if control_ratio(text) > _MAX_CONTROL_RATIO:
        return False
    if not legacy:
        return True
    # Real Chinese draws almost all its characters from GB2312 (or Big5); a rare name or place
    # character is allowed, mojibake (rare characters only) is not.
    cjk, uncommon = uncommon_cjk(text)
    return uncommon <= _MAX_UNCOMMON * cjk + (1 if cjk >= 10 else 0)


def _control_byte_ratio(data: bytes) -> float:
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode the bytes of a text file; returns ``(text, encoding)``.

    Raises LoadError "binary, not text" for bytes no supported encoding turns into text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as e:
                raise LoadError(path, f"declares {encoding} by its byte-order mark but is not "
                                      f"valid {encoding} (at byte {e.start})") from e
            if not _plausible(text, legacy=False):
                raise LoadError(path, "binary, not text")
            return text.lstrip("\ufeff"), encoding
    wide = _utf16_by_nuls(data[:4096])
    if wide:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            text = ""
        if text and _plausible(text, legacy=False):
            return text, wide
        raise LoadError(path, "binary, not text")
    if b"\x00" in data[:65536] or _control_byte_ratio(data[:65536]) > _MAX_CONTROL_RATIO:
        raise LoadError(path, "binary, not text")
    for encoding, legacy in (("utf-8", False), ("gb18030", True)):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text, legacy=legacy):
            return text, encoding
    raise LoadError(path, "binary, not text (not UTF-8, UTF-16 or GB18030 text)")


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR → LF (the one line break every later step expects)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


@loader("txt", sniff=_looks_like_text, suffixes=(".txt", ".text", ".md"), priority=90)
def load_text(path: Path) -> RawDocument:
    """Load a plain-text file in any of the supported encodings."""
    text, encoding = decode(path.read_bytes(), path)
    text = normalise_newlines(text)
    if not text.strip():
        raise LoadError(path, "no text (only whitespace)")
    return RawDocument(path=str(path), format="txt", text=text, encoding=encoding)
