from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import AliasKind, SuccessionEvent, Unit, UnitKind

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Tên chính thức"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=UnitKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Cơ quan cấp trên"), queryset=Unit.objects.order_by("name"), required=False
    )
    valid_from = forms.DateField(label=_("Hiệu lực từ ngày"), required=False, widget=DATE_WIDGET)
    valid_to = forms.DateField(label=_("Hiệu lực đến hết ngày"), required=False, widget=DATE_WIDGET)
    verified = forms.BooleanField(label=_("Đã kiểm chứng"), required=False, initial=True)
    source_note = forms.CharField(
        label=_("Nguồn, ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    aliases = forms.CharField(
        label=_("Tên gọi khác, tên viết tắt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_('Mỗi dòng một tên. Viết "abbreviation:" hoặc "former_name:" ở đầu dòng để ghi rõ loại.'),
    )

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("Ngày kết thúc phải sau ngày bắt đầu hiệu lực."))
        return data

    def clean_aliases(self):
        items = []
        for line in self.cleaned_data.get("aliases", "").splitlines():
            line = line.strip()
            if not line:
                continue
            prefix, sep, rest = line.partition(":")
            if sep and prefix.strip() in AliasKind.values:
                items.append({"text": rest.strip(), "kind": prefix.strip()})
            else:
                items.append({"text": line, "kind": AliasKind.ALIAS})
        return items

    @staticmethod
    def initial_for(unit: Unit) -> dict:
        aliases = "\n".join(
            a.text if a.kind == AliasKind.ALIAS else f"{a.kind}:{a.text}" for a in unit.aliases.all()
        )
        return {
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": unit.kind,
            "parent": unit.parent,
            "valid_from": unit.valid_from,
            "valid_to": unit.valid_to,
            "verified": unit.verified,
            "source_note": unit.source_note,
            "aliases": aliases,
        }


class SuccessionForm(forms.ModelForm):
    class Meta:
        model = SuccessionEvent
        fields = ["kind", "effective_date", "predecessors", "successors", "note", "verified", "source_note"]
        widgets = {
            "effective_date": DATE_WIDGET,
            "note": forms.Textarea(attrs={"rows": 3}),
            "source_note": forms.Textarea(attrs={"rows": 2}),
            "predecessors": forms.SelectMultiple(attrs={"size": 8}),
            "successors": forms.SelectMultiple(attrs={"size": 8}),
        }


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp danh mục (JSON hoặc CSV)"))

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        return upload
