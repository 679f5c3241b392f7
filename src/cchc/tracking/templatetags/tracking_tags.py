"""Template helpers of the tracking app: the nav item with the unread count ("bell")."""

from django import template

from cchc.tracking.selectors import unread_count

register = template.Library()


@register.inclusion_tag("tracking/_nav_item.html", takes_context=True)
def tracking_nav_item(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    return {
        "unread": unread_count(user) if user is not None else 0,
        "current": bool(match and match.app_name == "tracking"),
    }


@register.filter
def deliverable_label(kind: str) -> str:
    """ "news" → "Tin, bài"."""
    from cchc.tracking.models import DeliverableKind

    return str(dict(DeliverableKind.choices).get(kind, kind))


@register.filter
def kind_items(counts: dict | None) -> list[tuple[str, int]]:
    """{kind: n} as (kind, n) pairs in the fixed kind order (jsonb keeps no key order)."""
    from cchc.tracking.rules import in_kind_order

    counts = counts or {}
    return [(k, counts[k]) for k in in_kind_order(counts)]


@register.filter
def status_label(status: str) -> str:
    from cchc.tracking.models import ProgressStatus

    return str(dict(ProgressStatus.choices).get(status, status))
