"""Response models: what the API promises, apart from the library's record dataclasses.

The record models follow the extract contract (../shared/contracts/extract-json.md): a
``kind``-discriminated union with the contract's fields; fields may be added, so the models
allow extra keys. Stored records add where they live (id, document, city) and their measures.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    """A model that keeps fields it does not name (the contract allows additions)."""

    model_config = ConfigDict(extra="allow")


# -- errors ------------------------------------------------------------------------------------
class ErrorDetail(BaseModel):
    loc: list[str] = Field(description="Where the invalid value is, e.g. ['query', 'limit'].")
    message: str
    type: str


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. not_found.")
    message: str = Field(description="What went wrong and what to do, for a person.")
    status: int
    details: list[ErrorDetail] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


# -- documents and the contract ----------------------------------------------------------------
class DocumentMetadata(_Open):
    title: str | None = None
    city: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None
    doc_type: str | None = None
    addressee: str | None = None
    proposal_number: str | None = None
    session: str | None = None
    proposer: str | None = None
    attachments: list[str] = []


class Repair(BaseModel):
    kind: str
    start: int
    end: int
    before: str
    after: str


class _RecordBase(_Open):
    start: int
    end: int
    text: str
    section: list[str] = []
    sentence_start: int | None = None
    sentence_end: int | None = None
    confidence: float | None = None


class TargetRecord(_RecordBase):
    kind: Literal["target"]
    metric: str | None = None
    value: float | None = None
    unit: str | None = None
    comparator: str | None = None
    deadline_year: int | None = None
    scope: str | None = None
    recurring: bool | None = None
    plan_end_year: int | None = None


class AchievementRecord(_RecordBase):
    kind: Literal["achievement"]
    metric: str | None = None
    value: float | None = None
    unit: str | None = None
    year: int | None = None


class SubsidyRecord(_RecordBase):
    kind: Literal["subsidy"]
    recipient: str | None = None
    level: str | None = None
    amount_yuan: float | None = None
    is_cap: bool | None = None
    ratio: float | None = None
    per: str | None = None
    form: str | None = None


class ResponsibilityRecord(_RecordBase):
    kind: Literal["responsibility"]
    lead_units: list[str] = []
    partner_units: list[str] = []
    lead_units_canonical: list[str] = []
    partner_units_canonical: list[str] = []


ContractRecord = Annotated[
    TargetRecord | AchievementRecord | SubsidyRecord | ResponsibilityRecord,
    Field(discriminator="kind"),
]


class _Stored(BaseModel):
    id: int
    doc_id: int
    source: str
    city: str | None = None
    doc_type: str | None = None
    date: str | None = None
    measures: list[str] = []


class StoredTarget(TargetRecord, _Stored):
    pass


class StoredAchievement(AchievementRecord, _Stored):
    pass


class StoredSubsidy(SubsidyRecord, _Stored):
    pass


class StoredResponsibility(ResponsibilityRecord, _Stored):
    pass


StoredRecord = Annotated[
    StoredTarget | StoredAchievement | StoredSubsidy | StoredResponsibility,
    Field(discriminator="kind"),
]


class ExtractResult(_Open):
    """The extract contract for one uploaded file."""

    source: str = Field(description="The uploaded file's name.")
    document: DocumentMetadata
    text: str = Field(description="The clean text every offset refers to.")
    records: list[ContractRecord]
    repairs: list[Repair] = []


class DocumentSummary(BaseModel):
    id: int
    source: str
    content_hash: str
    n_chars: int
    year: int | None = None
    metadata: DocumentMetadata


class DocumentList(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[DocumentSummary]


class Section(BaseModel):
    heading: str
    level: int
    marker: str = ""
    start: int
    end: int
    heading_end: int
    children: list[Section] = []


class DocumentDetail(DocumentSummary):
    outline: list[Section]
    repairs: list[Repair]
    records: list[StoredRecord]
    text: str | None = Field(None, description="The clean text, or the [text_start, text_end) "
                                               "slice of it; null when include_text=false.")
    text_start: int
    text_end: int


class UploadResult(BaseModel):
    id: int
    created: bool = Field(description="False when the same content was already indexed.")
    source: str
    content_hash: str
    records: int
    metadata: DocumentMetadata


# -- search, records, compare, similar ----------------------------------------------------------
class SearchHit(BaseModel):
    clause_id: int
    doc_id: int
    source: str
    city: str | None = None
    doc_type: str | None = None
    date: str | None = None
    title: str | None = None
    section: list[str]
    start: int
    end: int
    text: str
    score: float | None = None
    snippet: str = Field(description="The clause around the first match, matches in «…».")
    snippet_start: int
    snippet_end: int
    highlights: list[list[int]] = Field(description="[start, end) document offsets of matches.")
    kinds: list[str] = Field(description="Kinds of the records the clause holds.")


class SearchResponse(BaseModel):
    query: str
    match: str = Field(description="The full-text expression that ran.")
    count: int
    limit: int
    offset: int
    hits: list[SearchHit]


class RecordsPage(BaseModel):
    total: int | None = Field(description="Every match, counted (null when total=false).")
    offset: int
    limit: int
    next_cursor: str | None = Field(None, description="Pass as cursor= for the next page.")
    records: list[StoredRecord]


class CompareSource(BaseModel):
    record_id: int
    doc_id: int
    source: str
    start: int
    end: int
    quote: str
    section: list[str]


class CompareTarget(_Open):
    metric: str | None = None
    value: float | None = None
    unit: str | None = None
    comparator: str | None = None
    deadline_year: int | None = None
    source: CompareSource


class CompareAchievement(_Open):
    metric: str | None = None
    value: float | None = None
    unit: str | None = None
    year: int | None = None
    source: CompareSource


class CompareSubsidy(_Open):
    level: str | None = None
    amount_yuan: float | None = None
    is_cap: bool | None = None
    ratio: float | None = None
    per: str | None = None
    form: str | None = None
    recipient: str | None = None
    source: CompareSource


class CompareLeadUnit(_Open):
    unit: str
    surface: str
    source: CompareSource


class CompareCell(BaseModel):
    measure: str
    city: str
    targets: list[CompareTarget]
    achievements: list[CompareAchievement]
    subsidies: list[CompareSubsidy]
    subsidies_by_level: dict[str, list[float]]
    lead_units: list[CompareLeadUnit]


class Comparison(BaseModel):
    measures: list[str]
    cities: list[str]
    cells: list[CompareCell]


class Measure(BaseModel):
    name: str
    category: str | None = None
    aliases: list[str] = []


class MeasureList(BaseModel):
    measures: list[Measure]


class SimilarQuery(BaseModel):
    clause_id: int | None = None
    doc_id: int | None = None
    city: str | None = None
    source: str | None = None
    text: str


class SimilarHit(BaseModel):
    clause_id: int
    doc_id: int
    source: str
    city: str | None = None
    section: list[str]
    start: int
    end: int
    text: str
    score: float


class SimilarResponse(BaseModel):
    query: SimilarQuery
    hits: list[SimilarHit]


class SimilarText(BaseModel):
    """Free text to find similar clauses for."""

    text: str = Field(min_length=1, max_length=20000, examples=["支持建设技能大师工作室"])
    limit: int = Field(10, ge=1, le=100)


# -- service -----------------------------------------------------------------------------------
class IndexStats(_Open):
    path: str
    schema_version: int | None = None
    documents: int
    clauses: int
    records: int
    measures: int
    records_by_kind: dict[str, int] = {}
    cities: dict[str, int] = {}
    build_id: str | None = None


class Health(BaseModel):
    status: Literal["ok"]
    index: IndexStats


class Version(BaseModel):
    name: str
    version: str
    api_version: str
    contract_version: str
