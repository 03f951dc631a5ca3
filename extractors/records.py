"""The record model: one small frozen dataclass per kind of commitment.

Records are made only through ``Document.record`` so that ``text`` is always the document text
at ``start:end``. Sequences are tuples so records hash; sorting by ``(start, end, kind)`` gives
document order.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Fields every record carries: where it is and what it quotes."""

    kind: ClassVar[str] = "record"
    start: int
    end: int
    text: str
    section: tuple[str, ...] = ()
    sentence_start: int | None = None
    sentence_end: int | None = None
    confidence: float | None = None

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.kind)

    def to_dict(self) -> dict[str, Any]:
        """The record as the extract contract writes it (kind first, lists for tuples)."""
        data: dict[str, Any] = {"kind": self.kind}
        for name, value in asdict(self).items():
            data[name] = list(value) if isinstance(value, tuple) else value
        return data

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True, slots=True, kw_only=True)
class Target(Record):
    """A forward-looking quantified goal (到2027年培训10000人次以上)."""

    kind: ClassVar[str] = "target"
    metric: str | None = None
    value: float = 0
    unit: str | None = None
    comparator: str | None = None
    deadline_year: int | None = None
    scope: str | None = None
    recurring: bool = False
    plan_end_year: int | None = None  # the last year of the plan period the title names


@dataclass(frozen=True, slots=True, kw_only=True)
class Achievement(Record):
    """A quantified result already reached (2022年新增企业新型学徒2443人)."""

    kind: ClassVar[str] = "achievement"
    metric: str | None = None
    value: float = 0
    unit: str | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Subsidy(Record):
    """Money a public body grants or caps (分别给予70万元、40万元的一次性奖励)."""

    kind: ClassVar[str] = "subsidy"
    recipient: str | None = None
    level: str | None = None
    amount_yuan: float | None = None
    is_cap: bool = False
    ratio: float | None = None
    per: str | None = None
    form: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Responsibility(Record):
    """Units assigned to a task: leads and partners, as written and canonical."""

    kind: ClassVar[str] = "responsibility"
    lead_units: tuple[str, ...] = ()
    partner_units: tuple[str, ...] = ()
    lead_units_canonical: tuple[str, ...] = ()
    partner_units_canonical: tuple[str, ...] = ()


RECORD_TYPES: dict[str, type[Record]] = {
    cls.kind: cls for cls in (Target, Achievement, Subsidy, Responsibility)
}
