from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Unit
from cchc.portal.images import MAX_BYTES
from cchc.portal.models import Category, IndexKind
from cchc.portal.sanitize import ALLOWED_TAGS
from cchc.web.forms import lazy_interpolate

ALLOWED_TAGS_HELP = ", ".join(f"<{t}>" for t in sorted(ALLOWED_TAGS))


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    category = forms.ChoiceField(label=_("Chuyên mục"), choices=Category.choices)
    summary = forms.CharField(
        label=_("Tóm tắt"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Một, hai câu hiện trong danh sách tin và trong RSS."),
    )
    body = forms.CharField(
        label=_("Nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "editor"}),
        help_text=lazy_interpolate(
            _(
                "Gõ văn bản thường (mỗi đoạn cách một dòng trống) hoặc HTML. Các thẻ được giữ lại: %(tags)s; "
                "mọi thẻ và thuộc tính khác bị loại bỏ."
            ),
            {"tags": ALLOWED_TAGS_HELP},
        ),
    )
    image = forms.FileField(
        label=_("Ảnh minh họa"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text=lazy_interpolate(
            _("JPEG, PNG, WebP hoặc GIF, tối đa %(mb)s MB; ảnh được thu nhỏ và tạo ảnh nhỏ tự động."),
            {"mb": MAX_BYTES // (1024 * 1024)},
        ),
    )
    remove_image = forms.BooleanField(label=_("Bỏ ảnh hiện tại"), required=False)
    image_alt = forms.CharField(
        label=_("Mô tả ảnh"),
        required=False,
        max_length=300,
        help_text=_("Bắt buộc khi có ảnh: câu mô tả cho người dùng trình đọc màn hình."),
    )

    def __init__(self, *args, has_image: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_image:
            del self.fields["remove_image"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and image.size > MAX_BYTES:
            raise forms.ValidationError(_("Ảnh quá lớn."))
        return image


class PublishForm(forms.Form):
    published_at = forms.DateTimeField(
        label=_("Thời điểm đăng"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Để trống để đăng ngay; chọn thời điểm sau này để hẹn giờ đăng."),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}))


class PlanPublishForm(forms.Form):
    allow_download = forms.BooleanField(label=_("Cho tải tệp gốc"), required=False)


class ResultForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Cơ quan, đơn vị"), queryset=Unit.objects.order_by("name"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Chỉ số"), choices=IndexKind.choices)
    score = forms.DecimalField(label=_("Điểm (%)"), min_value=0, max_value=100, decimal_places=2)
    rank = forms.IntegerField(label=_("Xếp hạng"), min_value=1, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp kết quả (.csv, .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text=_("Dòng tiêu đề: Năm, Đơn vị, Chỉ số, Điểm, Xếp hạng, Ghi chú. Tải tệp mẫu bên dưới."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        return upload
