"""Plain rules of task tracking, without Django: due dates from a normalized schedule,
deliverable targets from a task's "products" text, and the stable key of a task.

Kept apart from the models so they can be tested (and reused by the demo generator and the
reports) on plain values.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from cchc.orgs.normalize import fold as without_marks

# Kinds as stored in DeliverableCount.kind (see models.DeliverableKind).
DELIVERABLE_KINDS = (
    "news",
    "reportage",
    "broadcast",
    "leaflet",
    "poster",
    "training",
    "conference",
    "contest",
    "other",
)
# Kinds for which the number of participants is asked as well.
WITH_PARTICIPANTS = ("training", "conference")

# Folded phrases (lower case, no diacritics, đ → d) naming each kind; longest first wins.
_KIND_PHRASES: list[tuple[str, str]] = sorted(
    [
        ("tin bai", "news"),
        ("tin, bai", "news"),
        ("bai viet", "news"),
        ("ban tin", "news"),
        ("tin", "news"),
        ("bai", "news"),
        ("phong su", "reportage"),
        ("chuyen muc", "broadcast"),
        ("chuong trinh phat thanh", "broadcast"),
        ("chuong trinh truyen hinh", "broadcast"),
        ("san pham phat thanh", "broadcast"),
        ("san pham truyen hinh", "broadcast"),
        ("to roi", "leaflet"),
        ("to gap", "leaflet"),
        ("pano", "poster"),
        ("panô", "poster"),
        ("ap phich", "poster"),
        ("a phich", "poster"),
        ("lop tap huan", "training"),
        ("lop boi duong", "training"),
        ("lop", "training"),
        ("buoi tap huan", "training"),
        ("hoi nghi", "conference"),
        ("hoi thao", "conference"),
        ("cuoc thi", "contest"),
        ("hoi thi", "contest"),
    ],
    key=lambda item: -len(item[0]),
)
_NUMBER = r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d{1,7})"
_KIND_ALTERNATION = "|".join(re.escape(p) for p, _ in _KIND_PHRASES)
_TARGET_RE = re.compile(_NUMBER + r"\s*(?:cac\s+)?(" + _KIND_ALTERNATION + r")(?![a-z])")
# "thông tin" (information) is not "tin" (a news item).
_MENTION_RE = re.compile(r"(?<![a-z])(?<!thong )(" + _KIND_ALTERNATION + r")(?![a-z])")
_PHRASE_KIND = dict(_KIND_PHRASES)


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), spaces squeezed: the key for matching product words."""
    return " ".join(without_marks(text or "").lower().split())


def parse_targets(products: str | None) -> dict[str, int]:
    """Counted deliverables a task's products cell sets: "02 phóng sự, 10 tin, bài" →
    {"reportage": 2, "news": 10}. Text without numbers sets no target; two counts of one kind add up."""
    targets: dict[str, int] = {}
    for number, phrase in _TARGET_RE.findall(fold(products or "")):
        count = int(number.replace(".", ""))
        if count <= 0:
            continue
        kind = _PHRASE_KIND[phrase]
        targets[kind] = targets.get(kind, 0) + count
    return targets


def in_kind_order(kinds) -> list[str]:
    """Kinds in DELIVERABLE_KINDS order, unknown ones last by name. Dicts read back from a JSON
    column keep no key order on PostgreSQL (jsonb sorts keys), so pages order kinds with this."""
    rank = {k: i for i, k in enumerate(DELIVERABLE_KINDS)}
    return sorted(set(kinds), key=lambda k: (rank.get(k, len(rank)), k))


def expected_kinds(products: str | None) -> list[str]:
    """Deliverable kinds the products cell names, counted or not, in DELIVERABLE_KINDS order."""
    named = {_PHRASE_KIND[p] for p in _MENTION_RE.findall(fold(products or ""))}
    return [k for k in DELIVERABLE_KINDS if k in named]


def task_key(stt: str | None, task: str | None) -> str:
    """The same task in two versions of a plan (an amendment) has the same key."""
    text = f"{fold(stt or '')}|{fold(task or '')}"
    return hashlib.sha256(text.encode()).hexdigest()[:40]


@dataclass
class Due:
    dates: list[date] = field(default_factory=list)
    recurring: bool = False
    kind: str = ""

    @property
    def last(self) -> date | None:
        return max(self.dates) if self.dates else None


def _iso(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def due_from_schedule(schedule: dict | None) -> Due:
    """Due dates of a task from its normalized schedule (cchc.ingest.normalize.timeframes):

    * "periods": each period's deadline or end (quarters → quarter end, "Năm 2024" → 31/12/2024);
    * "continuous" ("Thường xuyên") and "recurring" ("Định kỳ", "Hằng quý"): no single due date,
      reported every period;
    * "on_demand", "unknown", or a year that is not known: no due date.
    """
    if not isinstance(schedule, dict):
        return Due()
    kind = str(schedule.get("kind") or "")
    if kind in ("continuous", "recurring"):
        return Due(recurring=True, kind=kind)
    if kind != "periods":
        return Due(kind=kind)
    dates: list[date] = []
    for period in schedule.get("periods") or []:
        if not isinstance(period, dict):
            continue
        day = _iso(period.get("deadline")) or _iso(period.get("end"))
        if day and day not in dates:
            dates.append(day)
    return Due(dates=sorted(dates), kind=kind)
