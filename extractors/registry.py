"""The extractor registry: ``@extractor("subsidy")`` on ``def extract(doc) -> Iterator[Subsidy]``.

Built-in extractors register where they are defined, on first use of the registry. Heavy
optional ones register lazily by a ``"module:function"`` string and import on first call.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from policyintel.extractors.records import Record
from policyintel.ingest.document import Document

ExtractorFn = Callable[..., Iterable[Record]]

_EXTRACTORS: dict[str, ExtractorFn] = {}
_LAZY: dict[str, str] = {}
_BUILTIN_MODULES = ("target", "achievement", "subsidy", "responsibility")


def extractor(name: str) -> Callable[[ExtractorFn], ExtractorFn]:
    """Register ``fn(doc, *, ...)`` as the extractor called ``name``."""

    def register(fn: ExtractorFn) -> ExtractorFn:
        _EXTRACTORS[name] = fn
        return fn

    return register


def register_lazy(name: str, target: str) -> None:
    """Register an extractor by ``"package.module:function"``, imported on first use."""
    _LAZY[name] = target


# Optional extractors: imported on first use, never run unless asked for by name.
register_lazy("learned", "policyintel.extractors.learned:extract")


def _load_builtins() -> None:
    for module in _BUILTIN_MODULES:
        importlib.import_module(f"policyintel.extractors.{module}")


def names(*, include_lazy: bool = True) -> list[str]:
    _load_builtins()
    found = list(_EXTRACTORS)
    if include_lazy:
        found += [n for n in _LAZY if n not in _EXTRACTORS]
    return found


def get(name: str) -> ExtractorFn:
    _load_builtins()
    if name in _EXTRACTORS:
        return _EXTRACTORS[name]
    if name in _LAZY:
        module, _, attr = _LAZY[name].partition(":")
        fn = getattr(importlib.import_module(module), attr)
        _EXTRACTORS[name] = fn
        return fn
    raise KeyError(f"no extractor called {name!r}; registered: {', '.join(names())}")


def run(name: str, doc: Document, **options: Any) -> list[Record]:
    return list(get(name)(doc, **options))
