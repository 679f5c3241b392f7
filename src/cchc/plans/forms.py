"""Forms of the import review screen (also used to amend a plan) and of the upload page."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.plans.models import CitationRole
from cchc.plans.services import ACCEPTED_EXTENSIONS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Tệp văn bản"),
        help_text=_("Chọn một hoặc nhiều tệp (%(kinds)s).") % {"kinds": ", ".join(ACCEPTED_EXTENSIONS)},
        widget=MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=None,
        required=False,
        help_text=_("Đơn vị sở hữu văn bản nhập; quản trị cấp tỉnh có thể chọn bất kỳ đơn vị nào."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from cchc.orgs.models import Unit

        if getattr(user, "is_province_admin", False):
            self.fields["unit"].queryset = Unit.objects.order_by("name")
        else:
            # Officers always import for their own unit.
            del self.fields["unit"]


def _date_text(value: str) -> str | None:
    """dd/mm/yyyy or yyyy-mm-dd → ISO; raise for anything else."""
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise forms.ValidationError(_("Ngày phải có dạng dd/mm/yyyy."))


def _iso_to_display(value) -> str:
    if not value:
        return ""
    try:
        return datetime.strptime(str(value), "%Y-%m-%d").strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


class HeaderForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=80, required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    issue_date = forms.CharField(label=_("Ngày ban hành"), required=False, help_text=_("dd/mm/yyyy"))
    place = forms.CharField(label=_("Địa danh"), max_length=120, required=False)
    title = forms.CharField(label=_("Trích yếu"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    plan_year = forms.IntegerField(label=_("Năm kế hoạch"), required=False, min_value=1990, max_value=2100)

    def clean_issue_date(self):
        return _date_text(self.cleaned_data["issue_date"])


class LegalBasisForm(forms.Form):
    raw = forms.CharField(label=_("Trích dẫn"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    doc_type = forms.CharField(label=_("Loại"), max_length=60, required=False)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=80, required=False)
    date = forms.CharField(label=_("Ngày"), required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=CitationRole.choices, initial=CitationRole.BASIS)

    def clean_date(self):
        return _date_text(self.cleaned_data["date"])


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class TaskForm(forms.Form):
    stt = forms.CharField(label=_("STT"), max_length=16, required=False)
    task = forms.CharField(label=_("Nhiệm vụ"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    products = forms.CharField(label=_("Sản phẩm"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lead = forms.CharField(
        label=_("Cơ quan chủ trì"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi cơ quan một dòng."),
    )
    coordinators = forms.CharField(
        label=_("Cơ quan phối hợp"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi cơ quan một dòng."),
    )
    timeframe = forms.CharField(label=_("Thời gian thực hiện"), max_length=300, required=False)

    def clean_lead(self):
        return _lines(self.cleaned_data["lead"])

    def clean_coordinators(self):
        return _lines(self.cleaned_data["coordinators"])


LegalBasisFormSet = forms.formset_factory(LegalBasisForm, extra=1, can_delete=True)
TaskFormSet = forms.formset_factory(TaskForm, extra=1, can_delete=True)


class ReviewForms:
    """The header form and the two formsets of the review (or amendment) screen, as one unit."""

    def __init__(self, data=None, *, document: dict):
        self.document = document
        self.header = HeaderForm(data, prefix="header", initial=self._header_initial())
        self.bases = LegalBasisFormSet(data, prefix="bases", initial=self._bases_initial())
        self.tasks = TaskFormSet(data, prefix="tasks", initial=self._tasks_initial())

    def _header_initial(self) -> dict:
        d = self.document
        return {
            "number": d.get("number") or "",
            "issuer": d.get("issuer") or "",
            "issue_date": _iso_to_display(d.get("issue_date")),
            "place": d.get("place") or "",
            "title": d.get("title") or "",
            "plan_year": d.get("plan_year"),
        }

    def _bases_initial(self) -> list[dict]:
        return [
            {
                "raw": b.get("raw") or "",
                "doc_type": b.get("doc_type") or "",
                "number": b.get("number") or "",
                "date": _iso_to_display(b.get("date")),
                "issuer": b.get("issuer") or "",
                "role": b.get("role") or CitationRole.BASIS,
            }
            for b in self.document.get("legal_bases") or []
        ]

    def _tasks_initial(self) -> list[dict]:
        return [
            {
                "stt": t.get("stt") or "",
                "task": t.get("task") or "",
                "products": t.get("products") or "",
                "lead": "\n".join(t.get("lead") or []),
                "coordinators": "\n".join(t.get("coordinators") or []),
                "timeframe": t.get("timeframe") or "",
            }
            for t in self.document.get("tasks") or []
        ]

    def is_valid(self) -> bool:
        return all([self.header.is_valid(), self.bases.is_valid(), self.tasks.is_valid()])

    def data(self) -> dict:
        """The edited document in the shape `import_update_review` / `plan_amend` take."""

        def kept(formset):
            return [
                f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]

        return {
            **self.header.cleaned_data,
            "legal_bases": kept(self.bases),
            "tasks": kept(self.tasks),
        }

    def task_rows(self) -> list[tuple]:
        """Each task form beside what the registry and the schedule normalizer made of its row."""
        parsed = self.document.get("tasks") or []
        return [(form, parsed[i] if i < len(parsed) else None) for i, form in enumerate(self.tasks.forms)]
