"""The typed result of reading a plan. `to_dict()` gives the JSON contract of
`cchc parse` (the schema of ../shared/corpus/truth/README.md plus extra keys)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol


@dataclass
class Citation:
    """A document cited by the plan (a legal basis or a reference in the body)."""

    raw: str
    doc_type: str | None = None  # "Nghị quyết", "Quyết định", "Kế hoạch", "Chỉ thị", ...
    number: str | None = None  # the symbol as printed, spacing normalized: "184/KH-UBND"
    date: str | None = None  # ISO "YYYY-MM-DD"
    issuer: str | None = None  # short canonical label: "Chính phủ", "UBND tỉnh", ...
    role: str = "basis"  # "basis" | "content_reference"
    malformed: bool = False
    suggested_number: str | None = None  # a likely reading of a malformed symbol


@dataclass
class Signer:
    name: str | None = None
    position: str | None = None
    authority: str | None = None  # "TM." | "KT." | "TL." | "Q." | "TUQ." | None
    block: str | None = None  # the whole signature block, lines joined by " / "


@dataclass
class Section:
    number: str  # "I", "1", "a", "-"
    title: str
    level: int  # 1 = Roman numeral, 2 = Arabic, 3 = letter, 4 = dash
    heading: str  # as it should be listed: "I. MỤC ĐÍCH, YÊU CẦU"
    children: list[Section] = field(default_factory=list)
    # The paragraphs under the heading, before its first child heading; wrapped lines joined.
    # A lettered item longer than its (120-character) title starts with its whole text.
    body: list[str] = field(default_factory=list)


@dataclass
class Schedule:
    """A normalized timeframe. kind: continuous | periods | recurring | on_demand | unknown."""

    raw: str
    kind: str
    periods: list[dict[str, str]] = field(default_factory=list)  # [{"start": iso, "end": iso, "label": ...}]
    note: str | None = None


@dataclass
class AgencyRef:
    """One agency named in a cell, with what the registry made of it (if a resolver was given)."""

    raw: str
    is_group: bool = False
    units: list[dict[str, Any]] = field(default_factory=list)  # resolver output
    confidence: float | None = None


@dataclass
class Task:
    stt: str | None
    task: str
    products: str | None = None
    lead: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)
    timeframe: str | None = None
    schedule: Schedule | None = None
    extra: dict[str, str] = field(default_factory=dict)  # Kinh phí, Ghi chú, Kết quả ...
    lead_refs: list[AgencyRef] = field(default_factory=list)
    coordinator_refs: list[AgencyRef] = field(default_factory=list)
    note: str | None = None
    uncertain: bool = False


@dataclass
class Responsibility:
    agency: str
    duties: list[str] = field(default_factory=list)

    @property
    def duties_count(self) -> int:
        return max(1, len(self.duties))


@dataclass
class PlanDocument:
    document: str | None = None  # source file name
    doc_type: str = "KH"
    number: str | None = None
    issuer: str | None = None
    parent_body: str | None = None  # the superior body printed above the issuer, if any
    issue_date: str | None = None
    place: str | None = None
    title: str | None = None
    plan_year: int | None = None
    signer: Signer | None = None
    legal_bases: list[Citation] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    has_appendix: bool = False
    tasks: list[Task] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    funding: str | None = None
    # When the plan is carried inside a Quyết định ("Điều 1. Ban hành Kế hoạch ...").
    container: dict[str, Any] | None = None
    source_format: str | None = None  # "text" | "docx" | "pdf" | "markdown" | "ocr" ...
    repaired: bool = False
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["sections"] = [s.heading for s in self.sections if s.level == 1]
        data["section_tree"] = [asdict(s) for s in self.sections]
        data["responsibilities"] = [
            {"agency": r.agency, "duties_count": r.duties_count, "duties": r.duties}
            for r in self.responsibilities
        ]
        return data


class AgencyResolver(Protocol):
    """What the Django side hands to the parser: name (+ plan date, issuer) -> matches."""

    def __call__(
        self, name: str, *, on: str | None = None, issuer: str | None = None
    ) -> list[dict[str, Any]]: ...
