"""The citizens' side, no sign-in: send feedback, follow it with the tracking code, read the
answers published with consent. Thin: forms, protection checks, then the service."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc.feedback import protection, selectors, services
from cchc.feedback.forms import FeedbackForm, LookupForm
from cchc.feedback.models import Feedback, Status
from cchc.web.forms import attach_service_errors

SESSION_LAST_CODE = "feedback_last_code"


def _render(request, template: str, context: dict, status: int = 200):
    return render(request, template, context, status=status)


def _too_many(request, message: str):
    return _render(request, "feedback/public/too_many.html", {"message": message}, status=429)


@require_http_methods(["GET", "POST"])
def submit(request):
    if request.method != "POST":
        return _render(request, "feedback/public/submit.html", {"form": FeedbackForm()})
    if not protection.allow_attempt(request) or not protection.submission_allowed(request):
        return _too_many(
            request, _("Địa chỉ của bạn đã gửi nhiều phản ánh trong một giờ qua. Vui lòng thử lại sau.")
        )
    form = FeedbackForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        if protection.consume(form.nonce):
            try:
                feedback = services.feedback_submit(
                    title=data["title"],
                    content=data["content"],
                    topic=data["topic"],
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    unit_concerned=data["unit_concerned"],
                    consent_publish=data["consent_publish"],
                    attachments=data["attachments"],
                    client_key=protection.client_key(request),
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                protection.count_submission(request)
                request.session[SESSION_LAST_CODE] = feedback.code
                return redirect("feedback:submitted")
        else:
            form.add_error(
                "challenge_answer", _("Câu hỏi kiểm tra này đã được dùng; vui lòng trả lời câu hỏi mới.")
            )
    form.renew_challenge()
    return _render(request, "feedback/public/submit.html", {"form": form}, status=400)


@require_GET
def submitted(request):
    code = request.session.get(SESSION_LAST_CODE)
    if not code:
        return redirect("feedback:submit")
    feedback = selectors.feedback_by_code(code)
    return _render(request, "feedback/public/submitted.html", {"feedback": feedback, "code": code})


@require_GET
def lookup(request):
    form = LookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        if not protection.allow_lookup(request):
            return _too_many(request, _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."))
        code = services.normalize_code(form.cleaned_data["code"])
        if selectors.feedback_by_code(code) is not None:
            return redirect("feedback:status", code=code)
        form.add_error("code", _("Không có phản ánh nào với mã này. Vui lòng kiểm tra lại mã tra cứu."))
    return _render(request, "feedback/public/lookup.html", {"form": form})


@require_GET
def status(request, code: str):
    if not protection.allow_lookup(request):
        return _too_many(request, _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."))
    feedback = selectors.feedback_by_code(code)
    if feedback is None:
        raise Http404(_("Không có phản ánh nào với mã này."))
    if feedback.code != code:
        return redirect("feedback:status", code=feedback.code)
    return _render(
        request,
        "feedback/public/status.html",
        {
            "feedback": feedback,
            "steps": selectors.public_steps(feedback),
            "show_answer": feedback.status in (Status.ANSWERED, Status.CLOSED) and feedback.answer,
        },
    )


@require_GET
def answers(request):
    page = Paginator(selectors.published_answers(), 20).get_page(request.GET.get("page"))
    return _render(request, "feedback/public/answers.html", {"page": page})


@require_GET
def answer_detail(request, pk: int):
    try:
        feedback = selectors.published_answer(pk)
    except Feedback.DoesNotExist:
        raise Http404(_("Không có trả lời công khai này.")) from None
    return _render(
        request,
        "feedback/public/answer_detail.html",
        {"feedback": feedback, "list_url": reverse("feedback:answers")},
    )
