"""One registry of loaders, chosen by sniffing the bytes before trusting the suffix."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from policyintel.errors import LoadError, UnsupportedFormat
from policyintel.ingest.raw import RawDocument

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
SNIFF_BYTES = 8192

Sniffer = Callable[[bytes], bool]
LoaderFn = Callable[[Path], RawDocument]


@dataclass(frozen=True, slots=True)
class Loader:
    name: str
    sniff: Sniffer
    suffixes: tuple[str, ...]
    load: LoaderFn
    priority: int


_LOADERS: dict[str, Loader] = {}


def loader(name: str, *, sniff: Sniffer, suffixes: tuple[str, ...], priority: int = 50):
    """Register ``fn(path) -> RawDocument`` as the loader for ``name``.

    ``sniff`` looks at the first bytes of the file; lower ``priority`` sniffs first, so binary
    formats with magic numbers go before the text loader, which accepts almost anything.
    """

    def register(fn: LoaderFn) -> LoaderFn:
        _LOADERS[name] = Loader(name, sniff, suffixes, fn, priority)
        return fn

    return register


def loaders() -> list[Loader]:
    _import_builtin_loaders()
    return sorted(_LOADERS.values(), key=lambda item: item.priority)


# Formats recognised by their magic number that no loader reads: a precise refusal beats
# "binary, not text".
_UNSUPPORTED_MAGIC = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office file (.doc/.xls/.wps); save it as .docx"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image; OCR is not supported"),
    (b"\xff\xd8\xff", "a JPEG image; OCR is not supported"),
    (b"GIF8", "a GIF image; OCR is not supported"),
    (b"II*\x00", "a TIFF image; OCR is not supported"),
    (b"MM\x00*", "a TIFF image; OCR is not supported"),
    (b"{\\rtf", "an RTF file; save it as .docx"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ\x90\x00", "an executable"),
)


def sniff(path: Path, head: bytes) -> Loader:
    """The loader whose sniffer accepts ``head``; raises UnsupportedFormat naming the file."""
    for magic, what in _UNSUPPORTED_MAGIC:
        if head.startswith(magic):
            raise UnsupportedFormat(path, f"not a format policyintel reads: {what}")
    for candidate in loaders():
        if candidate.sniff(head):
            return candidate
    raise UnsupportedFormat(path, "not a format policyintel reads (TXT, HTML, PDF, DOCX)")


def load(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one file into a RawDocument, whatever its suffix says.

    Raises LoadError (with the path) for a missing, empty, oversized or unreadable file.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError as e:
        raise LoadError(p, "no such file") from e
    except OSError as e:
        raise LoadError(p, f"cannot read: {e.strerror or e}") from e
    if p.is_dir():
        raise LoadError(p, "is a directory")
    if size == 0:
        raise LoadError(p, "empty file")
    if size > max_bytes:
        raise LoadError(p, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
    with p.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    chosen = sniff(p, head)
    try:
        return chosen.load(p)
    except LoadError as e:
        noted = _with_suffix_note(e, p, chosen)
        if noted is e:
            raise
        raise noted from e
    except (OSError, ValueError, KeyError, IndexError, RuntimeError) as e:
        raise _with_suffix_note(LoadError(p, f"cannot read as {chosen.name}: {e}"), p, chosen) from e


def _with_suffix_note(error: LoadError, path: Path, chosen: Loader) -> LoadError:
    """Say so when the suffix promised another format than the bytes hold (x.docx that is text)."""
    suffix = path.suffix.lower()
    claimed = [item.name for item in loaders() if suffix in item.suffixes]
    if not claimed or chosen.name in claimed:
        return error
    note = f"{error.reason} (named {suffix} but the content is not {claimed[0].upper()})"
    return type(error)(error.path, note, page=error.page, line=error.line)


def _import_builtin_loaders() -> None:
    # Imported here, not at module import, so that `import policyintel.ingest` stays cheap.
    from policyintel.ingest.loaders import docx, html, pdf, text  # noqa: F401
