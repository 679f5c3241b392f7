"""Forms of the report pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core import periods
from cchc.reports.models import ReportVersion
from cchc.reports.services import EDITABLE_FIELDS


def period_choices(today=None) -> list[tuple[str, str]]:
    year = (today or timezone.localdate()).year
    return periods.choices(range(year - 2, year + 2))


def default_period(today=None) -> periods.Period:
    """The latest period whose data window has closed (what units are reporting on now)."""
    today = today or timezone.localdate()
    closed = [p for p in periods.periods_between(today.year - 1, today.year) if p.cutoff <= today]
    closed = [p for p in closed if p.kind in (periods.Kind.QUARTER, periods.Kind.HALF, periods.Kind.YEAR)]
    return max(closed) if closed else periods.Period(today.year, periods.Kind.QUARTER, 1)


class DraftForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Cơ quan, đơn vị"), queryset=None)
    period = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        from cchc.orgs.models import Unit

        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("name")
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        self.fields["period"].choices = period_choices()
        self.fields["period"].initial = default_period().code


class ReportEditForm(forms.ModelForm):
    class Meta:
        model = ReportVersion
        fields = list(EDITABLE_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 8})
            for name in ("achievements", "shortcomings", "causes", "directions", "recommendations")
        }
        help_texts = {
            "achievements": _("Soạn sẵn từ tiến độ đã cập nhật; chỉnh sửa, bổ sung. Mỗi dòng là một đoạn."),
            "doc_number": _("Ví dụ 15/BC-SNV; để trống nếu văn thư sẽ cấp số."),
        }


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
