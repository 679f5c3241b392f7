from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.accounts.models import Role


def _unit_field():
    # Imported late: orgs and accounts depend on each other only through this field.
    from cchc.orgs.models import Unit

    return forms.ModelChoiceField(
        label=_("Cơ quan, đơn vị"),
        queryset=Unit.objects.all(),
        required=False,
        help_text=_("Bắt buộc với cán bộ và lãnh đạo đơn vị."),
    )


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=30, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    password1 = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field()
        self.order_fields(
            ["username", "full_name", "email", "phone", "role", "unit", "password1", "password2"]
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không khớp nhau."))
        return cleaned


class UserRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field()


class ProfileForm(forms.Form):
    """A plain form, not a ModelForm, so validating it never touches the account itself."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=200, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=30, required=False)
