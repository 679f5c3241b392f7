"""The signed-in user's API keys: create one (its key is shown once, on the answer to the
creating POST, and never stored in clear), see the list, revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cchc.api import selectors, services
from cchc.api.models import ApiToken
from cchc.web.forms import attach_service_errors


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên gợi nhớ"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Ví dụ: tên kịch bản hoặc máy dùng khóa này."),
    )


def _page(request, *, form, new_key: str | None = None, new_token=None, status: int = 200):
    context = {
        "form": form,
        "tokens": selectors.api_tokens_of(request.user),
        "new_key": new_key,
        "new_token": new_token,
    }
    return render(request, "accounts/api_tokens.html", context, status=status)


@never_cache
@login_required
@require_GET
def api_tokens(request):
    return _page(request, form=ApiTokenForm())


@never_cache
@login_required
@require_POST
def api_token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = services.api_token_create(
                user=request.user, actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            # Shown in this answer only: not in a message, not in the session, not in a redirect.
            return _page(request, form=ApiTokenForm(), new_key=raw, new_token=token)
    return _page(request, form=form, status=400)


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk)
    services.api_token_revoke(token=token, actor=request.user)  # PermissionDenied → 403
    messages.success(
        request, _("Đã thu hồi khóa %(prefix)s…; khóa này không dùng được nữa.") % {"prefix": token.prefix}
    )
    return redirect("accounts:api_tokens")
