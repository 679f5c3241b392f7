"""E-mail about a feedback item, sent by the "feedback.notify" job after the change commits:
to the citizen (when an address was given) on receipt, on assignment and on the answer, and to
the officers of the unit it was assigned to. The embedded default writes the messages as files
under the data folder (EMAIL_FILE_PATH)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.accounts.models import Role
from cchc.feedback.models import Feedback
from cchc.jobs.runner import enqueue, handler

log = logging.getLogger(__name__)
NOTIFY_JOB = "feedback.notify"
SUBMITTED, ASSIGNED, ANSWERED = "submitted", "assigned", "answered"


def _link(path: str) -> str:
    return f"{getattr(settings, 'CCHC_SITE_URL', '').rstrip('/')}{path}"


def _status_link(feedback: Feedback) -> str:
    return _link(reverse("feedback:status", args=[feedback.code]))


def messages_for(feedback: Feedback, event: str) -> list[tuple[str, str, list[str]]]:
    """(subject, body, recipients) of the messages an event sends."""
    out = []
    citizen = [feedback.email] if feedback.email else []
    greeting = _("Kính gửi %(name)s,") % {"name": feedback.name or _("Ông/Bà")}
    status = _("Tra cứu tình trạng xử lý: %(link)s (mã %(code)s).") % {
        "link": _status_link(feedback),
        "code": feedback.code,
    }
    if event == SUBMITTED and citizen:
        body = "\n\n".join(
            [
                greeting,
                _("Phản ánh, kiến nghị “%(title)s” của Ông/Bà đã được tiếp nhận với mã tra cứu %(code)s.")
                % {"title": feedback.title, "code": feedback.code},
                status,
                _("Vui lòng giữ mã này: chỉ người có mã mới xem được tình trạng xử lý."),
            ]
        )
        out.append((_("Đã tiếp nhận phản ánh, kiến nghị %(code)s") % {"code": feedback.code}, body, citizen))
    elif event == ASSIGNED and feedback.assigned_unit_id:
        officers = list(
            get_user_model()
            .objects.filter(unit_id=feedback.assigned_unit_id, role=Role.UNIT_OFFICER, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if officers:
            body = "\n\n".join(
                [
                    _("Đơn vị %(unit)s được giao xử lý phản ánh, kiến nghị %(code)s: “%(title)s”.")
                    % {"unit": feedback.assigned_unit, "code": feedback.code, "title": feedback.title},
                    _("Xem và trả lời: %(link)s")
                    % {"link": _link(reverse("feedback_admin:detail", args=[feedback.pk]))},
                ]
            )
            out.append(
                (
                    _("Phản ánh, kiến nghị %(code)s được giao cho đơn vị") % {"code": feedback.code},
                    body,
                    officers,
                )
            )
        if citizen:
            body = "\n\n".join(
                [
                    greeting,
                    _("Phản ánh, kiến nghị %(code)s đã được chuyển tới %(unit)s để xử lý.")
                    % {"code": feedback.code, "unit": feedback.assigned_unit},
                    status,
                ]
            )
            out.append(
                (_("Phản ánh, kiến nghị %(code)s đang được xử lý") % {"code": feedback.code}, body, citizen)
            )
    elif event == ANSWERED and citizen:
        body = "\n\n".join(
            [
                greeting,
                _("%(unit)s đã trả lời phản ánh, kiến nghị %(code)s:")
                % {"unit": feedback.assigned_unit or _("Cơ quan có thẩm quyền"), "code": feedback.code},
                feedback.answer,
                status,
            ]
        )
        out.append((_("Trả lời phản ánh, kiến nghị %(code)s") % {"code": feedback.code}, body, citizen))
    return out


def notify(feedback: Feedback, event: str) -> None:
    """Queue the messages of `event`; they go out after the surrounding transaction commits."""
    enqueue(NOTIFY_JOB, {"feedback": feedback.pk, "event": event})


@handler(NOTIFY_JOB)
def run_notify(job) -> None:
    feedback = Feedback.objects.select_related("assigned_unit").filter(pk=job.payload["feedback"]).first()
    if feedback is None:
        return
    for subject, body, recipients in messages_for(feedback, job.payload["event"]):
        try:
            send_mail(subject, body, None, recipients)
        except Exception:  # a mail server that is down must not fail the job forever
            log.exception("feedback %s: could not send %r", feedback.code, subject)
