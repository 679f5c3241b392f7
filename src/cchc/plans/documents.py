"""A stored plan back into the parser's `PlanDocument`, so exports and derivations read one shape.

A version's snapshot is `PlanDocument.to_dict()` after review; fields the reviewer removed or an
older snapshot lacks fall back to the dataclass defaults rather than failing.
"""

from __future__ import annotations

from typing import Any

from cchc.ingest.model import (
    AgencyRef,
    Citation,
    PlanDocument,
    Responsibility,
    Schedule,
    Section,
    Signer,
    Task,
)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value)


def _strings(values: Any) -> list[str]:
    return [str(v) for v in values or [] if v not in (None, "")]


def _schedule(data: Any) -> Schedule | None:
    if not isinstance(data, dict) or not data.get("kind"):
        return None
    return Schedule(
        raw=str(data.get("raw") or ""),
        kind=str(data["kind"]),
        periods=[p for p in data.get("periods") or [] if isinstance(p, dict)],
        note=_text(data.get("note")),
    )


def _refs(values: Any) -> list[AgencyRef]:
    return [
        AgencyRef(
            raw=str(r.get("raw") or ""),
            is_group=bool(r.get("is_group")),
            units=[u for u in r.get("units") or [] if isinstance(u, dict)],
            confidence=r.get("confidence"),
        )
        for r in values or []
        if isinstance(r, dict)
    ]


def task_from_dict(data: dict) -> Task:
    return Task(
        stt=_text(data.get("stt")),
        task=str(data.get("task") or ""),
        products=_text(data.get("products")),
        lead=_strings(data.get("lead")),
        coordinators=_strings(data.get("coordinators")),
        timeframe=_text(data.get("timeframe")),
        schedule=_schedule(data.get("schedule")),
        extra={str(k): str(v) for k, v in (data.get("extra") or {}).items()},
        lead_refs=_refs(data.get("lead_refs")),
        coordinator_refs=_refs(data.get("coordinator_refs")),
        note=_text(data.get("note")),
        uncertain=bool(data.get("uncertain")),
    )


def _section(data: dict) -> Section:
    return Section(
        number=str(data.get("number") or ""),
        title=str(data.get("title") or ""),
        level=int(data.get("level") or 1),
        heading=str(data.get("heading") or data.get("title") or ""),
        children=[_section(c) for c in data.get("children") or [] if isinstance(c, dict)],
        body=[str(b) for b in data.get("body") or [] if isinstance(b, str | int | float) and str(b).strip()],
    )


def _sections(data: dict) -> list[Section]:
    tree = data.get("section_tree")
    if isinstance(tree, list) and tree:
        return [_section(s) for s in tree if isinstance(s, dict)]
    # Only the level-1 headings survived (an older or hand-made snapshot).
    return [Section(number="", title=str(h), level=1, heading=str(h)) for h in data.get("sections") or []]


def _citation(data: dict) -> Citation:
    return Citation(
        raw=str(data.get("raw") or data.get("number") or ""),
        doc_type=_text(data.get("doc_type")),
        number=_text(data.get("number")),
        date=_text(data.get("date")),
        issuer=_text(data.get("issuer")),
        role=str(data.get("role") or "basis"),
        malformed=bool(data.get("malformed")),
        suggested_number=_text(data.get("suggested_number")),
    )


def _signer(data: Any) -> Signer | None:
    if not isinstance(data, dict):
        return None
    return Signer(
        name=_text(data.get("name")),
        position=_text(data.get("position")),
        authority=_text(data.get("authority")),
        block=_text(data.get("block")),
    )


def plan_document_from_dict(data: dict | None) -> PlanDocument:
    """The snapshot dict of a PlanVersion (or an import's parsed JSON) as a PlanDocument."""
    data = data or {}
    year = data.get("plan_year")
    return PlanDocument(
        document=_text(data.get("document")),
        doc_type=str(data.get("doc_type") or "KH"),
        number=_text(data.get("number")),
        issuer=_text(data.get("issuer")),
        parent_body=_text(data.get("parent_body")),
        issue_date=_text(data.get("issue_date")),
        place=_text(data.get("place")),
        title=_text(data.get("title")),
        plan_year=int(year) if isinstance(year, int | str) and str(year).isdigit() else None,
        signer=_signer(data.get("signer")),
        legal_bases=[_citation(c) for c in data.get("legal_bases") or [] if isinstance(c, dict)],
        sections=_sections(data),
        has_appendix=bool(data.get("has_appendix")),
        tasks=[task_from_dict(t) for t in data.get("tasks") or [] if isinstance(t, dict)],
        responsibilities=[
            Responsibility(agency=str(r.get("agency") or ""), duties=_strings(r.get("duties")))
            for r in data.get("responsibilities") or []
            if isinstance(r, dict)
        ],
        funding=_text(data.get("funding")),
        container=data.get("container") if isinstance(data.get("container"), dict) else None,
        source_format=_text(data.get("source_format")),
        repaired=bool(data.get("repaired")),
        warnings=_strings(data.get("warnings")),
    )


def plan_document_of(plan) -> PlanDocument:
    """The current version of a stored Plan as a PlanDocument (header fields from the Plan row win)."""
    data = dict(plan.current_version.data) if plan.current_version_id else {}
    document = plan_document_from_dict(data)
    document.number = plan.number or document.number
    document.issuer = plan.issuer or document.issuer
    document.issue_date = plan.issue_date.isoformat() if plan.issue_date else document.issue_date
    document.title = plan.title or document.title
    document.plan_year = plan.plan_year or document.plan_year
    document.place = plan.place or document.place
    return document
