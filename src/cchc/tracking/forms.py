"""The progress form: status and percentage for a period, deliverable counts, evidence."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.periods import choices as period_choices
from cchc.tracking.models import DeliverableKind, ProgressStatus
from cchc.tracking.rules import WITH_PARTICIPANTS
from cchc.tracking.services import EVIDENCE_TYPES, MAX_EVIDENCE_BYTES
from cchc.web.forms import lazy_interpolate


def default_period(today=None) -> str:
    """The reporting period whose data window holds today (Q1, H1, 9M or Y)."""
    from cchc.core.periods import Kind, Period

    today = today or timezone.localdate()
    for kind in (Kind.QUARTER, Kind.HALF, Kind.NINE_MONTHS, Kind.YEAR):
        period = Period.containing(today, kind, by="window")
        if period is not None and (kind is not Kind.QUARTER or period.number == 1):
            return period.code
    return Period.containing(today, Kind.YEAR, by="window").code


def period_select_choices(year: int | None) -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    years = sorted({this_year, this_year - 1} | ({year} if year else set()))
    return period_choices(years)


class ProgressForm(forms.Form):
    period = forms.ChoiceField(label=_("Kỳ báo cáo"))
    status = forms.ChoiceField(label=_("Trạng thái"), choices=ProgressStatus.choices)
    percent = forms.IntegerField(
        label=_("Tỷ lệ hoàn thành (%)"), min_value=0, max_value=100, required=False, initial=0
    )
    reason = forms.CharField(
        label=_("Lý do không thực hiện được"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi chọn “Không thực hiện được”."),
    )
    note = forms.CharField(
        label=_("Kết quả thực hiện, ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence_file = forms.FileField(
        label=_("Tệp minh chứng"),
        required=False,
        help_text=lazy_interpolate(
            _("Tối đa %(mb)s MB; nhận %(kinds)s."),
            {"mb": MAX_EVIDENCE_BYTES // (1024 * 1024), "kinds": ", ".join(sorted(EVIDENCE_TYPES))},
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(EVIDENCE_TYPES))}),
    )
    evidence_url = forms.URLField(label=_("Đường dẫn minh chứng"), required=False, assume_scheme="https")
    evidence_title = forms.CharField(label=_("Tên minh chứng"), required=False, max_length=255)

    def __init__(self, *args, year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_select_choices(year)
        for kind, label in DeliverableKind.choices:
            self.fields[f"qty_{kind}"] = forms.IntegerField(label=label, min_value=0, required=False)
            if kind in WITH_PARTICIPANTS:
                self.fields[f"people_{kind}"] = forms.IntegerField(
                    label=_("%(kind)s: số người tham dự") % {"kind": label}, min_value=0, required=False
                )

    def deliverable_fields(self):
        """(quantity field, participants field or None) per kind, for the template."""
        return [
            (self[f"qty_{kind}"], self[f"people_{kind}"] if kind in WITH_PARTICIPANTS else None)
            for kind in DeliverableKind.values
        ]

    def deliverables(self) -> dict:
        data = self.cleaned_data
        return {
            kind: {"quantity": data.get(f"qty_{kind}") or 0, "participants": data.get(f"people_{kind}")}
            for kind in DeliverableKind.values
        }
