from django import forms
from django.utils.translation import gettext_lazy as _

# dd/mm/yyyy first: that is how every officer writes a date.
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Thao tác bắt đầu bằng"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "orgs.unit"}),
    )
    actor = forms.CharField(label=_("Người thực hiện (tên đăng nhập)"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    date_from = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
    )
    date_to = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args, object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("Tất cả"))] + [(t, t) for t in object_types]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
        return cleaned
