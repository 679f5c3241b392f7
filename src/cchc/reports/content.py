"""What a report says, computed on plain values (no Django): the totals of a unit's task
table, the prefilled narrative, and the province's aggregate of many units' reports.

A task row (one per assignment, as stored in ``ReportVersion.tasks``) is a dict::

    {"assignment_id", "plan_id", "plan", "stt", "task", "role" ("lead"|"coordinator"),
     "role_label", "timeframe", "due_date" (ISO or None), "status", "status_label",
     "percent", "entry_period", "deliverables" {kind: n}, "participants" {kind: n},
     "targets" {kind: n}, "note", "reason", "evidence" [{"title", "url"}]}

Totals and aggregates are dicts too, so the exporters (cchc.exports) and the JSON API take
them as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

# Labels of tracking's deliverable kinds (cchc.tracking.models.DeliverableKind), in its order.
KIND_LABELS = {
    "news": "Tin, bài",
    "reportage": "Phóng sự",
    "broadcast": "Chuyên mục phát thanh, truyền hình",
    "leaflet": "Tờ rơi, tờ gấp",
    "poster": "Pano, áp phích",
    "training": "Lớp tập huấn",
    "conference": "Hội nghị",
    "contest": "Cuộc thi",
    "other": "Khác",
}
STATUS_LABELS = {
    "not_started": "Chưa triển khai",
    "in_progress": "Đang thực hiện",
    "done": "Hoàn thành",
    "late": "Chậm tiến độ",
    "failed": "Không thực hiện được",
}
ROLE_LABELS = {"lead": "Chủ trì", "coordinator": "Phối hợp"}
UNFINISHED = ("not_started", "in_progress", "late", "failed")
TROUBLED = ("late", "failed")

# Where a unit stands for the period in the aggregate.
STANDING_LABELS = {
    "on_time": "Đã gửi đúng hạn",
    "late": "Gửi muộn",
    "returned": "Bị trả lại, chờ sửa",
    "draft": "Đang soạn, chưa gửi",
    "missing": "Chưa báo cáo",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def kinds_in_order(*counts: dict) -> list[str]:
    present = set().union(*(c.keys() for c in counts)) if counts else set()
    known = [k for k in KIND_LABELS if k in present]
    return known + sorted(present - set(KIND_LABELS))


def rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to count."""
    return round(100.0 * part / whole, 1) if whole else None


def format_rate(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def counts_text(counts: dict, targets: dict | None = None) -> str:
    """'10 tin, bài (chỉ tiêu 20); 2 phóng sự' in kind order; '' when there is nothing."""
    targets = targets or {}
    parts = []
    for kind in kinds_in_order(counts, targets):
        done, target = counts.get(kind, 0), targets.get(kind)
        text = f"{done} {kind_label(kind).lower()}"
        if target:
            text += f" (chỉ tiêu {target})"
        parts.append(text)
    return "; ".join(parts)


def _add(total: Counter, counts: dict) -> None:
    for kind, value in (counts or {}).items():
        try:
            total[kind] += int(value or 0)
        except (TypeError, ValueError):
            continue


def task_totals(rows: Iterable[dict]) -> dict:
    rows = list(rows)
    statuses = Counter(row.get("status") or "not_started" for row in rows)
    deliverables, targets, participants = Counter(), Counter(), Counter()
    evidence = 0
    for row in rows:
        _add(deliverables, row.get("deliverables"))
        _add(targets, row.get("targets"))
        _add(participants, row.get("participants"))
        evidence += len(row.get("evidence") or [])
    total = len(rows)
    percents = [int(row.get("percent") or 0) for row in rows]
    return {
        "tasks": total,
        "lead": sum(1 for row in rows if row.get("role") == "lead"),
        "coordinator": sum(1 for row in rows if row.get("role") == "coordinator"),
        "by_status": {status: statuses.get(status, 0) for status in STATUS_LABELS},
        "done": statuses.get("done", 0),
        "completion_rate": rate(statuses.get("done", 0), total),
        "average_percent": round(sum(percents) / total, 1) if total else None,
        "deliverables": {k: deliverables[k] for k in kinds_in_order(deliverables) if deliverables[k]},
        "targets": {k: targets[k] for k in kinds_in_order(targets) if targets[k]},
        "participants": {k: participants[k] for k in kinds_in_order(participants) if participants[k]},
        "evidence": evidence,
    }


def _task_name(row: dict) -> str:
    text = " ".join((row.get("task") or "").split())
    if len(text) > 160:
        text = text[:157].rstrip() + "…"
    return text


def prefill_narrative(rows: list[dict], totals: dict, *, unit_name: str, period_label: str) -> dict[str, str]:
    """First drafts of the narrative sections from the task table; the officer edits them."""
    by_status = totals.get("by_status", {})
    lines = []
    if totals.get("tasks"):
        lines.append(
            f"{period_label[:1].upper() + period_label[1:]}, {unit_name} được giao {totals['tasks']} nhiệm vụ "
            f"tuyên truyền cải cách hành chính ({totals['lead']} nhiệm vụ chủ trì, "
            f"{totals['coordinator']} nhiệm vụ phối hợp); đã hoàn thành {totals['done']} nhiệm vụ "
            f"(đạt {format_rate(totals.get('completion_rate'))}), đang thực hiện "
            f"{by_status.get('in_progress', 0)}, chậm tiến độ {by_status.get('late', 0)}, "
            f"chưa triển khai {by_status.get('not_started', 0)}, không thực hiện được "
            f"{by_status.get('failed', 0)}."
        )
    else:
        lines.append(
            f"{period_label[:1].upper() + period_label[1:]}, {unit_name} chưa được giao nhiệm vụ nào."
        )
    products = counts_text(totals.get("deliverables", {}), totals.get("targets", {}))
    if products:
        lines.append(f"Sản phẩm tuyên truyền đã thực hiện: {products}.")
    for row in rows:
        note = " ".join((row.get("note") or "").split())
        if note:
            lines.append(f"- {_task_name(row)}: {note}")
    achievements = "\n".join(lines)

    troubled = [row for row in rows if row.get("status") in TROUBLED or row.get("status") == "not_started"]
    shortcomings = "\n".join(
        f"- {_task_name(row)}: {STATUS_LABELS.get(row.get('status'), '')} ({int(row.get('percent') or 0)}%)."
        for row in troubled
    )
    causes = "\n".join(
        f"- {_task_name(row)}: {' '.join(row['reason'].split())}"
        for row in rows
        if (row.get("reason") or "").strip()
    )
    unfinished = [row for row in rows if row.get("status") in UNFINISHED]
    if unfinished:
        directions = "Tiếp tục triển khai, hoàn thành các nhiệm vụ còn lại:\n" + "\n".join(
            f"- {_task_name(row)}." for row in unfinished
        )
    else:
        directions = "Duy trì, nâng cao chất lượng công tác tuyên truyền cải cách hành chính trong kỳ tới."
    return {
        "achievements": achievements,
        "shortcomings": shortcomings,
        "causes": causes,
        "directions": directions,
        "recommendations": "",
    }


# --- the province's aggregate -----------------------------------------------------------------


def standing(
    *, submitted_on: date | None, deadline: date, has_submission: bool, returned: bool, has_draft: bool
) -> str:
    if has_submission:
        return "late" if submitted_on and submitted_on > deadline else "on_time"
    if returned:
        return "returned"
    if has_draft:
        return "draft"
    return "missing"


def build_aggregate(
    *,
    period: dict,
    scope: str,
    units: list[dict],
    today: date,
    deadline: date,
) -> dict:
    """Combine the units' latest submitted reports.

    ``units`` holds one dict per unit expected to report (or that reported):
    ``{"id", "name", "parent", "submitted_on" (date|None), "version" (int|None), "returned",
    "has_draft", "totals" (dict|None), "achievements" (str)}``. Only units with a submission
    count towards the rates and totals.
    """
    rows = []
    deliverables, targets, participants = Counter(), Counter(), Counter()
    tasks = done = 0
    for unit in units:
        unit_standing = standing(
            submitted_on=unit.get("submitted_on"),
            deadline=deadline,
            has_submission=unit.get("totals") is not None,
            returned=bool(unit.get("returned")),
            has_draft=bool(unit.get("has_draft")),
        )
        totals = unit.get("totals") or {}
        row = {
            "id": unit["id"],
            "name": unit["name"],
            "parent": unit.get("parent") or "",
            "standing": unit_standing,
            "standing_label": STANDING_LABELS[unit_standing],
            "submitted_on": unit.get("submitted_on").isoformat() if unit.get("submitted_on") else None,
            "version": unit.get("version"),
            "report_id": unit.get("report_id"),
            "tasks": totals.get("tasks", 0),
            "done": totals.get("done", 0),
            "completion_rate": totals.get("completion_rate"),
            "average_percent": totals.get("average_percent"),
            "deliverables": dict(totals.get("deliverables") or {}),
            "targets": dict(totals.get("targets") or {}),
            "achievements": unit.get("achievements") or "",
        }
        rows.append(row)
        if unit.get("totals") is not None:
            tasks += row["tasks"]
            done += row["done"]
            _add(deliverables, totals.get("deliverables"))
            _add(targets, totals.get("targets"))
            _add(participants, totals.get("participants"))
    rows.sort(key=lambda r: r["name"])
    reported = [r for r in rows if r["standing"] in ("on_time", "late")]
    overdue = today > deadline
    highlights = []
    complete = [r for r in reported if r["tasks"] and r["done"] == r["tasks"]]
    if complete:
        highlights.append(
            f"{len(complete)} đơn vị hoàn thành 100% nhiệm vụ: "
            + ", ".join(r["name"] for r in complete[:10])
            + ("…" if len(complete) > 10 else "")
            + "."
        )
    ranked = sorted(
        (r for r in reported if r["completion_rate"] is not None),
        key=lambda r: (-r["completion_rate"], -sum(r["deliverables"].values()), r["name"]),
    )
    if ranked and not complete:
        best = ranked[0]
        highlights.append(
            f"Tỷ lệ hoàn thành cao nhất: {best['name']} ({format_rate(best['completion_rate'])})."
        )
    for kind in kinds_in_order(deliverables):
        top = max(reported, key=lambda r: (r["deliverables"].get(kind, 0), r["name"]), default=None)
        if top and top["deliverables"].get(kind):
            highlights.append(
                f"Nhiều {kind_label(kind).lower()} nhất: {top['name']} ({top['deliverables'][kind]})."
            )
    low = [r for r in reported if r["completion_rate"] is not None and r["completion_rate"] < 50]
    if low:
        highlights.append(
            "Đơn vị có tỷ lệ hoàn thành dưới 50%: " + ", ".join(r["name"] for r in low[:10]) + "."
        )
    return {
        "period": period,
        "scope": scope,
        "deadline": deadline.isoformat(),
        "as_of": today.isoformat(),
        "overdue": overdue,
        "units": rows,
        "expected": len(rows),
        "reported": len(reported),
        "on_time": [r["name"] for r in rows if r["standing"] == "on_time"],
        "late": [r["name"] for r in rows if r["standing"] == "late"],
        "not_reported": [r["name"] for r in rows if r["standing"] not in ("on_time", "late")],
        "report_rate": rate(len(reported), len(rows)),
        "tasks": tasks,
        "done": done,
        "completion_rate": rate(done, tasks),
        "deliverables": {k: deliverables[k] for k in kinds_in_order(deliverables) if deliverables[k]},
        "targets": {k: targets[k] for k in kinds_in_order(targets) if targets[k]},
        "participants": {k: participants[k] for k in kinds_in_order(participants) if participants[k]},
        "highlights": highlights,
    }


def aggregate_narrative(aggregate: dict) -> dict[str, str]:
    """The province's report text from its aggregate: results, shortcomings, directions."""
    label = aggregate["period"]["label_vi"]
    lines = [
        f"Tổng hợp {label}: {aggregate['reported']}/{aggregate['expected']} cơ quan, đơn vị đã gửi báo cáo "
        f"({len(aggregate['on_time'])} đúng hạn, {len(aggregate['late'])} gửi muộn).",
        f"Các cơ quan, đơn vị đã báo cáo thực hiện {aggregate['tasks']} nhiệm vụ, hoàn thành "
        f"{aggregate['done']} nhiệm vụ (đạt {format_rate(aggregate['completion_rate'])}).",
    ]
    products = counts_text(aggregate["deliverables"], aggregate["targets"])
    if products:
        lines.append(f"Sản phẩm tuyên truyền: {products}.")
    lines.extend(f"- {h}" for h in aggregate["highlights"])
    shortcomings = []
    if aggregate["not_reported"]:
        shortcomings.append(
            f"Còn {len(aggregate['not_reported'])} cơ quan, đơn vị chưa gửi báo cáo: "
            + ", ".join(aggregate["not_reported"])
            + "."
        )
    if aggregate["late"]:
        shortcomings.append("Cơ quan, đơn vị gửi báo cáo muộn: " + ", ".join(aggregate["late"]) + ".")
    unfinished = aggregate["tasks"] - aggregate["done"]
    if unfinished > 0:
        shortcomings.append(f"Còn {unfinished} nhiệm vụ chưa hoàn thành trong kỳ.")
    directions = (
        "Đề nghị các cơ quan, đơn vị chưa báo cáo khẩn trương gửi báo cáo; tiếp tục triển khai, "
        "hoàn thành các nhiệm vụ còn lại của kế hoạch tuyên truyền cải cách hành chính."
    )
    return {
        "achievements": "\n".join(lines),
        "shortcomings": "\n".join(shortcomings),
        "causes": "",
        "directions": directions,
        "recommendations": "",
    }
