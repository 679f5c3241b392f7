"""Every write of the public page's content. Each service checks permission with `require`
and records an audit entry in the same transaction as its change.

Editorial workflow (who does what is in cchc.accounts.permissions):

    draft ──submit (editor)──▶ review ──publish (province admin)──▶ published
      ▲                          │                                    │
      └──── return with a note ──┘◀──────── unpublish (province admin)┘

Editors write and submit; only the province administrator approves (``portal.publish``): an
editor never publishes their own text. An administrator may publish a draft directly.
Editors edit drafts only; an administrator may also correct an item under review or already
published. Every change leaves a ``NewsVersion`` snapshot and an audit entry.
A ``published_at`` in the future schedules the item: the public queries filter by time.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.permissions import has_perm, require
from cchc.audit.services import audit_record, field_changes
from cchc.orgs.models import Unit
from cchc.portal import cache
from cchc.portal.images import ImageRejected, process_image
from cchc.portal.models import Category, IndexResult, News, NewsStatus, NewsVersion, PublishedPlan
from cchc.portal.results_io import fold, parse_results
from cchc.portal.sanitize import clean_html

EDIT = "portal.edit"
PUBLISH = "portal.publish"

CONTENT_FIELDS = ("title", "category", "summary", "body", "image_alt")


# --- news --------------------------------------------------------------------------------------


def _snapshot(news: News, *, actor, action: str) -> NewsVersion:
    last = news.versions.aggregate(n=Max("number"))["n"] or 0
    return NewsVersion.objects.create(
        news=news,
        number=last + 1,
        title=news.title,
        category=news.category,
        summary=news.summary,
        body=news.body,
        status=news.status,
        action=action,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _clean_values(values: dict) -> dict:
    cleaned = {name: values[name] for name in CONTENT_FIELDS if name in values}
    if "title" in cleaned:
        cleaned["title"] = " ".join(str(cleaned["title"]).split())
        if not cleaned["title"]:
            raise ValidationError({"title": _("Tin bài cần có tiêu đề.")})
    if "category" in cleaned and cleaned["category"] not in Category.values:
        raise ValidationError({"category": _("Chuyên mục không hợp lệ.")})
    if "summary" in cleaned:
        cleaned["summary"] = str(cleaned["summary"]).strip()
    if "body" in cleaned:
        cleaned["body"] = clean_html(cleaned["body"])
    if "image_alt" in cleaned:
        cleaned["image_alt"] = " ".join(str(cleaned["image_alt"]).split())
    return cleaned


def _store_image(news: News, upload) -> None:
    """Resize and re-encode the upload; keep the full image and a thumbnail."""
    upload.seek(0)
    try:
        processed = process_image(upload.read())
    except ImageRejected as exc:
        raise ValidationError({"image": str(exc)}) from None
    _drop_image(news)
    stem = uuid.uuid4().hex
    news.image.save(f"{stem}.jpg", ContentFile(processed.full), save=False)
    news.thumbnail.save(f"{stem}-nho.jpg", ContentFile(processed.thumbnail), save=False)


def _drop_image(news: News) -> None:
    for field_file in (news.image, news.thumbnail):
        if field_file:
            name, storage = field_file.name, field_file.storage
            transaction.on_commit(lambda n=name, s=storage: s.delete(n))
            field_file.name = ""


def _check_may_edit(actor, news: News) -> None:
    require(actor, EDIT)
    if news.status != NewsStatus.DRAFT and not has_perm(actor, PUBLISH):
        raise ValidationError(
            _("Tin bài đang chờ duyệt hoặc đã xuất bản: chỉ quản trị cấp tỉnh được sửa. Hãy đề nghị trả lại.")
        )


@transaction.atomic
def news_create(*, actor, title: str, category: str = Category.NEWS, summary: str = "", body: str = "",
                image=None, image_alt: str = "") -> News:  # fmt: skip
    require(actor, EDIT)
    values = _clean_values(
        {"title": title, "category": category, "summary": summary, "body": body, "image_alt": image_alt}
    )
    news = News(**values, author=actor, status=NewsStatus.DRAFT)
    if image is not None:
        if not values["image_alt"]:
            raise ValidationError({"image_alt": _("Ảnh cần có mô tả cho người khiếm thị.")})
        _store_image(news, image)
    news.save()
    _snapshot(news, actor=actor, action="created")
    audit_record(
        actor=actor, action="portal.news.created", obj=news, changes={**values, "body": len(values["body"])}
    )
    return news


@transaction.atomic
def news_update(*, actor, news: News, image=None, remove_image: bool = False, **values) -> News:
    news = News.objects.select_for_update().get(pk=news.pk)
    _check_may_edit(actor, news)
    cleaned = _clean_values(values)
    changes = field_changes(news, cleaned)
    for name, value in cleaned.items():
        setattr(news, name, value)
    keeps_image = image is not None or (bool(news.image) and not remove_image)
    if keeps_image and not news.image_alt:
        raise ValidationError({"image_alt": _("Ảnh cần có mô tả cho người khiếm thị.")})
    if remove_image and news.image:
        _drop_image(news)
        changes["image"] = ["…", ""]
    if image is not None:
        _store_image(news, image)
        changes["image"] = ["…", news.image.name]
    if not changes:
        return news
    news.save()
    _snapshot(news, actor=actor, action="updated")
    if "body" in changes:
        changes["body"] = [len(changes["body"][0]), len(changes["body"][1])]  # lengths, not whole texts
    audit_record(actor=actor, action="portal.news.updated", obj=news, changes=changes)
    if news.status == NewsStatus.PUBLISHED:
        cache.invalidate()
    return news


def _transition(news: News, *, actor, allowed_from: tuple[str, ...], to: str, action: str,
                extra: dict | None = None) -> News:  # fmt: skip
    news = News.objects.select_for_update().get(pk=news.pk)
    if news.status not in allowed_from:
        raise ValidationError(
            _("Không thể chuyển tin bài từ trạng thái “%(status)s”.") % {"status": news.get_status_display()}
        )
    old = news.status
    news.status = to
    for name, value in (extra or {}).items():
        setattr(news, name, value)
    news.save()
    _snapshot(news, actor=actor, action=action.rsplit(".", 1)[-1])
    changes = {"status": [old, to], **{k: v for k, v in (extra or {}).items() if k != "approved_by"}}
    audit_record(actor=actor, action=action, obj=news, changes=changes)
    return news


@transaction.atomic
def news_submit(*, actor, news: News) -> News:
    """An editor hands a draft to the approver."""
    require(actor, EDIT)
    current = News.objects.get(pk=news.pk)
    if not (current.title and (current.body or current.summary)):
        raise ValidationError(_("Cần có tiêu đề và nội dung trước khi gửi duyệt."))
    return _transition(
        news, actor=actor, allowed_from=(NewsStatus.DRAFT,), to=NewsStatus.REVIEW,
        action="portal.news.submitted", extra={"review_note": ""},
    )  # fmt: skip


@transaction.atomic
def news_publish(*, actor, news: News, published_at: datetime | None = None) -> News:
    """Approve and publish, now or at `published_at` (then the item is scheduled)."""
    require(actor, PUBLISH)
    when = published_at or timezone.now()
    news = _transition(
        news, actor=actor, allowed_from=(NewsStatus.REVIEW, NewsStatus.DRAFT), to=NewsStatus.PUBLISHED,
        action="portal.news.published", extra={"published_at": when, "approved_by": actor, "review_note": ""},
    )  # fmt: skip
    cache.invalidate()
    return news


@transaction.atomic
def news_return(*, actor, news: News, note: str) -> News:
    """Send an item under review back to its editor with the reason."""
    require(actor, PUBLISH)
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Hãy ghi lý do trả lại để biên tập viên sửa.")})
    return _transition(
        news, actor=actor, allowed_from=(NewsStatus.REVIEW,), to=NewsStatus.DRAFT,
        action="portal.news.returned", extra={"review_note": note},
    )  # fmt: skip


@transaction.atomic
def news_unpublish(*, actor, news: News, note: str = "") -> News:
    """Take a published (or scheduled) item off the public page; it becomes a draft again."""
    require(actor, PUBLISH)
    news = _transition(
        news, actor=actor, allowed_from=(NewsStatus.PUBLISHED,), to=NewsStatus.DRAFT,
        action="portal.news.unpublished", extra={"review_note": note.strip()},
    )  # fmt: skip
    cache.invalidate()
    return news


# --- plans made public -------------------------------------------------------------------------


@transaction.atomic
def plan_publish(*, actor, plan, allow_download: bool = False) -> PublishedPlan:
    """Show `plan` on the public page (again with new settings if it already is)."""
    require(actor, PUBLISH)
    publication, created = PublishedPlan.objects.get_or_create(
        plan=plan, defaults={"allow_download": allow_download, "published_by": actor}
    )
    if not created and publication.allow_download != allow_download:
        publication.allow_download = allow_download
        publication.save(update_fields=["allow_download"])
    elif not created:
        return publication
    audit_record(
        actor=actor,
        action="portal.plan.published" if created else "portal.plan.download_changed",
        obj=plan,
        changes={"allow_download": allow_download},
    )
    cache.invalidate()
    return publication


@transaction.atomic
def plan_unpublish(*, actor, plan) -> None:
    require(actor, PUBLISH)
    deleted, _rows = PublishedPlan.objects.filter(plan=plan).delete()
    if deleted:
        audit_record(actor=actor, action="portal.plan.unpublished", obj=plan)
        cache.invalidate()


# --- PAR Index and SIPAS results -----------------------------------------------------------------


@transaction.atomic
def result_save(*, actor, unit: Unit, year: int, kind: str, score, rank: int | None = None,
                note: str = "") -> IndexResult:  # fmt: skip
    require(actor, PUBLISH)
    try:
        score = Decimal(str(score)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({"score": _("Điểm phải là số.")}) from None
    result, created = IndexResult.objects.get_or_create(
        unit=unit, year=year, kind=kind,
        defaults={"score": score, "rank": rank, "note": note, "updated_by": actor},
    )  # fmt: skip
    if created:
        result.full_clean()
        changes = {"score": score, "rank": rank}
    else:
        changes = field_changes(result, {"score": score, "rank": rank, "note": note})
        result.score, result.rank, result.note, result.updated_by = score, rank, note, actor
        result.full_clean()
        result.save()
    audit_record(actor=actor, action="portal.result.saved", obj=result, changes=changes)
    cache.invalidate()
    return result


@transaction.atomic
def result_delete(*, actor, result: IndexResult) -> None:
    require(actor, PUBLISH)
    audit_record(actor=actor, action="portal.result.deleted", obj=result, changes={"score": result.score})
    result.delete()
    cache.invalidate()


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def saved(self) -> int:
        return self.created + self.updated


def _unit_lookup() -> dict[str, Unit]:
    lookup: dict[str, Unit] = {}
    for unit in Unit.objects.all():
        lookup.setdefault(fold(unit.name), unit)
        if unit.code:
            lookup.setdefault(fold(unit.code), unit)
    return lookup


@transaction.atomic
def results_import(*, actor, data: bytes, filename: str) -> ImportReport:
    """Save every row of a CSV/XLSX sheet, or none: one bad row (unknown unit, bad score) and
    the administrator gets the list of lines to fix, with nothing half-imported."""
    require(actor, PUBLISH)
    try:
        sheet = parse_results(data, filename)
    except ValueError as exc:
        raise ValidationError({"file": str(exc)}) from None
    report = ImportReport(errors=list(sheet.errors))
    units = _unit_lookup()
    resolved = []
    for row in sheet.rows:
        unit = units.get(fold(row.unit))
        if unit is None:
            report.errors.append(
                (row.line, _("Không tìm thấy đơn vị “%(name)s” trong danh mục.") % {"name": row.unit})
            )
        else:
            resolved.append((row, unit))
    if report.errors or not resolved:
        if not report.errors:
            report.errors.append((0, _("Tệp không có dòng số liệu nào.")))
        report.errors.sort()
        return report
    for row, unit in resolved:
        _result, created = IndexResult.objects.update_or_create(
            unit=unit, year=row.year, kind=row.kind,
            defaults={"score": row.score, "rank": row.rank, "note": row.note, "updated_by": actor},
        )  # fmt: skip
        if created:
            report.created += 1
        else:
            report.updated += 1
    audit_record(
        actor=actor,
        action="portal.results.imported",
        changes={"file": filename, "created": report.created, "updated": report.updated},
    )
    cache.invalidate()
    return report
