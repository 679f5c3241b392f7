"""Does a unit's plan carry out the plan above it?

For each parent task that concerns the child's issuer, the child tasks that cover it (each match
explained: shared content words after folding diacritics, rapidfuzz token-set ratio, shared
agencies or products), the parent tasks left uncovered, the child tasks with no parent, whether
the child was issued on time, and problems in what it cites.

On time: issued no later than the parent's date plus a grace period (30 days unless told
otherwise), or before 1 January of the plan year, whichever is later.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz

from cchc.ingest.model import Task
from cchc.plans.derive import plan_reference_date, tasks_concerning
from cchc.plans.documents import plan_document_of
from cchc.plans.models import Citation, Plan

GRACE_DAYS = 30
MATCH_THRESHOLD = 55.0

# Words every task shares; matching on them would match everything with everything.
_STOPWORDS = frozenset(
    """va cac cua cho trong theo voi ve tai tu den duoc la co mot nhung nay do de khi thuc hien
    to chuc trien khai tang cuong day manh nang cao cong tac hoat dong tren ban nam ke hoach
    """.split()
)


def fold(text: str) -> str:
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(text)) if len(w) > 1 and w not in _STOPWORDS}


@dataclass
class TaskMatch:
    child_index: int
    child_stt: str | None
    child_task: str
    score: float
    explanation: str


@dataclass
class ParentTaskCheck:
    parent_index: int
    parent_stt: str | None
    parent_task: str
    role: str
    via_group: str | None
    matches: list[TaskMatch] = field(default_factory=list)
    addressed_to: str | None = None  # a predecessor or successor of the child's issuer

    @property
    def covered(self) -> bool:
        return bool(self.matches)


@dataclass
class CitationProblem:
    kind: str  # malformed | date_mismatch | superseded
    citation: str
    explanation: str


@dataclass
class ConformanceReport:
    child: dict
    parent: dict
    parent_task_count: int
    child_task_count: int
    checks: list[ParentTaskCheck]
    extra: list[dict]
    on_time: bool | None
    on_time_rule: str
    on_time_explanation: str
    citation_problems: list[CitationProblem]
    notes: list[str]

    @property
    def missing(self) -> list[ParentTaskCheck]:
        return [c for c in self.checks if not c.covered]

    def to_dict(self) -> dict:
        data = asdict(self)
        for check, raw in zip(self.checks, data["checks"], strict=True):
            raw["covered"] = check.covered
        data["missing"] = [c.parent_index for c in self.missing]
        return data


def _plan_summary(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "number": plan.number,
        "issuer": plan.issuer,
        "issue_date": plan.issue_date.isoformat() if plan.issue_date else None,
        "title": plan.title,
        "plan_year": plan.plan_year,
    }


def _agency_words(task: Task) -> set[str]:
    return {fold(n).strip() for n in task.lead + task.coordinators if n.strip()}


def score_pair(parent: Task, child: Task) -> tuple[float, str]:
    """How well `child` covers `parent`, 0-100, with the reasons in words."""
    parent_words, child_words = content_words(parent.task), content_words(child.task)
    shared = sorted(parent_words & child_words)
    overlap = len(shared) / max(1, min(len(parent_words), len(child_words)))
    ratio = fuzz.token_set_ratio(fold(parent.task), fold(child.task))
    score = 0.6 * ratio + 40 * overlap
    reasons = [f"độ tương đồng từ ngữ {ratio:.0f}/100"]
    if shared:
        reasons.append("chung các từ: " + ", ".join(shared[:8]))
    products = content_words(parent.products or "") & content_words(child.products or "")
    if products:
        score += 5
        reasons.append("cùng sản phẩm: " + ", ".join(sorted(products)[:4]))
    agencies = _agency_words(parent) & _agency_words(child)
    if agencies:
        score += 5
        reasons.append("cùng cơ quan: " + ", ".join(sorted(agencies)[:3]))
    return min(100.0, round(score, 1)), "; ".join(reasons)


def _on_time(child: Plan, parent: Plan, grace_days: int) -> tuple[bool | None, str]:
    if child.issue_date is None or parent.issue_date is None:
        return None, "Không xác định: thiếu ngày ban hành của kế hoạch cấp dưới hoặc cấp trên."
    deadline = parent.issue_date + timedelta(days=grace_days)
    if parent.plan_year and date(parent.plan_year, 1, 1) > deadline:
        deadline = date(parent.plan_year, 1, 1)
    late = (child.issue_date - deadline).days
    when = f"ban hành ngày {child.issue_date:%d/%m/%Y}, hạn {deadline:%d/%m/%Y}"
    if late <= 0:
        return True, f"Đúng hạn: {when}."
    return False, f"Chậm {late} ngày: {when}."


def _citation_problems(child: Plan) -> list[CitationProblem]:
    if child.current_version_id is None:
        return []
    problems = []
    citations = Citation.objects.filter(version_id=child.current_version_id).select_related("legal_document")
    for citation in citations.order_by("order"):
        raw = citation.raw[:300]
        if citation.malformed:
            problems.append(CitationProblem("malformed", raw, "Số, ký hiệu văn bản có vẻ sai định dạng."))
        document = citation.legal_document
        if document is None:
            continue
        plans = list(Plan.objects.filter(number_key=document.number_key).select_related("current_version"))
        for cited in plans:
            if cited.issue_date and document.date and cited.issue_date != document.date:
                problems.append(
                    CitationProblem(
                        "date_mismatch",
                        raw,
                        f"Trích dẫn ghi ngày {document.date:%d/%m/%Y}, kế hoạch trong hệ thống ban hành ngày {cited.issue_date:%d/%m/%Y}.",
                    )
                )
            version = cited.current_version
            if version is not None and version.number > 1:
                problems.append(
                    CitationProblem(
                        "superseded",
                        raw,
                        f"Kế hoạch được trích dẫn đã sửa đổi (phiên bản hiện hành {version.number}).",
                    )
                )
    return problems


def check_conformance(
    child: Plan, parent: Plan, *, grace_days: int = GRACE_DAYS, threshold: float = MATCH_THRESHOLD
) -> ConformanceReport:
    """Compare `child` with `parent` (see the module's docstring for the rules)."""
    notes = []
    child_doc, parent_doc = plan_document_of(child), plan_document_of(parent)
    if child.issuer_unit is None:
        notes.append(
            "Kế hoạch cấp dưới chưa gắn với đơn vị trong danh mục: không xác định được nhiệm vụ liên quan."
        )
        concerns = []
    else:
        # The child's issuer as it was when the child was written: a department merged into it
        # later does not make the older tasks of that department its own.
        concerns = tasks_concerning(parent, child.issuer_unit, as_of=plan_reference_date(child))
    if not parent_doc.tasks:
        notes.append(
            "Kế hoạch cấp trên không có bảng nhiệm vụ đọc được (văn bản có thể bị lỗi nhận dạng): chỉ đối chiếu được ngày ban hành và trích dẫn."
        )
    elif not concerns and child.issuer_unit is not None:
        notes.append("Không nhiệm vụ nào của kế hoạch cấp trên giao cho đơn vị ban hành kế hoạch cấp dưới.")
    if not child_doc.tasks:
        notes.append("Kế hoạch cấp dưới không có bảng nhiệm vụ đọc được.")
    checks = []
    used: set[int] = set()
    for concern in concerns:
        check = ParentTaskCheck(
            parent_index=concern.index,
            parent_stt=concern.task.stt,
            parent_task=concern.task.task,
            role=concern.role,
            via_group=concern.via_group,
            addressed_to=concern.addressed_to,
        )
        for index, task in enumerate(child_doc.tasks):
            score, why = score_pair(concern.task, task)
            if score >= threshold:
                check.matches.append(TaskMatch(index, task.stt, task.task, score, why))
                used.add(index)
        check.matches.sort(key=lambda m: (-m.score, m.child_index))
        checks.append(check)
    extra = [
        {"child_index": i, "child_stt": t.stt, "child_task": t.task}
        for i, t in enumerate(child_doc.tasks)
        if i not in used
    ]
    on_time, explanation = _on_time(child, parent, grace_days)
    return ConformanceReport(
        child=_plan_summary(child),
        parent=_plan_summary(parent),
        parent_task_count=len(parent_doc.tasks),
        child_task_count=len(child_doc.tasks),
        checks=checks,
        extra=extra,
        on_time=on_time,
        on_time_rule=f"Ngày ban hành không muộn hơn ngày của kế hoạch cấp trên cộng {grace_days} ngày, hoặc trước ngày 01/01 của năm kế hoạch.",
        on_time_explanation=explanation,
        citation_problems=_citation_problems(child),
        notes=notes,
    )


def conformance_docx(report: ConformanceReport, child: Plan) -> tuple[str, str, bytes]:
    """The report as the official DOCX (filename, mimetype, bytes), headed by the child plan's
    issuer as the registry names it, dated today."""
    from django.utils import timezone

    from cchc.exports.docx_conformance import export_conformance_docx

    unit = child.issuer_unit
    data = child.current_version.data if child.current_version_id else {}
    return export_conformance_docx(
        report.to_dict(),
        issuer=unit.name if unit else child.issuer or None,
        parent_body=unit.parent.name if unit is not None and unit.parent_id else None,
        place=(data or {}).get("place"),
        issued_on=timezone.localdate().isoformat(),
    )
