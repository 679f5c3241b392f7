"""Draft a unit's own plan from the plan it implements.

The draft is pure logic over what is stored: the parent's current version and the unit registry.
It is not a plan yet: `derive_draft` puts it in the import review queue so an officer edits and
confirms it with the same screen used for uploaded documents, then exports it as DOCX.

The draft's own wording (legal basis, tasks, responsibilities) is Vietnamese whatever the
interface language: it becomes an official document. Only messages to the officer (errors,
warnings) go through gettext.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.accounts.permissions import require
from cchc.audit.services import audit_record
from cchc.ingest.model import Citation, PlanDocument, Responsibility, Section, Task
from cchc.orgs.models import Unit
from cchc.orgs.resolve import get_index, resolve
from cchc.plans.documents import plan_document_of, task_from_dict
from cchc.plans.models import ImportBatch, ImportItem, ItemStatus, Plan

VIEW = "plans.view"
MANAGE = "plans.manage"

LEAD = "lead"
COORDINATOR = "coordinator"
_PARTS = re.compile(r";| và ")


@dataclass
class ConcernedTask:
    """A parent task and why it concerns the unit: its role, the group phrase if through one, and
    the predecessor or successor it was addressed to if not the unit itself."""

    index: int
    task: Task
    role: str  # LEAD | COORDINATOR
    via_group: str | None = None
    other_leads: list[str] = field(default_factory=list)
    addressed_to: str | None = None  # the unit's predecessor/successor the plan named
    addressed_to_id: int | None = None


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def plan_reference_date(plan: Plan) -> date | None:
    """The day a plan speaks of: its issue date, or 1 January of its year when the date is
    unreadable (a plan for 2022 names the units of 2022), or None when neither is known."""
    if plan.issue_date:
        return plan.issue_date
    if plan.plan_year:
        return date(plan.plan_year, 1, 1)
    return None


def _ref_unit_ids(ref) -> set[int]:
    return {u.get("unit_id") for u in ref.units if isinstance(u.get("unit_id"), int)}


def _resolved_on(raw: str, *, on: date | None, issuer: Unit | None) -> tuple[set[int], bool]:
    # Names are read again as of the plan's date: a group phrase like "các sở, ngành" counts
    # the units that existed then, and a plan imported without a readable date was resolved
    # against today's registry, where a 2022 department may already carry its successor's name.
    try:
        resolution = resolve(raw, on=on, issuer=issuer)
    except ValueError:
        return set(), False
    if resolution.indefinite:
        return set(), False
    members = {m.unit_id for m in resolution.units}
    parts = [p for p in _PARTS.split(raw) if p.strip()]
    if not members and len(parts) > 1:
        # One part damaged beyond reading ("Các sở, ban, ngành tỉnh và GMZU cấp huyện" from an
        # OCR scan) must not hide the parts that still name units.
        for part in parts:
            found, _group = _resolved_on(part, on=on, issuer=issuer)
            members |= found
        return members, bool(members)
    return members, resolution.is_group


def unit_family(unit: Unit, *, plan_on: date | None, as_of: date | None = None) -> dict[int, str]:
    """The registry units a plan dated `plan_on` may name when it means `unit` acting on `as_of`
    (today unless told): `unit` itself; its predecessors (merged, renamed or split into it by
    `as_of`: a 2022 task of Sở Thông tin và Truyền thông is today's Sở Khoa học và Công nghệ's);
    and its successors that had already taken it over by `plan_on` (a plan written after a
    merger names the merged unit). Returns {unit id: name}."""
    index = get_index()
    as_of = as_of or date.today()
    plan_on = plan_on or date.today()
    family = {unit.pk: unit.name}
    # Walk back along events that made a unit into one of the family, and forward along events
    # that folded one of the family into a later unit, never sideways (a split's other half is
    # not the same addressee).
    back, forward = [unit.pk], [unit.pk]
    while back:
        current = back.pop()
        for event in index.events:
            if current in event.successor_ids and event.effective_date <= as_of:
                for pid in event.predecessor_ids:
                    if pid not in family and pid in index.units:
                        family[pid] = index.units[pid].name
                        back.append(pid)
    while forward:
        current = forward.pop()
        for event in index.events_out.get(current, []):
            if event.effective_date <= plan_on:
                for sid in event.successor_ids:
                    if sid not in family and sid in index.units:
                        family[sid] = index.units[sid].name
                        forward.append(sid)
    return family


def tasks_concerning(plan: Plan, unit: Unit, *, as_of: date | None = None) -> list[ConcernedTask]:
    """The tasks of `plan`'s current version that name `unit` as lead or coordinator, directly,
    as a member of a group phrase on the plan's date, or through a predecessor or successor
    (see `unit_family`); lead wins over coordinator. `as_of` is when the unit acts (today for a
    draft, the child plan's date for a conformance check)."""
    if plan.current_version_id is None:
        return []
    on = plan_reference_date(plan)
    family = unit_family(unit, plan_on=on, as_of=as_of)
    cache: dict[str, tuple[set[int], bool]] = {}
    concerned = []
    for index, raw_task in enumerate(plan.current_version.data.get("tasks") or []):
        if not isinstance(raw_task, dict):
            continue
        task = task_from_dict(raw_task)
        found: ConcernedTask | None = None
        for role, names, refs in (
            (LEAD, task.lead, task.lead_refs),
            (COORDINATOR, task.coordinators, task.coordinator_refs),
        ):
            by_raw = {r.raw: r for r in refs}
            for name in names:
                if name not in cache:
                    cache[name] = _resolved_on(name, on=on, issuer=plan.issuer_unit)
                members, is_group = cache[name]
                ref = by_raw.get(name)
                if not members and ref is not None:
                    members, is_group = _ref_unit_ids(ref), ref.is_group
                is_group = is_group or len(members) > 1
                hits = members & set(family)
                if hits:
                    addressed = None if unit.pk in hits else min(hits)
                    found = ConcernedTask(
                        index=index,
                        task=task,
                        role=role,
                        via_group=name if is_group else None,
                        other_leads=[n for n in task.lead if n != name],
                        addressed_to=family[addressed] if addressed else None,
                        addressed_to_id=addressed,
                    )
                    break
            if found:
                break
        if found:
            concerned.append(found)
    return concerned


def _lower_first(text: str) -> str:
    text = text.strip()
    return text[:1].lower() + text[1:] if text else text


def _plan_reference(plan: Plan) -> str:
    number = f"số {plan.number}" if plan.number else "(chưa rõ số)"
    dated = f" ngày {plan.issue_date:%d/%m/%Y}" if plan.issue_date else ""
    issuer = f" của {plan.issuer}" if plan.issuer else ""
    return f"Kế hoạch {number}{dated}{issuer}"


def _worded_for_unit(concern: ConcernedTask, unit: Unit, parent_ref: str) -> Task:
    source = concern.task
    text = re.sub(r"\s+", " ", source.task).strip()
    notes = [source.note] if source.note else []
    if concern.role == COORDINATOR:
        leads = ", ".join(source.lead) or "cơ quan chủ trì"
        text = f"Phối hợp với {leads} {_lower_first(text)}"
        coordinators: list[str] = []
    else:
        coordinators = list(source.coordinators)
    role = "chủ trì" if concern.role == LEAD else "phối hợp"
    if concern.via_group:
        notes.append(f"{unit.name} thuộc nhóm «{concern.via_group}» được giao {role} tại {parent_ref}.")
    if concern.addressed_to:
        notes.append(
            f"{parent_ref} giao {concern.addressed_to} {role}; {unit.name} là đơn vị kế thừa hoặc tiền thân."
        )
    return Task(
        stt=None,
        task=text,
        products=source.products,
        lead=[unit.name],
        coordinators=coordinators,
        timeframe=source.timeframe,
        schedule=source.schedule,
        note=" ".join(notes) or None,
    )


def _bases(parent: Plan, document: PlanDocument) -> list[Citation]:
    issued = parent.issue_date.isoformat() if parent.issue_date else None
    subject = f" về {_lower_first(parent.title)}" if parent.title else ""
    bases = [
        Citation(
            raw=f"Căn cứ {_plan_reference(parent)}{subject};",
            doc_type="Kế hoạch",
            number=parent.number or None,
            date=issued,
            issuer=parent.issuer or None,
        )
    ]
    # The parent's own legal bases stay fitting for the child; its mentions inside the text
    # and symbols the parser could not read are left for the officer.
    for basis in document.legal_bases:
        if basis.role == "basis" and not basis.malformed and basis.number:
            bases.append(basis)
    return bases


def _divisions(unit: Unit, on: date | None) -> list[Unit]:
    return [child for child in unit.children.order_by("name") if child.is_valid_on(on or date.today())]


def _responsibilities(
    unit: Unit, tasks: list[Task], parent_ref: str, on: date | None
) -> list[Responsibility]:
    divisions = _divisions(unit, on)
    duty = (
        "Chủ trì, phối hợp thực hiện các nhiệm vụ tại Phụ lục kèm theo Kế hoạch này theo chức năng, "
        "nhiệm vụ được giao; báo cáo kết quả về bộ phận đầu mối."
    )
    if not divisions:
        return [
            Responsibility(
                agency="Các phòng, đơn vị trực thuộc",
                duties=[duty] if tasks else [],
            )
        ]
    lead_division = divisions[0]
    result = [
        Responsibility(
            agency=lead_division.name,
            duties=[
                "Là đầu mối tham mưu, theo dõi, đôn đốc việc thực hiện Kế hoạch này; tổng hợp, "
                f"báo cáo kết quả theo yêu cầu của {parent_ref}.",
            ],
        )
    ]
    result.extend(Responsibility(agency=division.name, duties=[duty]) for division in divisions[1:])
    return result


def plan_derive(*, parent: Plan, unit: Unit, actor) -> PlanDocument:
    """The draft of `unit`'s own plan implementing `parent`. Deterministic: the same stored data
    gives the same draft."""
    require(actor, VIEW, parent.issuer_unit)
    require(actor, MANAGE, unit)
    if parent.current_version_id is None:
        raise ValidationError(_("Kế hoạch cấp trên chưa có nội dung để lập kế hoạch của đơn vị."))
    source = plan_document_of(parent)
    parent_ref = _plan_reference(parent)
    concerns = tasks_concerning(parent, unit)
    tasks = [_worded_for_unit(c, unit, parent_ref) for c in concerns]
    for number, task in enumerate(tasks, start=1):
        task.stt = str(number)
    warnings = []
    if not source.tasks:
        warnings.append(_("Kế hoạch cấp trên chưa có bảng nhiệm vụ đọc được; cần bổ sung nhiệm vụ bằng tay."))
    elif not tasks:
        warnings.append(_("Không nhiệm vụ nào của kế hoạch cấp trên giao cho đơn vị; cần bổ sung bằng tay."))
    sections = [
        Section(number="I", title="MỤC ĐÍCH, YÊU CẦU", level=1, heading="I. MỤC ĐÍCH, YÊU CẦU"),
        Section(number="II", title="NHIỆM VỤ", level=1, heading="II. NHIỆM VỤ"),
        Section(number="III", title="TỔ CHỨC THỰC HIỆN", level=1, heading="III. TỔ CHỨC THỰC HIỆN"),
    ]
    return PlanDocument(
        document=None,
        doc_type="KH",
        number=None,
        issuer=unit.name,
        parent_body=unit.parent.name if unit.parent_id else None,
        issue_date=None,
        place=source.place,
        title=source.title,
        plan_year=parent.plan_year or source.plan_year,
        legal_bases=_bases(parent, source),
        sections=sections,
        has_appendix=bool(tasks),
        tasks=tasks,
        responsibilities=_responsibilities(unit, tasks, parent_ref, parent.issue_date),
        source_format="derived",
        warnings=warnings,
    )


@transaction.atomic
def derive_draft(*, parent: Plan, unit: Unit, actor) -> ImportItem:
    """Put the derived draft in the review queue, where it is edited and confirmed like an upload."""
    document = plan_derive(parent=parent, unit=unit, actor=actor)
    data = document.to_dict()
    payload = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
    batch = ImportBatch.objects.create(uploaded_by=actor, unit=unit)
    name = f"du-thao-ke-hoach-{unit.code}-theo-{parent.pk}.json"
    item = ImportItem(
        batch=batch,
        original_name=name,
        size=len(payload),
        # Each draft is its own file: two drafts of the same plan must not collide on confirm.
        sha256=hashlib.sha256(payload + f"#{batch.pk}".encode()).hexdigest(),
        status=ItemStatus.REVIEW,
        parsed=data,
        warnings=list(document.warnings),
        message=_("Dự thảo lập từ %(ref)s.") % {"ref": _plan_reference(parent)},
    )
    item.file.save(name, ContentFile(payload), save=False)
    item.save()
    audit_record(
        actor=actor,
        action="plans.plan.derived",
        obj=item,
        changes={"parent": parent.pk, "unit": unit.pk, "tasks": len(document.tasks)},
    )
    return item
