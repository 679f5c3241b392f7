from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import selectors, services
from cchc.accounts.forms import ProfileForm, UserCreateForm, UserRoleForm
from cchc.accounts.permissions import require
from cchc.web.forms import attach_service_errors


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


class AuditedPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        services.password_change(actor=self.request.user, form=form)
        # Keeps this session signed in; Django's own view does the same.
        update_session_auth_hash(self.request, form.user)
        return redirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_required
def profile(request):
    account = request.user
    initial = {"full_name": account.full_name, "email": account.email, "phone": account.phone}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(actor=account, user=account, **form.cleaned_data)
        messages.success(request, _("Đã lưu thông tin cá nhân."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "account": account})


@login_required
def user_list(request):
    query = request.GET.get("q", "")
    users = selectors.user_list(actor=request.user, query=query)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    filter_query = urlencode({"q": query}) if query else ""
    return render(
        request, "accounts/user_list.html", {"page": page, "query": query, "filter_query": filter_query}
    )


@login_required
def user_create(request):
    # The service checks again on save; this spares others a form they could never submit.
    require(request.user, "accounts.manage_users")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password1"],
                role=data["role"],
                unit=data["unit"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
            )
        except ValidationError as error:
            attach_service_errors(form, error, default_field="password1")
        else:
            messages.success(request, _("Đã tạo tài khoản %(name)s.") % {"name": user.get_username()})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_edit(request, pk: int):
    account = selectors.user_get(actor=request.user, pk=pk)
    initial = {"role": account.role, "unit": account.unit}
    form = UserRoleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_role(
                actor=request.user,
                user=account,
                role=form.cleaned_data["role"],
                unit=form.cleaned_data["unit"],
            )
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(
                request, _("Đã cập nhật vai trò của %(name)s.") % {"name": account.get_username()}
            )
            return redirect("accounts:user_list")
    return render(request, "accounts/user_edit.html", {"form": form, "account": account})


@login_required
@require_POST
def user_deactivate(request, pk: int):
    account = selectors.user_get(actor=request.user, pk=pk)
    try:
        services.user_deactivate(actor=request.user, user=account)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã khoá tài khoản %(name)s.") % {"name": account.get_username()})
    return redirect("accounts:user_edit", pk=account.pk)


@login_required
@require_POST
def user_reactivate(request, pk: int):
    account = selectors.user_get(actor=request.user, pk=pk)
    services.user_reactivate(actor=request.user, user=account)
    messages.success(request, _("Đã mở lại tài khoản %(name)s.") % {"name": account.get_username()})
    return redirect("accounts:user_edit", pk=account.pk)
