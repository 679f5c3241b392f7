"""Writes to the organization registry. Each function checks the permission, changes the
data and writes its audit entry in one transaction.

`system=True` skips the permission check: `cchc orgs load` runs from the command line
during bootstrap, before any administrator account exists, and the person at the console
already controls the server. The audit entry then names "hệ thống" as the actor.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cchc.accounts.permissions import require
from cchc.audit.services import audit_record, field_changes
from cchc.orgs.models import AliasKind, SuccessionEvent, SuccessionKind, Unit, UnitAlias, UnitKind
from cchc.orgs.resolve import invalidate_index

MANAGE = "orgs.manage_registry"
REGISTRY_FORMAT = "cchc-orgs-registry"
SHIPPED_REGISTRY = "hungyen_registry.json"
UNIT_FIELDS = ("name", "short_name", "kind", "parent", "valid_from", "valid_to", "verified", "source_note")
CSV_UNIT_COLUMNS = [
    "record",
    "code",
    "name",
    "short_name",
    "kind",
    "parent",
    "valid_from",
    "valid_to",
    "verified",
    "source",
    "aliases",
    "effective_date",
    "predecessors",
    "successors",
    "note",
]
SUCCESSION_ACTIONS = {
    SuccessionKind.MERGED_INTO: "orgs.unit.merged",
    SuccessionKind.SPLIT_INTO: "orgs.unit.split",
    SuccessionKind.RENAMED: "orgs.unit.renamed",
    SuccessionKind.DISSOLVED: "orgs.unit.dissolved",
}


class RegistryImportError(ValueError):
    """The file is not a registry this program can read; the message says why and where."""


def _check(actor, system: bool) -> None:
    if not system:
        require(actor, MANAGE)


def _nfc(value):
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _validate_unit(unit: Unit) -> None:
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        raise ValidationError({"valid_to": "Ngày kết thúc phải sau ngày bắt đầu hiệu lực."})
    seen, parent = {unit.pk}, unit.parent
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError({"parent": "Cơ quan cấp trên tạo thành vòng lặp."})
        seen.add(parent.pk)
        parent = parent.parent
    unit.full_clean(exclude=["parent"] if unit.parent_id is None else None, validate_unique=True)


def _unique_code(name: str) -> str:
    base = slugify(_nfc(name).replace("đ", "d").replace("Đ", "D"))[:100] or "don-vi"
    code, n = base, 2
    while Unit.objects.filter(code=code).exists():
        code, n = f"{base}-{n}", n + 1
    return code


def _set_aliases(unit: Unit, aliases) -> list[str]:
    """Replace the unit's aliases; `aliases` holds strings or {"text", "kind"} dicts."""
    wanted: dict[str, str] = {}
    for item in aliases or []:
        text, kind = (
            (item, AliasKind.ALIAS)
            if isinstance(item, str)
            else (item.get("text", ""), item.get("kind") or AliasKind.ALIAS)
        )
        text = " ".join(_nfc(text).split())
        if kind not in AliasKind.values:
            raise ValidationError({"aliases": f"Loại tên gọi không hợp lệ: {kind!r}."})
        if text:
            wanted[text] = kind
    unit.aliases.exclude(text__in=wanted).delete()
    for text, kind in wanted.items():
        UnitAlias.objects.update_or_create(unit=unit, text=text, defaults={"kind": kind})
    return sorted(wanted)


@transaction.atomic
def unit_create(
    *,
    actor,
    name: str,
    kind: str,
    code: str = "",
    short_name: str = "",
    parent: Unit | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    verified: bool = True,
    source_note: str = "",
    aliases=(),
    system: bool = False,
) -> Unit:
    _check(actor, system)
    unit = Unit(
        code=code or _unique_code(name),
        name=_nfc(name).strip(),
        short_name=_nfc(short_name).strip(),
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        verified=verified,
        source_note=_nfc(source_note),
    )
    _validate_unit(unit)
    unit.save()
    alias_texts = _set_aliases(unit, aliases)
    audit_record(
        actor=actor,
        action="orgs.unit.created",
        obj=unit,
        changes={
            "code": unit.code,
            "name": unit.name,
            "kind": unit.kind,
            "parent": parent,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "aliases": alias_texts,
        },
    )
    transaction.on_commit(invalidate_index)
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, aliases=None, system: bool = False, **values) -> Unit:
    """Change the given fields. A new name is recorded as `orgs.unit.renamed` and the old
    name is kept as a former-name alias, so plans written before the change still resolve."""
    _check(actor, system)
    unknown = set(values) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unit_update() got unknown fields: {', '.join(sorted(unknown))}")
    values = {
        k: _nfc(v.strip()) if isinstance(v, str) and k != "source_note" else _nfc(v)
        for k, v in values.items()
    }
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    changes = field_changes(unit, values)
    old_name = unit.name
    for name, value in values.items():
        setattr(unit, name, value)
    _validate_unit(unit)
    unit.save()
    if aliases is not None:
        before = sorted(unit.aliases.values_list("text", flat=True))
        after = _set_aliases(unit, aliases)
        if before != after:
            changes["aliases"] = [before, after]
    if "name" in changes:
        UnitAlias.objects.get_or_create(unit=unit, text=old_name, defaults={"kind": AliasKind.FORMER_NAME})
        audit_record(
            actor=actor, action="orgs.unit.renamed", obj=unit, changes={"name": [old_name, unit.name]}
        )
        changes.pop("name")
    if changes:
        audit_record(actor=actor, action="orgs.unit.updated", obj=unit, changes=changes)
    transaction.on_commit(invalidate_index)
    return unit


@transaction.atomic
def unit_close(*, actor, unit: Unit, valid_to: date, note: str = "", system: bool = False) -> Unit:
    """End a unit's validity on `valid_to` (the last day it existed)."""
    _check(actor, system)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    old = unit.valid_to
    unit.valid_to = valid_to
    if note:
        unit.source_note = f"{unit.source_note}\n{_nfc(note)}".strip()
    _validate_unit(unit)
    unit.save()
    audit_record(
        actor=actor, action="orgs.unit.closed", obj=unit, changes={"valid_to": [old, valid_to], "note": note}
    )
    transaction.on_commit(invalidate_index)
    return unit


@transaction.atomic
def succession_record(
    *,
    actor,
    kind: str,
    effective_date: date,
    predecessors,
    successors=(),
    note: str = "",
    verified: bool = True,
    source_note: str = "",
    code: str = "",
    close_predecessors: bool = True,
    system: bool = False,
) -> SuccessionEvent:
    """Record that `predecessors` were merged/split/renamed/dissolved on `effective_date`.

    Predecessors still open are closed the day before, and successors that start later
    are not touched: the event itself is what carries names forward in resolution."""
    _check(actor, system)
    predecessors, successors = list(predecessors), list(successors)
    if kind not in SuccessionKind.values:
        raise ValidationError({"kind": f"Loại sự kiện không hợp lệ: {kind!r}."})
    if not predecessors:
        raise ValidationError({"predecessors": "Cần ít nhất một cơ quan, đơn vị trước sự kiện."})
    if kind == SuccessionKind.DISSOLVED and successors:
        raise ValidationError({"successors": "Sự kiện giải thể không có đơn vị kế thừa."})
    if kind != SuccessionKind.DISSOLVED and not successors:
        raise ValidationError({"successors": "Cần ít nhất một cơ quan, đơn vị kế thừa."})
    if set(u.pk for u in predecessors) & set(u.pk for u in successors):
        raise ValidationError(
            {"successors": "Một đơn vị không thể vừa là đơn vị trước vừa là đơn vị kế thừa."}
        )
    event = SuccessionEvent(
        code=code or _unique_event_code(kind, effective_date, predecessors),
        kind=kind,
        effective_date=effective_date,
        note=_nfc(note),
        verified=verified,
        source_note=_nfc(source_note),
    )
    event.full_clean(exclude=["predecessors", "successors"])
    event.save()
    event.predecessors.set(predecessors)
    event.successors.set(successors)
    closed = []
    if close_predecessors:
        last_day = date.fromordinal(effective_date.toordinal() - 1)
        for unit in predecessors:
            if unit.valid_to is None or unit.valid_to > last_day:
                Unit.objects.filter(pk=unit.pk).update(valid_to=last_day, updated_at=timezone.now())
                closed.append(unit)
    audit_record(
        actor=actor,
        action=SUCCESSION_ACTIONS[kind],
        obj=event,
        changes={
            "effective_date": effective_date,
            "predecessors": predecessors,
            "successors": successors,
            "closed": closed,
            "note": note,
        },
    )
    transaction.on_commit(invalidate_index)
    return event


def _unique_event_code(kind: str, effective_date: date, predecessors) -> str:
    base = f"{effective_date:%Y-%m-%d}-{kind}-{predecessors[0].code}"[:110]
    code, n = base, 2
    while SuccessionEvent.objects.filter(code=code).exists():
        code, n = f"{base}-{n}", n + 1
    return code


# --- import / export --------------------------------------------------------------------------------


def registry_as_dict() -> dict[str, Any]:
    """The whole registry in the shipped JSON format (also the export format)."""
    units = []
    for unit in Unit.objects.select_related("parent").prefetch_related("aliases").order_by("id"):
        units.append(
            {
                "code": unit.code,
                "name": unit.name,
                "short_name": unit.short_name,
                "kind": unit.kind,
                "parent": unit.parent.code if unit.parent else None,
                "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
                "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
                "verified": unit.verified,
                "source": unit.source_note,
                "aliases": [{"text": a.text, "kind": a.kind} for a in unit.aliases.all()],
            }
        )
    events = []
    for event in SuccessionEvent.objects.prefetch_related("predecessors", "successors").order_by(
        "effective_date", "id"
    ):
        events.append(
            {
                "code": event.code,
                "kind": event.kind,
                "effective_date": event.effective_date.isoformat(),
                "predecessors": [u.code for u in event.predecessors.all()],
                "successors": [u.code for u in event.successors.all()],
                "note": event.note,
                "verified": event.verified,
                "source": event.source_note,
            }
        )
    return {"format": REGISTRY_FORMAT, "version": 1, "units": units, "events": events}


def registry_to_json() -> str:
    return json.dumps(registry_as_dict(), ensure_ascii=False, indent=1)


def registry_to_csv() -> str:
    """One row per unit ("record" = unit) and per event ("record" = event); lists joined with " | "."""
    data = registry_as_dict()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_UNIT_COLUMNS)
    writer.writeheader()
    for u in data["units"]:
        writer.writerow(
            {
                "record": "unit",
                **{
                    k: u[k]
                    for k in ("code", "name", "short_name", "kind", "valid_from", "valid_to", "source")
                },
                "parent": u["parent"] or "",
                "verified": "1" if u["verified"] else "0",
                "aliases": " | ".join(f"{a['kind']}:{a['text']}" for a in u["aliases"]),
            }
        )
    for e in data["events"]:
        writer.writerow(
            {
                "record": "event",
                "code": e["code"],
                "kind": e["kind"],
                "effective_date": e["effective_date"],
                "predecessors": " | ".join(e["predecessors"]),
                "successors": " | ".join(e["successors"]),
                "note": e["note"],
                "verified": "1" if e["verified"] else "0",
                "source": e["source"],
            }
        )
    return out.getvalue()


def parse_registry(content: bytes | str, *, filename: str = "") -> dict[str, Any]:
    """Read a JSON or CSV registry file into the dict form, or raise RegistryImportError."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RegistryImportError("Tệp không phải văn bản UTF-8.") from None
    text = content.lstrip()
    if filename.lower().endswith(".json") or text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RegistryImportError(
                f"JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}."
            ) from None
        if not isinstance(data, dict) or data.get("format") != REGISTRY_FORMAT:
            raise RegistryImportError(
                f'Tệp JSON không phải danh mục tổ chức (thiếu "format": "{REGISTRY_FORMAT}").'
            )
        if not isinstance(data.get("units"), list) or not isinstance(data.get("events", []), list):
            raise RegistryImportError('Tệp JSON thiếu danh sách "units" hoặc "events" không phải danh sách.')
        return data
    return _parse_csv(text)


def _parse_csv(text: str) -> dict[str, Any]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"record", "code", "name", "kind"} - set(reader.fieldnames or [])
    if missing:
        raise RegistryImportError(f"Tệp CSV thiếu cột: {', '.join(sorted(missing))}.")
    units, events = [], []
    for line, row in enumerate(reader, start=2):
        record = (row.get("record") or "").strip()
        split = (
            [p.strip() for p in (row.get("predecessors") or "").split("|") if p.strip()],
            [p.strip() for p in (row.get("successors") or "").split("|") if p.strip()],
        )
        if record == "unit":
            aliases = []
            for item in (row.get("aliases") or "").split("|"):
                item = item.strip()
                if item:
                    kind, _, alias = (
                        item.partition(":")
                        if item.split(":", 1)[0] in AliasKind.values
                        else ("alias", "", item)
                    )
                    aliases.append({"text": alias, "kind": kind})
            units.append(
                {
                    "code": row["code"],
                    "name": row["name"],
                    "short_name": row.get("short_name", ""),
                    "kind": row["kind"],
                    "parent": row.get("parent") or None,
                    "valid_from": row.get("valid_from") or None,
                    "valid_to": row.get("valid_to") or None,
                    "verified": (row.get("verified") or "1").strip() not in ("0", "false", ""),
                    "source": row.get("source", ""),
                    "aliases": aliases,
                    "_line": line,
                }
            )
        elif record == "event":
            events.append(
                {
                    "code": row["code"],
                    "kind": row["kind"],
                    "effective_date": row.get("effective_date"),
                    "predecessors": split[0],
                    "successors": split[1],
                    "note": row.get("note", ""),
                    "verified": (row.get("verified") or "1").strip() not in ("0", "false", ""),
                    "source": row.get("source", ""),
                    "_line": line,
                }
            )
        else:
            raise RegistryImportError(
                f'Dòng {line}: cột "record" phải là "unit" hoặc "event", không phải {record!r}.'
            )
    return {"format": REGISTRY_FORMAT, "version": 1, "units": units, "events": events}


def _date(value, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RegistryImportError(f"{where}: ngày không hợp lệ {value!r} (dùng dạng YYYY-MM-DD).") from None


@dataclass
class ImportReport:
    units_created: int = 0
    units_updated: int = 0
    units_unchanged: int = 0
    events_created: int = 0
    events_updated: int = 0
    events_unchanged: int = 0
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Đơn vị: {self.units_created} thêm mới, {self.units_updated} cập nhật, {self.units_unchanged} giữ nguyên; "
            f"sự kiện: {self.events_created} thêm mới, {self.events_updated} cập nhật, {self.events_unchanged} giữ nguyên."
        )


@transaction.atomic
def registry_import(
    *, actor, data: dict[str, Any], overwrite: bool = True, system: bool = False
) -> ImportReport:
    """Create or update units and events by their codes. Nothing is deleted; a second run
    of the same file changes nothing. Any bad record rolls the whole import back.

    `overwrite=False` only adds what is missing, so reloading the shipped facts never
    undoes an administrator's corrections."""
    _check(actor, system)
    report = ImportReport()
    rows = data.get("units") or []
    by_code: dict[str, Unit] = {u.code: u for u in Unit.objects.all()}
    pending_parents: list[tuple[Unit, str, str]] = []
    for n, row in enumerate(rows, start=1):
        where = f"Đơn vị {row.get('_line', n)} ({row.get('code') or '?'})"
        if not isinstance(row, dict) or not row.get("code") or not row.get("name"):
            raise RegistryImportError(f"{where}: thiếu mã hoặc tên.")
        if row.get("kind") not in UnitKind.values:
            raise RegistryImportError(f"{where}: loại không hợp lệ {row.get('kind')!r}.")
        values = {
            "name": _nfc(row["name"]).strip(),
            "short_name": _nfc(row.get("short_name") or "").strip(),
            "kind": row["kind"],
            "valid_from": _date(row.get("valid_from"), where),
            "valid_to": _date(row.get("valid_to"), where),
            "verified": bool(row.get("verified", True)),
            "source_note": _nfc(row.get("source") or ""),
        }
        unit = by_code.get(row["code"])
        if unit is None:
            unit = Unit(code=row["code"], **values)
            _save_imported(unit, where)
            report.units_created += 1
            audit_record(
                actor=actor, action="orgs.unit.imported", obj=unit, changes={"created": True, **values}
            )
            by_code[unit.code] = unit
            _set_aliases(unit, row.get("aliases"))
        elif not overwrite:
            report.units_unchanged += 1
            continue
        else:
            changes = field_changes(unit, values)
            for name, value in values.items():
                setattr(unit, name, value)
            if changes:
                _save_imported(unit, where)
            before = sorted(unit.aliases.values_list("text", flat=True))
            after = _set_aliases(unit, row.get("aliases"))
            if before != after:
                changes["aliases"] = [before, after]
            if changes:
                report.units_updated += 1
                audit_record(actor=actor, action="orgs.unit.imported", obj=unit, changes=changes)
            else:
                report.units_unchanged += 1
        pending_parents.append((unit, row.get("parent") or "", where))
    for unit, parent_code, where in pending_parents:
        if parent_code and parent_code not in by_code:
            raise RegistryImportError(f"{where}: không có cơ quan cấp trên mã {parent_code!r}.")
        parent = by_code[parent_code] if parent_code else None
        if unit.parent_id != (parent.pk if parent else None):
            unit.parent = parent
            try:
                _validate_unit(unit)
            except ValidationError as exc:
                raise RegistryImportError(f"{where}: {'; '.join(exc.messages)}") from None
            # A save, not a queryset update: receivers of other apps follow a unit that moves
            # in the tree (tracking's per-task summary of the top plans).
            unit.save(update_fields=["parent", "updated_at"])
    for n, row in enumerate(data.get("events") or [], start=1):
        where = f"Sự kiện {row.get('_line', n)} ({row.get('code') or '?'})"
        _import_event(actor, row, by_code, where, report, overwrite)
    transaction.on_commit(invalidate_index)
    return report


def _save_imported(unit: Unit, where: str) -> None:
    try:
        _validate_unit(unit)
    except ValidationError as exc:
        raise RegistryImportError(f"{where}: {'; '.join(exc.messages)}") from None
    unit.save()


def _import_event(
    actor, row: dict, by_code: dict[str, Unit], where: str, report: ImportReport, overwrite: bool
) -> None:
    if not isinstance(row, dict) or not row.get("code"):
        raise RegistryImportError(f"{where}: thiếu mã sự kiện.")
    if row.get("kind") not in SuccessionKind.values:
        raise RegistryImportError(f"{where}: loại sự kiện không hợp lệ {row.get('kind')!r}.")
    effective = _date(row.get("effective_date"), where)
    if effective is None:
        raise RegistryImportError(f"{where}: thiếu ngày có hiệu lực.")
    links = {}
    for side in ("predecessors", "successors"):
        codes = row.get(side) or []
        missing = [c for c in codes if c not in by_code]
        if missing:
            raise RegistryImportError(f"{where}: không có đơn vị mã {', '.join(missing)}.")
        links[side] = sorted(by_code[c].pk for c in codes)
    if not links["predecessors"]:
        raise RegistryImportError(f"{where}: cần ít nhất một đơn vị trước sự kiện.")
    values = {
        "kind": row["kind"],
        "effective_date": effective,
        "note": _nfc(row.get("note") or ""),
        "verified": bool(row.get("verified", True)),
        "source_note": _nfc(row.get("source") or ""),
    }
    event = SuccessionEvent.objects.filter(code=row["code"]).first()
    if event is None:
        event = SuccessionEvent.objects.create(code=row["code"], **values)
        event.predecessors.set(links["predecessors"])
        event.successors.set(links["successors"])
        report.events_created += 1
        audit_record(
            actor=actor, action="orgs.event.imported", obj=event, changes={"created": True, **values, **links}
        )
        return
    if not overwrite:
        report.events_unchanged += 1
        return
    changes = field_changes(event, values)
    for side in ("predecessors", "successors"):
        current = sorted(getattr(event, side).values_list("pk", flat=True))
        if current != links[side]:
            changes[side] = [current, links[side]]
            getattr(event, side).set(links[side])
    if changes:
        for name, value in values.items():
            setattr(event, name, value)
        event.save()
        report.events_updated += 1
        audit_record(actor=actor, action="orgs.event.imported", obj=event, changes=changes)
    else:
        report.events_unchanged += 1


def shipped_registry() -> dict[str, Any]:
    text = resources.files("cchc.orgs").joinpath("data", SHIPPED_REGISTRY).read_text(encoding="utf-8")
    return json.loads(text)


def load_shipped_registry(*, actor=None, overwrite: bool = False) -> ImportReport:
    """What `cchc orgs load` runs: the shipped Hưng Yên facts, idempotently. Existing
    records are left alone unless `overwrite` (``cchc orgs load --overwrite``)."""
    return registry_import(actor=actor, data=shipped_registry(), overwrite=overwrite, system=True)
