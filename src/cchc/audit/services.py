"""The one way to write an audit entry. Every domain service calls `audit_record`
inside its own transaction, so the change and its record commit together."""

from __future__ import annotations

from typing import Any

from django.db import models

from cchc.audit.models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_record(
    *, actor, action: str, obj: models.Model | None = None, changes: dict | None = None
) -> AuditEntry:
    """Record that `actor` did `action` (a dotted name such as "orgs.unit.renamed") to `obj`.

    `actor` may be None for system actions (data loading, scheduled jobs).
    `changes` is a dict, typically {"field": [old, new]} or the created values.
    """
    if not action or "." not in action:
        raise ValueError(f"audit action must be a dotted name, got {action!r}")
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = user.get_username() if user else ("hệ thống" if actor is None else str(actor))
    return AuditEntry.objects.create(
        actor=user,
        actor_label=label[:150],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=_jsonable(changes or {}),
    )


def field_changes(instance: models.Model, new_values: dict) -> dict:
    """{"field": [old, new]} for the fields of `new_values` that differ on `instance`."""
    diff = {}
    for name, new in new_values.items():
        old = getattr(instance, name)
        if old != new:
            diff[name] = [old, new]
    return diff
