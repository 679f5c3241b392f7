import json

from django import template

from cchc.accounts.permissions import has_perm

register = template.Library()


@register.filter
def can(user, perm: str) -> bool:
    """`{% if user|can:"audit.view" %}`: hides links the user could not follow.
    The service behind the link checks again; this is only for a tidy menu."""
    return has_perm(user, perm)


@register.filter
def whole_minutes(duration) -> int:
    """A timedelta as whole minutes, rounded up so that "try again in 0 minutes" never shows."""
    seconds = duration.total_seconds()
    return int(-(-seconds // 60))


@register.filter
def as_json(value) -> str:
    """Readable JSON with Vietnamese letters left as they are (not \\u escapes)."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
