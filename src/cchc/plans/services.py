"""Every write of the plans app: import (upload → parse job → review → confirm), amendments
and parent links. Each public service checks permission with `require` and records an audit
entry in the same transaction as its change."""

from __future__ import annotations

import hashlib
import json
import logging
import unicodedata
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cchc.accounts.permissions import require
from cchc.audit.services import audit_record
from cchc.ingest.normalize.agencies import agency_refs
from cchc.ingest.normalize.citations import number_key
from cchc.ingest.normalize.timeframes import normalize_timeframe
from cchc.jobs.runner import enqueue
from cchc.orgs.models import Unit
from cchc.plans.models import (
    AgencyRole,
    Citation,
    CitationRole,
    ImportBatch,
    ImportItem,
    ItemStatus,
    LegalDocument,
    Plan,
    PlanSection,
    PlanTask,
    PlanVersion,
    Responsibility,
    TaskAgency,
)

log = logging.getLogger(__name__)

VIEW = "plans.view"
IMPORT = "plans.import"
MANAGE = "plans.manage"
PARSE_JOB = "plans.parse_import_item"

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_FILES_PER_BATCH = 50
ACCEPTED_EXTENSIONS = (".txt", ".md", ".docx", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
HEADER_FIELDS = ("number", "issuer", "issue_date", "place", "title", "plan_year")
# Below this the registry's guess is shown for review but not stored as the agency's unit.
UNIT_CONFIDENCE_FLOOR = 0.85


# --- keys that make two documents "the same" ------------------------------------------------------


def issuer_key(issuer: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", issuer or "").casefold().split())


def plan_number_key(number: str | None) -> str:
    return number_key(number) if number and number.strip() else ""


def file_sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in handle.chunks() if hasattr(handle, "chunks") else iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def text_sha256(text: str) -> str:
    """A fingerprint of the words alone: case, spacing and line breaks do not count."""
    words = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest() if words else ""


def existing_plan_for(
    *, sha256: str = "", text_hash: str = "", number: str | None = None, issuer: str | None = None
) -> Plan | None:
    """The confirmed plan this document already is: same file, same words, or same number and issuer."""
    if sha256:
        found = Plan.objects.filter(sha256=sha256).first()
        if found:
            return found
    if text_hash:
        found = Plan.objects.filter(text_sha256=text_hash).first()
        if found:
            return found
    key = plan_number_key(number)
    if key:
        return Plan.objects.filter(number_key=key, issuer_key=issuer_key(issuer)).first()
    return None


# --- import: upload ----------------------------------------------------------------------------


def _check_upload(upload) -> str:
    name = PurePath(getattr(upload, "name", "") or "").name
    if not name:
        raise ValidationError(_("Tệp tải lên không có tên."))
    if Path(name).suffix.lower() not in ACCEPTED_EXTENSIONS:
        raise ValidationError(
            _("Tệp %(name)s không được hỗ trợ; chỉ nhận %(kinds)s.")
            % {"name": name, "kinds": ", ".join(ACCEPTED_EXTENSIONS)}
        )
    size = upload.size
    if not size:
        raise ValidationError(_("Tệp %(name)s rỗng.") % {"name": name})
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            _("Tệp %(name)s quá lớn (tối đa %(mb)s MB).")
            % {"name": name, "mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    return name


@transaction.atomic
def import_create(*, files, actor, unit: Unit | None = None) -> list[ImportItem]:
    """Store the uploaded files and queue one parse job for each. Nothing is a plan yet."""
    if unit is None and not getattr(actor, "is_province_admin", False):
        unit = getattr(actor, "unit", None)
    require(actor, IMPORT, unit)
    files = list(files)
    if not files:
        raise ValidationError(_("Chưa chọn tệp nào để nhập."))
    if len(files) > MAX_FILES_PER_BATCH:
        raise ValidationError(_("Mỗi lần nhập tối đa %(n)s tệp.") % {"n": MAX_FILES_PER_BATCH})
    names = [_check_upload(upload) for upload in files]
    batch = ImportBatch.objects.create(uploaded_by=actor, unit=unit)
    items: list[ImportItem] = []
    stored: list[ImportItem] = []
    try:
        for name, upload in zip(names, files, strict=True):
            item = ImportItem(batch=batch, original_name=name, size=upload.size, sha256=file_sha256(upload))
            item.file.save(name, upload, save=False)
            stored.append(item)
            item.save()
            item.job = enqueue(PARSE_JOB, {"item": item.pk})
            item.save(update_fields=["job"])
            items.append(item)
        audit_record(
            actor=actor,
            action="plans.import.created",
            obj=batch,
            changes={"files": names, "unit": unit, "items": [i.pk for i in items]},
        )
    except Exception:
        # The rows roll back with the transaction; files on disk do not, so remove them here.
        for item in stored:
            item.file.delete(save=False)
        raise
    return items


@transaction.atomic
def import_discard(*, item: ImportItem, actor) -> ImportItem:
    """Drop an import the officer does not want (a wrong file, a failed parse); no plan is made."""
    item = ImportItem.objects.select_for_update(of=("self",)).select_related("batch__unit").get(pk=item.pk)
    require(actor, MANAGE, item.batch.unit)
    if item.status not in (ItemStatus.REVIEW, ItemStatus.FAILED, ItemStatus.DUPLICATE):
        raise ValidationError(
            _("Không hủy được văn bản ở trạng thái %(s)s.") % {"s": item.get_status_display()}
        )
    old = item.status
    item.status = ItemStatus.DISCARDED
    item.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="plans.import.discarded", obj=item, changes={"status": [old, item.status]}
    )
    return item


def import_paths(*, paths, actor, unit: Unit | None = None) -> list[ImportItem]:
    """`import_create` for files on disk (the command line)."""
    handles = []
    try:
        for path in paths:
            path = Path(path)
            if not path.is_file():
                raise ValidationError(_("Không tìm thấy tệp %(path)s.") % {"path": path})
            handles.append(File(path.open("rb"), name=path.name))
        return import_create(files=handles, actor=actor, unit=unit)
    finally:
        for handle in handles:
            handle.close()


# --- import: the parse job ---------------------------------------------------------------------


def _jsonable(data: Any) -> Any:
    # Resolver output carries dates; the stored JSON must be plain.
    return json.loads(json.dumps(data, default=str, ensure_ascii=False))


def source_text_of(source) -> str:
    """The document as plain text for the review screen: lines as read, table rows as "a | b | c"."""
    from cchc.ingest.readers.base import TableBlock

    out = []
    for block in source.blocks:
        if isinstance(block, TableBlock):
            out.extend(" | ".join(cell.replace("\n", " ") for cell in row) for row in block.rows)
        else:
            out.append(block.text)
    # Some sources carry decomposed diacritics, which display badly; the parser reads NFC too.
    return unicodedata.normalize("NFC", "\n".join(out))


def _progress(job, value: int, message: str) -> None:
    if job is not None:
        from cchc.jobs.runner import report

        report(job, value, message)


def _fail_item(item: ImportItem, message: str) -> ImportItem:
    with transaction.atomic():
        ImportItem.objects.filter(pk=item.pk).update(status=ItemStatus.FAILED, message=message)
        audit_record(actor=None, action="plans.import.failed", obj=item, changes={"message": message})
    item.refresh_from_db()
    return item


def _mark_duplicate(item: ImportItem, plan: Plan | None, message: str) -> ImportItem:
    ImportItem.objects.filter(pk=item.pk).update(status=ItemStatus.DUPLICATE, plan=plan, message=message)
    audit_record(
        actor=None, action="plans.import.duplicate", obj=item, changes={"plan": plan, "message": message}
    )
    item.refresh_from_db()
    return item


def _duplicate_message(plan: Plan) -> str:
    return _("Văn bản này đã có trong hệ thống: %(plan)s.") % {"plan": plan}


def parse_import_item(item_pk: int, *, job=None) -> ImportItem:
    """The background job: read and parse one uploaded file, leaving it ready for review.

    Any failure leaves the item "failed" with a message for the user and writes nothing else.
    """
    from cchc.ingest.parse import ParseError
    from cchc.ingest.pipeline import parse_source
    from cchc.ingest.readers import ReaderError, read_document
    from cchc.orgs.resolve import make_ingest_resolver

    item = ImportItem.objects.select_related("batch").get(pk=item_pk)
    if item.status not in (ItemStatus.QUEUED, ItemStatus.PARSING):
        return item  # already done: a job run twice must not parse twice
    ImportItem.objects.filter(pk=item.pk).update(status=ItemStatus.PARSING, message="")
    _progress(job, 5, _("Kiểm tra trùng lặp"))
    same_file = existing_plan_for(sha256=item.sha256)
    if same_file:
        with transaction.atomic():
            return _mark_duplicate(item, same_file, _duplicate_message(same_file))
    _progress(job, 15, _("Đọc tệp"))
    try:
        source = read_document(item.file.path)
        _progress(job, 45, _("Phân tích cấu trúc văn bản"))
        document = parse_source(source, resolver=make_ingest_resolver())
        _progress(job, 80, _("Đối chiếu cơ quan, đơn vị"))
        data = _jsonable(document.to_dict())
        text = source_text_of(source)
    except (ReaderError, ParseError) as exc:
        return _fail_item(
            item, _("Không đọc được tệp %(name)s: %(reason)s") % {"name": item.original_name, "reason": exc}
        )
    except Exception as exc:
        log.exception("parsing import item %s failed", item.pk)
        return _fail_item(
            item,
            _(
                "Không phân tích được tệp %(name)s (%(kind)s). Hãy kiểm tra tệp có đúng là văn bản kế hoạch không."
            )
            % {"name": item.original_name, "kind": type(exc).__name__},
        )
    with transaction.atomic():
        locked = ImportItem.objects.select_for_update().get(pk=item.pk)
        if locked.status != ItemStatus.PARSING:
            return locked
        locked.parsed = data
        locked.source_text = text
        locked.text_sha256 = text_sha256(text)
        locked.warnings = data.get("warnings") or []
        locked.save(update_fields=["parsed", "source_text", "text_sha256", "warnings"])
        same = existing_plan_for(
            text_hash=locked.text_sha256, number=data.get("number"), issuer=data.get("issuer")
        )
        if same:
            return _mark_duplicate(locked, same, _duplicate_message(same))
        locked.status = ItemStatus.REVIEW
        locked.message = ""
        locked.save(update_fields=["status", "message", "updated_at"])
        audit_record(
            actor=None,
            action="plans.import.parsed",
            obj=locked,
            changes={"tasks": len(data.get("tasks") or []), "warnings": len(locked.warnings)},
        )
    _progress(job, 100, _("Sẵn sàng để rà soát"))
    return locked


# --- import: review and confirm ----------------------------------------------------------------


def _resolved_refs(names: list[str], *, on: str | None, issuer: str | None) -> list[dict]:
    from cchc.orgs.resolve import make_ingest_resolver

    return _jsonable(
        [r.__dict__ for r in agency_refs(names, resolver=make_ingest_resolver(), on=on, issuer=issuer)]
    )


def _clean_review_data(data: dict, *, previous: dict) -> dict:
    """Merge edited fields into the parsed document and recompute what derives from them
    (normalized schedules, resolved agencies), so the review screen shows the effect of edits."""
    merged = dict(previous)
    for name in HEADER_FIELDS:
        if name in data:
            merged[name] = data[name] if data[name] not in ("",) else None
    if merged.get("issue_date"):
        try:
            date.fromisoformat(str(merged["issue_date"]))
        except ValueError:
            raise ValidationError({"issue_date": _("Ngày ban hành phải có dạng YYYY-MM-DD.")}) from None
    if merged.get("plan_year") is not None:
        try:
            merged["plan_year"] = int(merged["plan_year"])
        except (TypeError, ValueError):
            raise ValidationError({"plan_year": _("Năm kế hoạch phải là một số.")}) from None
    if "legal_bases" in data:
        merged["legal_bases"] = [
            {
                "raw": (b.get("raw") or "").strip(),
                "doc_type": b.get("doc_type") or None,
                "number": (b.get("number") or "").strip() or None,
                "date": b.get("date") or None,
                "issuer": b.get("issuer") or None,
                "role": b.get("role") if b.get("role") in CitationRole.values else CitationRole.BASIS,
                "malformed": False,
                "suggested_number": None,
            }
            for b in data["legal_bases"]
            if (b.get("raw") or b.get("number") or "").strip()
        ]
    if "tasks" in data:
        old_tasks = {(t.get("stt"), t.get("task")): t for t in previous.get("tasks") or []}
        year = merged.get("plan_year")
        on, issuer = _reference_date(merged).isoformat(), merged.get("issuer")
        tasks = []
        for row in data["tasks"]:
            text = (row.get("task") or "").strip()
            if not text:
                continue
            old = old_tasks.get((row.get("stt"), text), {})
            lead = [n.strip() for n in row.get("lead") or [] if n.strip()]
            coordinators = [n.strip() for n in row.get("coordinators") or [] if n.strip()]
            timeframe = (row.get("timeframe") or "").strip() or None
            schedule = normalize_timeframe(timeframe, year) if timeframe else None
            tasks.append(
                {
                    **old,
                    "stt": (row.get("stt") or "").strip() or None,
                    "task": text,
                    "products": (row.get("products") or "").strip() or None,
                    "lead": lead,
                    "coordinators": coordinators,
                    "timeframe": timeframe,
                    "schedule": _jsonable(schedule.__dict__) if schedule else None,
                    "lead_refs": _resolved_refs(lead, on=on, issuer=issuer),
                    "coordinator_refs": _resolved_refs(coordinators, on=on, issuer=issuer),
                }
            )
        merged["tasks"] = tasks
    return _jsonable(merged)


@transaction.atomic
def import_update_review(*, item: ImportItem, data: dict, actor) -> ImportItem:
    """Save the officer's corrections to the extracted structure; still not a plan."""
    item = ImportItem.objects.select_for_update(of=("self",)).select_related("batch__unit").get(pk=item.pk)
    require(actor, MANAGE, item.batch.unit)
    if item.status != ItemStatus.REVIEW:
        raise ValidationError(
            _("Văn bản này không ở bước rà soát (trạng thái: %(s)s).") % {"s": item.get_status_display()}
        )
    before = item.parsed or {}
    item.parsed = _clean_review_data(data, previous=before)
    item.save(update_fields=["parsed", "updated_at"])
    changed = sorted(k for k in set(before) | set(item.parsed) if before.get(k) != item.parsed.get(k))
    audit_record(actor=actor, action="plans.import.reviewed", obj=item, changes={"fields": changed})
    return item


def _iso_date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _reference_date(data: dict) -> date:
    """The day the plan speaks of, for reading the registry: its issue date, else 1 January of
    its year (a 2024 plan without a legible day still names the units of 2024), else today."""
    day = _iso_date(data.get("issue_date"))
    if day is None and str(data.get("plan_year") or "").isdigit():
        day = date(int(data["plan_year"]), 1, 1)
    return day or date.today()


def _issuer_unit(data: dict, fallback: Unit | None) -> Unit | None:
    from cchc.orgs.resolve import resolve

    issuer = data.get("issuer")
    if issuer:
        try:
            found = resolve(issuer, on=_reference_date(data))
        except ValueError:
            found = None
        if found and len(found.units) == 1 and found.units[0].confidence >= UNIT_CONFIDENCE_FLOOR:
            return Unit.objects.filter(pk=found.units[0].unit_id).first() or fallback
    return fallback


def _header_values(data: dict) -> dict:
    return {
        "doc_type": (data.get("doc_type") or "KH")[:16],
        "number": (data.get("number") or "")[:80],
        "number_key": plan_number_key(data.get("number"))[:80],
        "issuer": (data.get("issuer") or "")[:255],
        "issuer_key": issuer_key(data.get("issuer"))[:255],
        "issue_date": _iso_date(data.get("issue_date")),
        "place": (data.get("place") or "")[:120],
        "title": data.get("title") or "",
        "plan_year": data.get("plan_year") or None,
    }


def _flatten_sections(data: dict) -> list[dict]:
    tree = data.get("section_tree")
    if tree is None:
        return [{"number": "", "title": h, "level": 1, "heading": h} for h in data.get("sections") or []]
    flat: list[dict] = []

    def walk(nodes):
        for node in nodes:
            flat.append(node)
            walk(node.get("children") or [])

    walk(tree)
    return flat


def _unit_of(ref: dict | None, known_units: set[int]) -> tuple[int | None, float | None]:
    if not ref:
        return None, None
    units = [u for u in ref.get("units") or [] if isinstance(u, dict) and u.get("unit_id")]
    confidences = [u.get("confidence") for u in units if isinstance(u.get("confidence"), int | float)]
    confidence = min(confidences) if confidences else ref.get("confidence")
    if len(units) == 1 and units[0]["unit_id"] in known_units and (confidence or 0) >= UNIT_CONFIDENCE_FLOOR:
        return units[0]["unit_id"], confidence
    return None, confidence


def legal_document_for(citation: dict) -> LegalDocument | None:
    """The registry entry of a cited document, created on first citation; None without a number."""
    key = plan_number_key(citation.get("number"))
    if not key:
        return None
    document, created = LegalDocument.objects.get_or_create(
        number_key=key[:80],
        defaults={
            "number": citation["number"][:80],
            "doc_type": (citation.get("doc_type") or "")[:60],
            "date": _iso_date(citation.get("date")),
            "issuer": (citation.get("issuer") or "")[:255],
        },
    )
    if not created:
        # Later citations may carry what the first one left out.
        missing = {}
        if not document.date and _iso_date(citation.get("date")):
            missing["date"] = _iso_date(citation.get("date"))
        if not document.issuer and citation.get("issuer"):
            missing["issuer"] = citation["issuer"][:255]
        if not document.doc_type and citation.get("doc_type"):
            missing["doc_type"] = citation["doc_type"][:60]
        if missing:
            LegalDocument.objects.filter(pk=document.pk).update(**missing)
    return document


def _write_version(*, plan: Plan, data: dict, actor, note: str) -> PlanVersion:
    last = plan.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = PlanVersion.objects.create(
        plan=plan, number=last + 1, data=data, note=note[:300], created_by=actor
    )
    PlanSection.objects.bulk_create(
        PlanSection(
            version=version,
            order=i,
            number=(s.get("number") or "")[:16],
            title=s.get("title") or "",
            level=s.get("level") or 1,
            heading=s.get("heading") or s.get("title") or "",
        )
        for i, s in enumerate(_flatten_sections(data))
    )
    referenced = {
        u.get("unit_id")
        for t in data.get("tasks") or []
        for ref in (t.get("lead_refs") or []) + (t.get("coordinator_refs") or [])
        for u in ref.get("units") or []
        if isinstance(u, dict)
    }
    known_units = set(
        Unit.objects.filter(pk__in={pk for pk in referenced if isinstance(pk, int)}).values_list(
            "pk", flat=True
        )
    )
    for i, t in enumerate(data.get("tasks") or []):
        task = PlanTask.objects.create(
            version=version,
            order=i,
            stt=(t.get("stt") or "")[:16],
            task=t.get("task") or "",
            products=t.get("products") or "",
            timeframe=(t.get("timeframe") or "")[:300],
            schedule=t.get("schedule"),
            extra=t.get("extra") or {},
            note=t.get("note") or "",
            uncertain=bool(t.get("uncertain")),
        )
        agencies = []
        for role, names, refs in (
            (AgencyRole.LEAD, t.get("lead") or [], t.get("lead_refs") or []),
            (AgencyRole.COORDINATOR, t.get("coordinators") or [], t.get("coordinator_refs") or []),
        ):
            by_raw = {r.get("raw"): r for r in refs if isinstance(r, dict)}
            for j, name in enumerate(names):
                ref = by_raw.get(name)
                unit_id, confidence = _unit_of(ref, known_units)
                agencies.append(
                    TaskAgency(
                        task=task,
                        role=role,
                        order=j,
                        raw=name[:500],
                        unit_id=unit_id,
                        is_group=bool(ref and ref.get("is_group")),
                        confidence=confidence,
                    )
                )
        TaskAgency.objects.bulk_create(agencies)
    Responsibility.objects.bulk_create(
        Responsibility(
            version=version, order=i, agency=(r.get("agency") or "")[:500], duties=r.get("duties") or []
        )
        for i, r in enumerate(data.get("responsibilities") or [])
    )
    for i, c in enumerate(data.get("legal_bases") or []):
        Citation.objects.create(
            version=version,
            legal_document=legal_document_for(c),
            order=i,
            role=c.get("role") if c.get("role") in CitationRole.values else CitationRole.BASIS,
            raw=c.get("raw") or c.get("number") or "",
            malformed=bool(c.get("malformed")),
        )
    return version


@transaction.atomic
def import_confirm(*, item: ImportItem, actor) -> Plan:
    """Turn a reviewed import into a plan, with its first version, tasks and citations, all at once.

    Confirming again, or confirming a document the system already has, returns the existing plan.
    """
    item = (
        ImportItem.objects.select_for_update(of=("self",))
        .select_related("batch__unit", "plan")
        .get(pk=item.pk)
    )
    require(actor, MANAGE, item.batch.unit)
    if item.status in (ItemStatus.CONFIRMED, ItemStatus.DUPLICATE) and item.plan is not None:
        return item.plan
    if item.status != ItemStatus.REVIEW or not item.parsed:
        raise ValidationError(
            _("Chỉ xác nhận được văn bản đang chờ rà soát (trạng thái: %(s)s).")
            % {"s": item.get_status_display()}
        )
    data = item.parsed
    existing = existing_plan_for(
        sha256=item.sha256, text_hash=item.text_sha256, number=data.get("number"), issuer=data.get("issuer")
    )
    if existing:
        _mark_duplicate(item, existing, _duplicate_message(existing))
        return existing
    plan = Plan(
        **_header_values(data),
        issuer_unit=_issuer_unit(data, item.batch.unit),
        sha256=item.sha256,
        text_sha256=item.text_sha256,
        original_name=item.original_name,
        created_by=actor,
    )
    # The stored upload becomes the plan's original: the same file, not a copy.
    plan.source_file.name = item.file.name
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        # Another confirmation of the same document won the race.
        existing = existing_plan_for(
            sha256=item.sha256,
            text_hash=item.text_sha256,
            number=data.get("number"),
            issuer=data.get("issuer"),
        )
        if existing is None:
            raise
        _mark_duplicate(item, existing, _duplicate_message(existing))
        return existing
    version = _write_version(
        plan=plan, data=data, actor=actor, note=_("Nhập từ tệp %(name)s") % {"name": item.original_name}
    )
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    item.status = ItemStatus.CONFIRMED
    item.plan = plan
    item.message = ""
    item.save(update_fields=["status", "plan", "message", "updated_at"])
    audit_record(
        actor=actor,
        action="plans.plan.confirmed",
        obj=plan,
        changes={"item": item.pk, "tasks": len(data.get("tasks") or []), "number": plan.number},
    )
    link_parents_from_citations(plan=plan, actor=actor)
    return plan


# --- amendments and the cascade ----------------------------------------------------------------


@transaction.atomic
def plan_amend(*, plan: Plan, data: dict, actor, note: str = "") -> PlanVersion:
    """Record an amendment as a new version; earlier versions stay as history."""
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("current_version", "issuer_unit")
        .get(pk=plan.pk)
    )
    require(actor, MANAGE, plan.issuer_unit)
    previous = plan.current_version.data if plan.current_version else {}
    merged = _clean_review_data(data, previous=previous)
    header = _header_values(merged)
    changes = {
        name: [getattr(plan, name), value] for name, value in header.items() if getattr(plan, name) != value
    }
    for name, value in header.items():
        setattr(plan, name, value)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise ValidationError(
            _("Đã có kế hoạch khác cùng số %(number)s của cùng cơ quan ban hành.") % {"number": plan.number}
        ) from None
    version = _write_version(plan=plan, data=merged, actor=actor, note=note or _("Sửa đổi, bổ sung"))
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    audit_record(
        actor=actor, action="plans.plan.amended", obj=plan, changes={"version": version.number, **changes}
    )
    link_parents_from_citations(plan=plan, actor=actor)
    return version


def _would_cycle(plan: Plan, parent: Plan) -> bool:
    seen = set()
    current = parent
    while current is not None and current.pk not in seen:
        if current.pk == plan.pk:
            return True
        seen.add(current.pk)
        current = current.parent
    return False


@transaction.atomic
def plan_link_parent(*, plan: Plan, parent: Plan | None, actor) -> Plan:
    """Set (or clear, with None) by hand the plan this one implements."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("issuer_unit").get(pk=plan.pk)
    require(actor, MANAGE, plan.issuer_unit)
    if parent is not None and _would_cycle(plan, parent):
        raise ValidationError(_("Không thể chọn kế hoạch này làm cấp trên: sẽ tạo thành vòng lặp."))
    old = plan.parent
    plan.parent = parent
    plan.parent_linked_automatically = False
    plan.save(update_fields=["parent", "parent_linked_automatically", "updated_at"])
    audit_record(
        actor=actor,
        action="plans.plan.parent_linked",
        obj=plan,
        changes={"parent": [old, parent], "automatic": False},
    )
    return plan


def _cited_plan_keys(plan: Plan) -> list[tuple[str, date | None, str]]:
    """(number key, date, role) of the plans ("Kế hoạch số …") cited by the current version, bases first."""
    if plan.current_version_id is None:
        return []
    cited = (
        Citation.objects.filter(version_id=plan.current_version_id, legal_document__isnull=False)
        .select_related("legal_document")
        .order_by("order")
    )
    keys = [
        (c.legal_document.number_key, c.legal_document.date, c.role)
        for c in cited
        if "/kh" in c.legal_document.number_key
        or (c.legal_document.doc_type or "").lower().startswith("kế hoạch")
    ]
    return sorted(keys, key=lambda k: k[2] != CitationRole.BASIS)


def _plan_matching(key: str, on: date | None, exclude: Plan) -> Plan | None:
    # A number alone is not unique (every People's Committee numbers its own plans), so a cited
    # date must agree, and an ambiguous match is left for a person to link by hand.
    candidates = [p for p in Plan.objects.filter(number_key=key).exclude(pk=exclude.pk)]
    if on is not None:
        candidates = [p for p in candidates if p.issue_date in (None, on)]
    return candidates[0] if len(candidates) == 1 else None


def link_parents_from_citations(*, plan: Plan, actor) -> list[Plan]:
    """Link `plan` to the plan it implements, and plans that cite `plan` to it, where the link
    is clear and was not set by hand. Runs inside the caller's transaction. Returns changed plans."""
    changed = []
    if plan.parent_id is None or plan.parent_linked_automatically:
        for key, on, _role in _cited_plan_keys(plan):
            parent = _plan_matching(key, on, plan)
            if parent is not None and parent.pk != plan.parent_id and not _would_cycle(plan, parent):
                _auto_link(plan, parent, actor)
                changed.append(plan)
                break
    if plan.number_key:
        citing = (
            Plan.objects.filter(
                parent__isnull=True,
                current_version__citations__legal_document__number_key=plan.number_key,
            )
            .exclude(pk=plan.pk)
            .distinct()
        )
        for child in citing:
            on = (
                LegalDocument.objects.filter(number_key=plan.number_key)
                .values_list("date", flat=True)
                .first()
            )
            if (on is None or plan.issue_date in (None, on)) and not _would_cycle(child, plan):
                _auto_link(child, plan, actor)
                changed.append(child)
    return changed


def _auto_link(plan: Plan, parent: Plan, actor) -> None:
    old = plan.parent
    plan.parent = parent
    plan.parent_linked_automatically = True
    plan.save(update_fields=["parent", "parent_linked_automatically", "updated_at"])
    audit_record(
        actor=actor,
        action="plans.plan.parent_linked",
        obj=plan,
        changes={"parent": [old, parent], "automatic": True},
    )
