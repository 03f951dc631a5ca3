"""The index: an embedded store for clause search, records queries and comparison.

Import is cheap: the public names load their modules on first use. The verbs live in modules
named for them: ``index.build.build``, ``index.search.search``, ``index.similar.similar``,
``index.compare.compare``, ``index.records.query_records`` / ``export``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Store": "policyintel.index.store",
    "open_store": "policyintel.index.store",
    "default_db_path": "policyintel.index.store",
    "ClauseFilters": "policyintel.index.queries",
    "RecordQuery": "policyintel.index.queries",
    "query_records": "policyintel.index.records",
}

__all__ = ["ClauseFilters", "RecordQuery", "Store", "default_db_path", "open_store",
           "query_records"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'policyintel.index' has no attribute {name!r}")
