from django import template

from cchc.reports import content

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return content.kind_label(kind)


@register.filter
def rate(value) -> str:
    return content.format_rate(value)


@register.filter
def isodate(value) -> str:
    """'2024-06-10' → '10/06/2024' (dates kept as ISO text in reports' JSON)."""
    from datetime import date

    try:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return "—" if not value else str(value)
