"""Every write to feedback: submit (a citizen, no account), assign, start, answer, close.
Each checks permission, records a step in the item's history and an audit entry, and queues
the e-mail the step sends, all in one transaction."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.permissions import require
from cchc.audit.services import audit_record
from cchc.core import uploads
from cchc.feedback import notifications
from cchc.feedback.models import (
    OPEN_STATUSES,
    Attachment,
    Event,
    EventKind,
    Feedback,
    Status,
    Topic,
)

VIEW, MANAGE, HANDLE = "feedback.view", "feedback.manage", "feedback.handle"
# Who did it, in the audit log, when a citizen sent something from the public page.
CITIZEN = "công dân (trang công khai)"

# Unambiguous when read aloud or copied by hand: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8  # 31^8 ≈ 8.5·10^11 codes a year: not guessable under the lookup rate limit

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# What a citizen may attach; the leading bytes of each are checked by cchc.core.uploads.
ALLOWED_TYPES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".docx", ".txt"})
ATTACHMENT_WORDING = uploads.Wording(
    not_allowed=gettext_lazy("Tệp %(name)s không được nhận: chỉ nhận %(types)s."),
    too_large=gettext_lazy("Tệp %(name)s lớn hơn %(mb)s MB."),
    mismatch=gettext_lazy("Nội dung tệp %(name)s không khớp với phần mở rộng %(ext)s."),
    not_text=gettext_lazy("Tệp %(name)s không phải văn bản UTF-8."),
    type_code="attachment_type",
    size_code="attachment_size",
)


def new_code(year: int | None = None) -> str:
    year = year or timezone.localdate().year
    return f"PA-{year}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(value: str) -> str:
    """What a person typed (" pa-2026-7k3q 9xmf ") as a stored code ("PA-2026-7K3Q9XMF")."""
    compact = "".join((value or "").split()).upper()
    parts = compact.split("-")
    if len(parts) >= 3 and parts[0] == "PA":
        return f"PA-{parts[1]}-{''.join(parts[2:])}"
    return compact


def _check_attachment(upload) -> tuple[str, str]:
    """(content type, clean original name) of an acceptable upload; ValidationError otherwise."""
    name = Path(upload.name or "").name[:200] or "tep"
    kind = uploads.check_upload(
        upload, allowed=ALLOWED_TYPES, max_bytes=MAX_ATTACHMENT_BYTES, wording=ATTACHMENT_WORDING, name=name
    )
    return kind.content_type, name


def _event(feedback: Feedback, kind: str, actor=None, unit=None, note: str = "") -> Event:
    return Event.objects.create(
        feedback=feedback,
        kind=kind,
        status=feedback.status,
        unit=unit,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )


@transaction.atomic
def feedback_submit(
    *,
    title: str,
    content: str,
    topic: str = Topic.OTHER,
    name: str = "",
    email: str = "",
    phone: str = "",
    unit_concerned=None,
    consent_publish: bool = False,
    attachments=(),
    client_key: str = "",
) -> Feedback:
    """A citizen's feedback from the public page; returns it with its tracking code."""
    title, content = " ".join((title or "").split()), (content or "").strip()
    errors = {}
    if len(title) < 5:
        errors["title"] = [_("Vui lòng nhập tiêu đề (ít nhất 5 ký tự).")]
    if len(content) < 20:
        errors["content"] = [_("Vui lòng trình bày nội dung (ít nhất 20 ký tự).")]
    if topic not in Topic.values:
        errors["topic"] = [_("Lĩnh vực không hợp lệ.")]
    attachments = [a for a in attachments or [] if a]
    if len(attachments) > MAX_ATTACHMENTS:
        errors["attachments"] = [_("Chỉ được đính kèm tối đa %(n)s tệp.") % {"n": MAX_ATTACHMENTS}]
    checked = []
    for upload in attachments[:MAX_ATTACHMENTS]:
        try:
            checked.append((upload, *_check_attachment(upload)))
        except ValidationError as exc:
            errors.setdefault("attachments", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    feedback = Feedback(
        title=title[:200],
        content=content[:10000],
        topic=topic,
        name=" ".join((name or "").split())[:120],
        email=(email or "").strip()[:254],
        phone=(phone or "").strip()[:20],
        unit_concerned=unit_concerned,
        consent_publish=bool(consent_publish),
        client_hash=client_key[:64],
    )
    for _attempt in range(5):
        feedback.code = new_code()
        try:
            with transaction.atomic():
                feedback.save()
            break
        except IntegrityError:
            feedback.pk = None  # a code already taken: draw again
    else:
        raise ValidationError(_("Không tạo được mã tra cứu; vui lòng gửi lại."))
    for upload, content_type, original in checked:
        attachment = Attachment(
            feedback=feedback, original_name=original, content_type=content_type, size=upload.size
        )
        attachment.file.save(original, upload, save=False)
        attachment.save()
    _event(feedback, EventKind.SUBMITTED)
    audit_record(
        actor=CITIZEN,
        action="feedback.feedback.submitted",
        obj=feedback,
        changes={
            "topic": topic,
            "unit_concerned": unit_concerned,
            "attachments": len(checked),
            "consent_publish": feedback.consent_publish,
            "email_given": bool(feedback.email),
        },
    )
    notifications.notify(feedback, notifications.SUBMITTED)
    return feedback


def _locked(feedback: Feedback) -> Feedback:
    return (
        Feedback.objects.select_for_update(of=("self",)).select_related("assigned_unit").get(pk=feedback.pk)
    )


@transaction.atomic
def feedback_assign(*, feedback: Feedback, unit, actor, note: str = "") -> Feedback:
    """Send the item to `unit` for handling (again, to another unit, while it is still open)."""
    require(actor, MANAGE)
    feedback = _locked(feedback)
    if feedback.status not in OPEN_STATUSES:
        raise ValidationError(
            _("Phản ánh đang ở trạng thái “%(status)s”, không chuyển xử lý được.")
            % {"status": feedback.get_status_display()}
        )
    if unit is None:
        raise ValidationError({"unit": [_("Vui lòng chọn đơn vị xử lý.")]})
    previous = feedback.assigned_unit
    feedback.assigned_unit = unit
    feedback.assigned_at = timezone.now()
    feedback.status = Status.ASSIGNED
    feedback.save(update_fields=["assigned_unit", "assigned_at", "status", "updated_at"])
    _event(feedback, EventKind.ASSIGNED, actor=actor, unit=unit, note=note.strip())
    audit_record(
        actor=actor,
        action="feedback.feedback.assigned",
        obj=feedback,
        changes={"assigned_unit": [previous, unit], "note": note.strip()},
    )
    notifications.notify(feedback, notifications.ASSIGNED)
    return feedback


@transaction.atomic
def feedback_start(*, feedback: Feedback, actor) -> Feedback:
    """The handling unit says it is working on it."""
    feedback = _locked(feedback)
    require(actor, HANDLE, feedback.assigned_unit)
    if feedback.status != Status.ASSIGNED:
        raise ValidationError(_("Chỉ bắt đầu xử lý được phản ánh vừa được chuyển tới đơn vị."))
    feedback.status = Status.IN_PROGRESS
    feedback.save(update_fields=["status", "updated_at"])
    _event(feedback, EventKind.STARTED, actor=actor, unit=feedback.assigned_unit)
    audit_record(
        actor=actor,
        action="feedback.feedback.started",
        obj=feedback,
        changes={"status": [Status.ASSIGNED, Status.IN_PROGRESS]},
    )
    return feedback


@transaction.atomic
def feedback_answer(*, feedback: Feedback, answer: str, actor) -> Feedback:
    """The handling unit's answer. It is published on the public page only if the citizen agreed."""
    feedback = _locked(feedback)
    require(actor, HANDLE, feedback.assigned_unit)
    answer = (answer or "").strip()
    if feedback.status not in (Status.ASSIGNED, Status.IN_PROGRESS):
        raise ValidationError(
            _("Phản ánh đang ở trạng thái “%(status)s”, không trả lời được.")
            % {"status": feedback.get_status_display()}
        )
    if len(answer) < 10:
        raise ValidationError({"answer": [_("Vui lòng nhập nội dung trả lời (ít nhất 10 ký tự).")]})
    previous = feedback.status
    feedback.answer = answer[:20000]
    feedback.answered_at = timezone.now()
    feedback.answered_by = actor
    feedback.status = Status.ANSWERED
    feedback.save(update_fields=["answer", "answered_at", "answered_by", "status", "updated_at"])
    _event(feedback, EventKind.ANSWERED, actor=actor, unit=feedback.assigned_unit)
    audit_record(
        actor=actor,
        action="feedback.feedback.answered",
        obj=feedback,
        changes={"status": [previous, Status.ANSWERED], "published": feedback.is_published},
    )
    notifications.notify(feedback, notifications.ANSWERED)
    return feedback


@transaction.atomic
def feedback_close(*, feedback: Feedback, actor, reject: bool = False, note: str = "") -> Feedback:
    """Close an item (nothing more to do; an answered one keeps its published answer) or reject
    it as spam or abuse."""
    require(actor, MANAGE)
    feedback = _locked(feedback)
    if feedback.status in (Status.CLOSED, Status.REJECTED):
        raise ValidationError(_("Phản ánh này đã được đóng."))
    if reject and feedback.status == Status.ANSWERED:
        raise ValidationError(_("Phản ánh đã được trả lời, không đánh dấu là thư rác được."))
    previous = feedback.status
    feedback.status = Status.REJECTED if reject else Status.CLOSED
    feedback.save(update_fields=["status", "updated_at"])
    _event(feedback, EventKind.REJECTED if reject else EventKind.CLOSED, actor=actor, note=note.strip())
    audit_record(
        actor=actor,
        action="feedback.feedback.rejected" if reject else "feedback.feedback.closed",
        obj=feedback,
        changes={"status": [previous, feedback.status], "note": note.strip()},
    )
    return feedback
