"""The shapes the API answers with; they are also what /api/openapi.json documents."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class UnitRef(Schema):
    id: int
    name: str


class PlanSummary(Schema):
    id: int
    number: str
    issuer: str
    issuer_unit: UnitRef | None
    issue_date: date | None
    title: str
    plan_year: int | None
    parent_id: int | None
    task_count: int | None = None


class CitationOut(Schema):
    raw: str
    role: str
    malformed: bool
    legal_document_id: int | None
    legal_document_number: str | None


class SectionOut(Schema):
    number: str
    title: str
    level: int
    heading: str


class AgencyOut(Schema):
    role: str
    raw: str
    unit: UnitRef | None
    is_group: bool
    confidence: float | None


class TaskOut(Schema):
    id: int
    stt: str
    task: str
    products: str
    timeframe: str
    schedule: Any | None
    note: str
    uncertain: bool
    agencies: list[AgencyOut]


class ResponsibilityOut(Schema):
    agency: str
    duties: Any


class VersionOut(Schema):
    number: int
    note: str
    created_at: datetime
    created_by: str | None
    current: bool


class PlanDetail(PlanSummary):
    place: str
    bases: list[CitationOut]
    sections: list[SectionOut]
    tasks: list[TaskOut]
    responsibilities: list[ResponsibilityOut]
    versions: list[VersionOut]


class LegalDocumentOut(Schema):
    id: int
    doc_type: str
    number: str
    date: date | None
    issuer: str
    cited_by_count: int | None = None


class CitingPlanOut(Schema):
    plan: PlanSummary
    role: str
    raw: str


class LegalDocumentDetail(LegalDocumentOut):
    cited_by: list[CitingPlanOut]


class ImportOut(Schema):
    id: int
    original_name: str
    status: str
    status_label: str
    progress: int
    message: str
    done: bool
    job_id: int | None
    plan_id: int | None
    warnings: Any
    parsed: Any | None


class ResolutionOut(Schema):
    query: str
    on: date
    is_group: bool
    indefinite: bool
    flagged: bool
    note: str
    units: list[dict[str, Any]]
