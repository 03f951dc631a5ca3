"""Cross-city comparison: what each city promises for each measure, with the source of each entry.

``compare`` reads the records linked to measures (index/measures.py links each record to the
measures its sentence names) and pivots them into a measure × city table. A cell lists the
targets (value, unit, deadline), the subsidy amounts by level, and the lead units; every entry
carries its source (document, path, offsets, quote) so a reader can check it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from policyintel.errors import ConfigError
from policyintel.index.measures import Taxonomy
from policyintel.index.store import RecordRow, Store

UNKNOWN_CITY = "?"
LEVEL_ORDER = ("国家级", "省级", "市级", "县级", "区级", None)


def _source(r: RecordRow) -> dict[str, Any]:
    return {"record_id": r.id, "doc_id": r.doc_id, "source": r.source, "start": r.start,
            "end": r.end, "quote": r.text, "section": list(r.section)}


@dataclass(slots=True)
class Cell:
    """What one city says about one measure."""

    measure: str
    city: str
    targets: list[dict[str, Any]] = field(default_factory=list)
    achievements: list[dict[str, Any]] = field(default_factory=list)
    subsidies: list[dict[str, Any]] = field(default_factory=list)
    lead_units: list[dict[str, Any]] = field(default_factory=list)

    def add(self, r: RecordRow) -> None:
        f = r.fields
        if r.kind == "target":
            self.targets.append({"metric": f.get("metric"), "value": f.get("value"),
                                 "unit": f.get("unit"), "comparator": f.get("comparator"),
                                 "deadline_year": f.get("deadline_year"), "source": _source(r)})
        elif r.kind == "achievement":
            self.achievements.append({"metric": f.get("metric"), "value": f.get("value"),
                                      "unit": f.get("unit"), "year": f.get("year"),
                                      "source": _source(r)})
        elif r.kind == "subsidy":
            self.subsidies.append({k: f.get(k) for k in ("level", "amount_yuan", "is_cap", "ratio",
                                                          "per", "form", "recipient")}
                                  | {"source": _source(r)})
        elif r.kind == "responsibility":
            known = {u["unit"] for u in self.lead_units}
            for surface, canonical in r.lead_units:
                unit = canonical or surface
                if unit not in known:
                    known.add(unit)
                    self.lead_units.append({"unit": unit, "surface": surface, "source": _source(r)})

    def subsidies_by_level(self) -> dict[str, list[float]]:
        out: dict[str, list[float]] = defaultdict(list)
        for s in sorted(self.subsidies, key=lambda s: LEVEL_ORDER.index(s["level"])
                        if s["level"] in LEVEL_ORDER else len(LEVEL_ORDER)):
            if s["amount_yuan"] is not None and s["amount_yuan"] not in out[s["level"] or "未分级"]:
                out[s["level"] or "未分级"].append(s["amount_yuan"])
        return dict(out)

    def to_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "city": self.city, "targets": self.targets,
                "achievements": self.achievements, "subsidies": self.subsidies,
                "subsidies_by_level": self.subsidies_by_level(), "lead_units": self.lead_units}


@dataclass(slots=True)
class Comparison:
    measures: list[str]
    cities: list[str]
    cells: dict[tuple[str, str], Cell]

    def cell(self, measure: str, city: str) -> Cell | None:
        return self.cells.get((measure, city))

    def to_dict(self) -> dict[str, Any]:
        return {"measures": self.measures, "cities": self.cities,
                "cells": [self.cells[k].to_dict() for k in sorted(self.cells, key=self._order)]}

    def _order(self, key: tuple[str, str]) -> tuple[int, int]:
        return self.measures.index(key[0]), self.cities.index(key[1])

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per entry (for CSV): measure, city, what, figures, source."""
        out = []
        for key in sorted(self.cells, key=self._order):
            c = self.cells[key]
            entries = ([("target", e) for e in c.targets] + [("achievement", e) for e in c.achievements]
                       + [("subsidy", e) for e in c.subsidies] + [("lead_unit", e) for e in c.lead_units])
            for what, e in entries:
                src = e["source"]
                out.append({
                    "measure": c.measure, "city": c.city, "entry": what,
                    "metric": e.get("metric") or e.get("recipient"), "value": e.get("value"),
                    "unit": e.get("unit"), "deadline_year": e.get("deadline_year") or e.get("year"),
                    "level": e.get("level"), "amount_yuan": e.get("amount_yuan"),
                    "is_cap": e.get("is_cap"), "lead_unit": e.get("unit") if what == "lead_unit" else None,
                    "doc_id": src["doc_id"], "source": src["source"], "start": src["start"],
                    "end": src["end"], "quote": src["quote"]})
        for row in out:
            if row["entry"] == "lead_unit":
                row["unit"] = None
        return out


def resolve_measure(store: Store, measure: str, taxonomy: Taxonomy | None = None) -> str:
    """The stored measure called ``measure`` or having it as an alias; ConfigError if none."""
    names = store.measure_names()
    if measure in names:
        return measure
    resolved = (taxonomy or Taxonomy.load()).resolve(measure)
    if resolved in names:
        return resolved
    raise ConfigError(f"unknown measure {measure!r}; known: {'、'.join(names)}")


def compare(store: Store, measure: str | None = None, *, cities: list[str] | None = None,
            taxonomy: Taxonomy | None = None) -> Comparison:
    """The measure × city table (one measure if given), each entry with its source."""
    name = resolve_measure(store, measure, taxonomy) if measure else None
    cells: dict[tuple[str, str], Cell] = {}
    for r in store.measure_records(name):
        city = r.city or UNKNOWN_CITY
        if cities and city not in cities:
            continue
        key = (r.measure or "", city)
        if key not in cells:
            cells[key] = Cell(*key)
        cells[key].add(r)
    order = store.measure_names()
    measures = sorted({m for m, _ in cells}, key=lambda m: order.index(m) if m in order else len(order))
    city_list = sorted({c for _, c in cells}, key=lambda c: (c == UNKNOWN_CITY, c))
    if name and name not in measures:
        measures.append(name)
    return Comparison(measures, city_list, cells)
