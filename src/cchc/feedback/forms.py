"""The public feedback form (with its anti-robot fields) and the back-office handling forms."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.feedback import protection
from cchc.feedback.models import Topic
from cchc.feedback.services import ALLOWED_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS
from cchc.orgs.models import Unit
from cchc.web.forms import lazy_interpolate


def current_units():
    from cchc.orgs.selectors import valid_on_filter

    return Unit.objects.filter(valid_on_filter(timezone.localdate())).order_by("name")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class FeedbackForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên (không bắt buộc)"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử (không bắt buộc)"),
        required=False,
        help_text=_("Để nhận thông báo khi phản ánh được chuyển xử lý và khi có trả lời."),
    )
    phone = forms.RegexField(
        label=_("Số điện thoại (không bắt buộc)"),
        regex=r"^\+?[0-9 .\-]{8,20}$",
        required=False,
        error_messages={"invalid": _("Số điện thoại chỉ gồm chữ số (8–15 số).")},
    )
    topic = forms.ChoiceField(label=_("Lĩnh vực"), choices=Topic.choices, initial=Topic.PROCEDURE)
    unit_concerned = forms.ModelChoiceField(
        label=_("Cơ quan, đơn vị được phản ánh (không bắt buộc)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Không rõ / không chọn —"),
    )
    title = forms.CharField(label=_("Tiêu đề"), min_length=5, max_length=200)
    content = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị"),
        min_length=20,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    attachments = MultipleFileField(
        label=_("Tệp đính kèm (không bắt buộc)"),
        required=False,
        help_text=lazy_interpolate(
            _("Tối đa %(n)s tệp, mỗi tệp không quá %(mb)s MB: %(types)s."),
            {
                "n": MAX_ATTACHMENTS,
                "mb": MAX_ATTACHMENT_BYTES // (1024 * 1024),
                "types": ", ".join(sorted({s.lstrip(".") for s in ALLOWED_TYPES})),
            },
        ),
    )
    consent_publish = forms.BooleanField(
        label=_(
            "Tôi đồng ý công khai nội dung phản ánh và câu trả lời trên trang thông tin "
            "(không kèm họ tên, địa chỉ liên lạc)."
        ),
        required=False,
    )
    # People never see this one (hidden by CSS, skipped by the keyboard); robots fill it in.
    website = forms.CharField(
        label=_("Không điền vào ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    challenge_answer = forms.CharField(
        label=_("Câu hỏi kiểm tra"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
        help_text=_("Trả lời bằng chữ số hoặc bằng chữ, ví dụ 7 hoặc “bảy”."),
    )
    challenge_token = forms.CharField(widget=forms.HiddenInput)

    HONEYPOT = "website"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_concerned"].queryset = current_units()
        self.nonce = ""
        if self.is_bound:
            self.challenge_question = protection.question_of(self.data.get("challenge_token", ""))
            self.fields["challenge_answer"].label = self.challenge_question or _("Câu hỏi kiểm tra")
        else:
            self.renew_challenge()

    def renew_challenge(self) -> None:
        """A fresh question, for a new form and for one shown again with errors (an answered
        question is never asked twice)."""
        challenge = protection.new_challenge()
        self.challenge_question = challenge.question
        self.fields["challenge_answer"].label = challenge.question
        if self.is_bound:
            self.data = self.data.copy()
            self.data["challenge_token"] = challenge.token
            self.data["challenge_answer"] = ""
        self.initial["challenge_token"] = challenge.token

    @property
    def honeypot_field(self):
        return self[self.HONEYPOT]

    @property
    def public_fields(self):
        return [f for f in self.visible_fields() if f.name not in (self.HONEYPOT, "challenge_answer")]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(self.HONEYPOT):
            raise forms.ValidationError(_("Không gửi được phản ánh. Vui lòng thử lại."), code="honeypot")
        token, answer = cleaned.get("challenge_token"), cleaned.get("challenge_answer")
        if token and answer is not None:
            try:
                self.nonce = protection.verify_challenge(token, answer)
            except protection.ChallengeFailed as exc:
                self.add_error("challenge_answer", str(exc))
        return cleaned


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "PA-2026-XXXXXXXX", "autocomplete": "off"}),
    )


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị xử lý"), queryset=Unit.objects.none())
    note = forms.CharField(
        label=_("Ghi chú nội bộ (không công khai)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = current_units()


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        min_length=10,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class CloseForm(forms.Form):
    reject = forms.BooleanField(label=_("Đánh dấu là thư rác, không hợp lệ"), required=False)
    note = forms.CharField(
        label=_("Lý do (nội bộ)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
