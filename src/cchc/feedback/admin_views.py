"""The back office's side, under /xu-ly-phan-anh/: administrators see everything, assign items
to units and close them; officers of the assigned unit start handling and answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.accounts.permissions import has_perm, require
from cchc.feedback import selectors, services
from cchc.feedback.forms import AnswerForm, AssignForm, CloseForm
from cchc.feedback.models import Feedback, Status
from cchc.web.forms import attach_service_errors


def _feedback_or_404(request, pk: int) -> Feedback:
    try:
        return selectors.feedback_detail(actor=request.user, pk=pk)
    except Feedback.DoesNotExist:
        raise Http404(_("Không có phản ánh, kiến nghị này.")) from None


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def feedback_list(request):
    status = request.GET.get("trang_thai", "")
    query = request.GET.get("q", "").strip()[:100]
    items = selectors.feedback_list(actor=request.user, status=status, query=query)
    counts = selectors.counts_by_status(actor=request.user)
    return render(
        request,
        "feedback/admin/list.html",
        {
            "page": Paginator(items, 30).get_page(request.GET.get("page")),
            "statuses": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
            "status": status,
            "query": query,
        },
    )


@login_required
@require_GET
def feedback_detail(request, pk: int):
    feedback = _feedback_or_404(request, pk)
    user = request.user
    can_handle = feedback.assigned_unit_id is not None and has_perm(
        user, services.HANDLE, feedback.assigned_unit
    )
    return render(
        request,
        "feedback/admin/detail.html",
        {
            "feedback": feedback,
            "history": selectors.feedback_history(actor=user, feedback=feedback),
            "can_manage": has_perm(user, services.MANAGE),
            "can_handle": can_handle,
            "assign_form": AssignForm(initial={"unit": feedback.assigned_unit or feedback.unit_concerned}),
            "close_form": CloseForm(),
        },
    )


@login_required
@require_POST
def feedback_assign(request, pk: int):
    require(request.user, services.MANAGE)
    feedback = _feedback_or_404(request, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng chọn đơn vị xử lý."))
        return redirect("feedback_admin:detail", pk=feedback.pk)
    try:
        services.feedback_assign(
            feedback=feedback,
            unit=form.cleaned_data["unit"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request,
            _("Đã chuyển phản ánh %(code)s tới %(unit)s.")
            % {"code": feedback.code, "unit": form.cleaned_data["unit"]},
        )
    return redirect("feedback_admin:detail", pk=feedback.pk)


@login_required
@require_POST
def feedback_start(request, pk: int):
    feedback = _feedback_or_404(request, pk)
    require(request.user, services.HANDLE, feedback.assigned_unit)
    try:
        services.feedback_start(feedback=feedback, actor=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("Đã ghi nhận: đơn vị đang xử lý phản ánh."))
    return redirect("feedback_admin:detail", pk=feedback.pk)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_answer(request, pk: int):
    feedback = _feedback_or_404(request, pk)
    require(request.user, services.HANDLE, feedback.assigned_unit)
    form = AnswerForm(request.POST or None, initial={"answer": feedback.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_answer(
                feedback=feedback, answer=form.cleaned_data["answer"], actor=request.user
            )
        except ValidationError as error:
            attach_service_errors(form, error, default_field="answer")
        else:
            messages.success(request, _("Đã gửi trả lời phản ánh %(code)s.") % {"code": feedback.code})
            return redirect("feedback_admin:detail", pk=feedback.pk)
    return render(request, "feedback/admin/answer.html", {"feedback": feedback, "form": form})


@login_required
@require_POST
def feedback_close(request, pk: int):
    require(request.user, services.MANAGE)
    feedback = _feedback_or_404(request, pk)
    form = CloseForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        services.feedback_close(
            feedback=feedback, actor=request.user, reject=data.get("reject", False), note=data.get("note", "")
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("Đã đóng phản ánh %(code)s.") % {"code": feedback.code})
    return redirect("feedback_admin:detail", pk=feedback.pk)


@login_required
@require_GET
def feedback_attachment(request, pk: int, attachment_pk: int):
    feedback = _feedback_or_404(request, pk)
    attachment = feedback.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404(_("Không có tệp đính kèm này."))
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
    response["Content-Type"] = attachment.content_type
    return response
