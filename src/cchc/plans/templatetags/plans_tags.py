from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

SCHEDULE_KINDS = {
    "continuous": _("thường xuyên"),
    "periods": _("theo thời hạn"),
    "recurring": _("định kỳ"),
    "on_demand": _("khi có yêu cầu"),
    "unknown": _("chưa chuẩn hóa được"),
}


@register.filter
def schedule_kind(kind: str) -> str:
    return SCHEDULE_KINDS.get(kind, kind)


@register.filter
def iso_as_vn(value) -> str:
    """'2024-03-31' → '31/03/2024'; anything else unchanged."""
    text = str(value or "")
    parts = text.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    return text
