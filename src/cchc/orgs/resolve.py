"""Resolve an agency string from a plan to registry units as of a date.

Steps, first success wins (each step is a function below):
  indefinite phrase ("Các cơ quan, đơn vị có liên quan") → kept as text, flagged;
  divisions relative to the issuer ("Văn phòng Sở", "các phòng, đơn vị");
  group phrases ("Các sở, ban, ngành tỉnh", "UBND cấp huyện, cấp xã") → units valid on the date;
  exact name, alias or expanded abbreviation;
  a conjunction of resolvable parts ("Các sở, ban, ngành tỉnh và UBND cấp huyện");
  text damaged by "…" or OCR → fuzzy, with a confidence below 1.
A unit that no longer exists on the date is carried forward along succession events.

The index is built from the database once per process and rebuilt when the registry's
signature (counts and last change) moves, so CLI runs and web requests see edits.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz, process

from cchc.orgs import normalize as nz
from cchc.orgs.succession import successors_on

METHODS = ("exact", "alias", "abbreviation-expansion", "group", "relative-division", "successor", "fuzzy")
FUZZY_THRESHOLD = 85  # rapidfuzz ratio (0..100) below which a guess is not offered
HOME_PROVINCE_CODE = "hy-ubnd-tinh"


@dataclass(frozen=True)
class IndexedUnit:
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None
    verified: bool

    def valid_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


@dataclass(frozen=True)
class IndexedEvent:
    id: int
    kind: str
    effective_date: date
    predecessor_ids: tuple[int, ...]
    successor_ids: tuple[int, ...]


@dataclass
class UnitMatch:
    unit_id: int
    code: str
    name: str
    kind: str
    kind_label: str
    valid_from: date | None
    valid_to: date | None
    verified: bool
    confidence: float
    method: str
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["valid_from"] = self.valid_from.isoformat() if self.valid_from else None
        data["valid_to"] = self.valid_to.isoformat() if self.valid_to else None
        data["confidence"] = round(self.confidence, 3)
        return data


@dataclass
class Resolution:
    query: str
    on: date
    units: list[UnitMatch] = field(default_factory=list)
    is_group: bool = False
    indefinite: bool = False
    flagged: bool = False
    note: str = ""

    @property
    def matched(self) -> bool:
        return bool(self.units) or (self.is_group and not self.indefinite)

    @property
    def confidence(self) -> float:
        return min((u.confidence for u in self.units), default=0.0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "on": self.on.isoformat(),
            "is_group": self.is_group,
            "indefinite": self.indefinite,
            "flagged": self.flagged,
            "note": self.note,
            "units": [u.as_dict() for u in self.units],
        }


# --- the index ----------------------------------------------------------------------------------


class RegistryIndex:
    def __init__(
        self, units: list[IndexedUnit], aliases: list[tuple[int, str, str]], events: list[IndexedEvent]
    ):
        self.units = {u.id: u for u in units}
        self.by_code = {u.code: u for u in units}
        self.children: dict[int, list[int]] = defaultdict(list)
        for u in units:
            if u.parent_id is not None:
                self.children[u.parent_id].append(u.id)
        # key -> {unit id: how the key was obtained ("name" beats "alias")}
        self.keys: dict[str, dict[int, str]] = defaultdict(dict)
        self.short_keys: dict[str, set[int]] = defaultdict(set)
        for u in units:
            self._add(u.name, u.id, "name")
            if u.short_name:
                self._add(u.short_name, u.id, "alias")
                self.short_keys[nz.key(u.short_name)].add(u.id)
        for unit_id, text, _kind in aliases:
            if unit_id in self.units:
                self._add(text, unit_id, "alias")
        self.folded: dict[str, set[int]] = defaultdict(set)
        for text_key, owners in self.keys.items():
            self.folded[nz.fold(text_key)].update(owners)
        self.folded_choices = list(self.folded)
        self.events_out: dict[int, list[IndexedEvent]] = defaultdict(list)
        self.events = events
        for event in events:
            for pid in event.predecessor_ids:
                self.events_out[pid].append(event)
        for out in self.events_out.values():
            out.sort(key=lambda e: e.effective_date)

    def _add(self, text: str, unit_id: int, how: str) -> None:
        for variant in nz.variants(nz.key(text)):
            current = self.keys[variant].get(unit_id)
            if current != "name":
                self.keys[variant][unit_id] = how

    # tree helpers
    def ancestors(self, unit_id: int) -> list[int]:
        chain, seen = [], set()
        parent = self.units[unit_id].parent_id
        while parent is not None and parent not in seen and parent in self.units:
            chain.append(parent)
            seen.add(parent)
            parent = self.units[parent].parent_id
        return chain

    def root(self, unit_id: int) -> int:
        chain = self.ancestors(unit_id)
        return chain[-1] if chain else unit_id

    def descendants(self, unit_id: int) -> list[int]:
        found, stack = [], list(self.children.get(unit_id, []))
        while stack:
            child = stack.pop()
            if child in found:
                continue
            found.append(child)
            stack.extend(self.children.get(child, []))
        return found


_cache_lock = threading.Lock()
_cache: dict[str, Any] = {"signature": None, "index": None}


def _signature() -> tuple:
    from django.db.models import Count, Max

    from cchc.orgs.models import SuccessionEvent, Unit, UnitAlias

    return (
        tuple(Unit.objects.aggregate(n=Count("id"), m=Max("updated_at"), i=Max("id")).values()),
        tuple(UnitAlias.objects.aggregate(n=Count("id"), i=Max("id")).values()),
        tuple(SuccessionEvent.objects.aggregate(n=Count("id"), i=Max("id")).values()),
    )


def build_index() -> RegistryIndex:
    from cchc.orgs.models import SuccessionEvent, Unit, UnitAlias, UnitKind

    labels = dict(UnitKind.choices)
    units = [
        IndexedUnit(
            id=u.id,
            code=u.code,
            name=u.name,
            short_name=u.short_name,
            kind=u.kind,
            kind_label=str(labels.get(u.kind, u.kind)),
            parent_id=u.parent_id,
            valid_from=u.valid_from,
            valid_to=u.valid_to,
            verified=u.verified,
        )
        for u in Unit.objects.all()
    ]
    aliases = list(UnitAlias.objects.values_list("unit_id", "text", "kind"))
    links_in: dict[int, list[int]] = defaultdict(list)
    links_out: dict[int, list[int]] = defaultdict(list)
    for event_id, unit_id in SuccessionEvent.predecessors.through.objects.values_list(
        "successionevent_id", "unit_id"
    ):
        links_in[event_id].append(unit_id)
    for event_id, unit_id in SuccessionEvent.successors.through.objects.values_list(
        "successionevent_id", "unit_id"
    ):
        links_out[event_id].append(unit_id)
    events = [
        IndexedEvent(e.id, e.kind, e.effective_date, tuple(links_in[e.id]), tuple(links_out[e.id]))
        for e in SuccessionEvent.objects.all()
    ]
    return RegistryIndex(units, aliases, events)


def get_index() -> RegistryIndex:
    signature = _signature()
    with _cache_lock:
        if _cache["index"] is None or _cache["signature"] != signature:
            _cache["index"] = build_index()
            _cache["signature"] = signature
        return _cache["index"]


def invalidate_index() -> None:
    with _cache_lock:
        _cache["index"] = None
        _cache["signature"] = None


# --- phrases --------------------------------------------------------------------------------------

_INDEFINITE_RE = re.compile(
    r"(liên quan|cá nhân|^(các )?cơ quan( đơn vị)?( được| …|$)|^(các )?cơ …|^các đơn vị$|được)"
)
_PERSON_PREFIX_RE = re.compile(
    r"^(trưởng|phó|lãnh đạo|thủ trưởng|giám đốc|người đứng đầu|cán bộ công chức viên chức|cán bộ công chức|"
    r"công chức viên chức|cán bộ)\s+"
)
# "các phòng, đơn vị", "các phòng chuyên môn, đơn vị trực thuộc", "Các đơn vị trực thuộc",
# "các phòng, ban, trung tâm thuộc và trực thuộc Sở": the issuer's own divisions.
_RELATIVE_WORDS = {
    "các",
    "phòng",
    "ban",
    "trung",
    "tâm",
    "đơn",
    "vị",
    "chuyên",
    "môn",
    "thuộc",
    "trực",
    "sở",
    "bộ",
    "phận",
}


def _is_relative_group(text_key: str) -> bool:
    words = text_key.split()
    if not words or not set(words) <= _RELATIVE_WORDS:
        return False
    return "phòng" in words or "thuộc" in words


# group key (leading "các " removed) -> selector name
GROUP_PHRASES: dict[str, str] = {}
for _selector, _phrases in {
    "departments": [
        "sở ban ngành tỉnh",
        "sở ban ngành",
        "sở ngành tỉnh",
        "sở ngành",
        "cơ quan chuyên môn thuộc ủy ban nhân dân tỉnh",
    ],
    "departments_and_mass": ["sở ban ngành đoàn thể tỉnh", "sở ban ngành đoàn thể"],
    "districts": [
        "ủy ban nhân dân cấp huyện",
        "ủy ban nhân dân các huyện thị xã thành phố",
        "ủy ban nhân dân huyện thị xã thành phố",
        "huyện thị xã thành phố",
    ],
    "communes": [
        "ủy ban nhân dân cấp xã",
        "ủy ban nhân dân các xã phường thị trấn",
        "ủy ban nhân dân xã phường thị trấn",
    ],
    "districts_and_communes": ["ủy ban nhân dân cấp huyện cấp xã", "ủy ban nhân dân cấp huyện xã"],
    "public_service_units": [
        "đơn vị sự nghiệp công lập trực thuộc ủy ban nhân dân tỉnh",
        "đơn vị sự nghiệp công lập thuộc ủy ban nhân dân tỉnh",
        "đơn vị sự nghiệp công lập trực thuộc ủy ban nhân dân",
        "đơn vị sự nghiệp công lập",
    ],
    "socio_political": [
        "tổ chức chính trị xã hội tỉnh",
        "tổ chức chính trị xã hội",
        "đoàn thể tỉnh",
        "đoàn thể",
    ],
    "socio_political_local": [
        "tổ chức chính trị xã hội thị trấn",
        "tổ chức chính trị xã hội xã",
        "tổ chức chính trị xã hội phường",
    ],
    "district_radio": [
        "đài truyền thanh các huyện thị xã thành phố",
        "đài truyền thanh cấp huyện",
        "đài truyền thanh huyện thị xã thành phố",
    ],
}.items():
    for _phrase in _phrases:
        GROUP_PHRASES[nz.key(_phrase)] = _selector

GROUP_NOTES = {
    "district_radio": "Đài truyền thanh cấp huyện chưa có trong danh mục; trả về UBND cấp huyện quản lý các đài.",
}
_LOCAL_LEVELS = ("thị trấn", "xã", "phường", "huyện", "thị xã", "thành phố")


# --- resolution -----------------------------------------------------------------------------------


_JOINERS = {";": "; ", " và ": " và ", ",": ", "}


class _Resolver:
    def __init__(self, index: RegistryIndex, on: date, issuer_id: int | None):
        self.index = index
        self.on = on
        self.issuer_id = issuer_id
        home = index.by_code.get(HOME_PROVINCE_CODE)
        if issuer_id is not None:
            root = index.units[index.root(issuer_id)]
            self.province_id = root.id if root.kind == "province_committee" else (home.id if home else None)
        else:
            self.province_id = home.id if home else None

    # helpers
    def match(self, unit_id: int, confidence: float, method: str, note: str = "") -> UnitMatch:
        u = self.index.units[unit_id]
        return UnitMatch(
            u.id,
            u.code,
            u.name,
            u.kind,
            u.kind_label,
            u.valid_from,
            u.valid_to,
            u.verified,
            confidence,
            method,
            note,
        )

    def valid(self, ids) -> list[int]:
        return [i for i in ids if self.index.units[i].valid_on(self.on)]

    def rank(self, ids: set[int]) -> list[int]:
        """Best candidates first: valid on the date, in the issuer's subtree, in the home province."""
        subtree = set(self.index.descendants(self.issuer_id)) | {self.issuer_id} if self.issuer_id else set()

        def score(i: int) -> tuple:
            u = self.index.units[i]
            return (
                u.valid_on(self.on),
                i in subtree,
                self.province_id is not None and self.index.root(i) == self.province_id,
                u.valid_to is None or u.valid_to >= self.on,
            )

        ordered = sorted(ids, key=lambda i: (score(i), -i), reverse=True)
        best = score(ordered[0])
        return [i for i in ordered if score(i) == best]

    def carry_forward(self, m: UnitMatch) -> list[UnitMatch]:
        """Follow merged/renamed/split events from a unit that ended before the date (see
        cchc.orgs.succession); each successor notes the unit it took over from."""
        found: list[UnitMatch] = []
        walk = successors_on(m.unit_id, self.on, index=self.index, stop_at_dissolution=True)
        for arrival in walk.arrivals:
            if arrival.via is None:
                carried = m
            else:
                before, event = self.index.units[arrival.via.unit_id], arrival.via.event
                note = f"Kế thừa {before.name} từ {event.effective_date:%d/%m/%Y}."
                carried = self.match(arrival.unit_id, m.confidence, "successor", note)
            if arrival.end == "dissolved":
                carried.note = (
                    f"Đã kết thúc hoạt động từ {arrival.dissolved_by.effective_date:%d/%m/%Y}, "
                    "không có đơn vị kế thừa."
                )
            elif arrival.end == "no-successor":
                valid_to = self.index.units[arrival.unit_id].valid_to
                carried.note = f"Hết hiệu lực từ sau ngày {valid_to:%d/%m/%Y}; chưa ghi nhận đơn vị kế thừa."
            elif arrival.end == "cycle":
                carried.note = (
                    f"Chuỗi sự kiện kế thừa quay lại {self.index.units[arrival.unit_id].name}; "
                    "cần kiểm tra danh mục."
                )
            found.append(carried)
        return found

    def finish(self, res: Resolution) -> Resolution:
        carried: list[UnitMatch] = []
        seen: set[int] = set()
        for m in res.units:
            for c in self.carry_forward(m) if m.method != "group" else [m]:
                if c.unit_id not in seen:
                    seen.add(c.unit_id)
                    carried.append(c)
        res.units = carried
        if any(not self.index.units[m.unit_id].valid_on(self.on) for m in res.units):
            res.flagged = True
            res.note = res.note or "; ".join(m.note for m in res.units if m.note)
        return res

    # steps
    def resolve(self, text: str, *, allow_split: bool = True) -> Resolution:
        res = Resolution(query=text, on=self.on)
        text_key, expanded = nz.key_with_flag(text)
        stripped = _PERSON_PREFIX_RE.sub("", text_key)
        for step in (self.indefinite, self.relative_group, self.group, self.exact, self.relative_name):
            if step(stripped, expanded, res):
                return self.finish(res)
        if self.qualified(text, res):
            return res
        if allow_split and self.conjunction(text, res):
            return res
        if self.ellipsis(stripped, res) or self.fuzzy(stripped, res):
            return self.finish(res)
        res.flagged = True
        res.note = "Không xác định được cơ quan, đơn vị trong danh mục."
        return res

    def indefinite(self, text_key: str, _expanded: bool, res: Resolution) -> bool:
        if GROUP_PHRASES.get(text_key.removeprefix("các ")) or not _INDEFINITE_RE.search(text_key):
            return False
        res.indefinite = res.flagged = True
        res.note = "Cụm từ không chỉ đích danh cơ quan, đơn vị nào; giữ nguyên văn bản."
        return True

    def relative_group(self, text_key: str, _expanded: bool, res: Resolution) -> bool:
        if not _is_relative_group(text_key):
            return False
        res.is_group = True
        if self.issuer_id is None:
            res.indefinite = res.flagged = True
            res.note = "Cụm từ chỉ các đơn vị thuộc cơ quan ban hành; cần biết cơ quan ban hành (--issuer)."
            return True
        res.units = [
            self.match(i, 1.0, "relative-division")
            for i in self.valid(self.index.children.get(self.issuer_id, []))
        ]
        if not res.units:
            res.flagged = True
            res.note = "Cơ quan ban hành chưa có đơn vị trực thuộc trong danh mục vào ngày này."
        return True

    def group_members(self, selector: str) -> list[int]:
        idx, province = self.index, self.province_id
        units = [u for u in idx.units.values() if u.valid_on(self.on)]

        def under_province(u: IndexedUnit) -> bool:
            return province is not None and idx.root(u.id) == province and u.id != province

        province_place = ""
        if province is not None:
            province_place = (
                nz.key(idx.units[province].name).removeprefix("ủy ban nhân dân ").removeprefix("tỉnh ")
            )

        def province_mass(u: IndexedUnit, *, with_front: bool) -> bool:
            name_key = nz.key(u.name)
            local = any(f" {level} " in f" {name_key} " for level in _LOCAL_LEVELS)
            is_front = "mặt trận" in name_key
            return (
                u.kind == "socio_political"
                and not local
                and (with_front or not is_front)
                and (not province_place or province_place in name_key)
            )

        if province is None and selector != "socio_political_local":
            return []  # no province in the registry: nothing to count its departments or districts under
        if selector == "departments":
            return [u.id for u in units if u.kind == "department" and u.parent_id == province]
        if selector == "departments_and_mass":
            return self.group_members("departments") + [
                u.id for u in units if province_mass(u, with_front=True)
            ]
        if selector in ("districts", "district_radio"):
            return [u.id for u in units if u.kind == "district_committee" and under_province(u)]
        if selector == "communes":
            return [u.id for u in units if u.kind == "commune_committee" and under_province(u)]
        if selector == "districts_and_communes":
            return self.group_members("districts") + self.group_members("communes")
        if selector == "public_service_units":
            return [
                u.id for u in units if u.kind in ("public_service_unit", "press") and u.parent_id == province
            ]
        if selector == "socio_political":
            return [u.id for u in units if province_mass(u, with_front=False)]
        if selector == "socio_political_local":
            locality = self.issuer_locality()
            return [
                u.id
                for u in units
                if u.kind == "socio_political"
                and locality
                and nz.key(u.name).endswith(locality)
                and "mặt trận" not in nz.key(u.name)
            ]
        raise ValueError(f"unknown group selector {selector!r}")

    def group(self, text_key: str, _expanded: bool, res: Resolution) -> bool:
        selector = GROUP_PHRASES.get(text_key.removeprefix("các "))
        if selector is None:
            return False
        return self.fill_group(selector, 1.0, res)

    def fill_group(self, selector: str, confidence: float, res: Resolution) -> bool:
        method = "group" if confidence >= 1.0 else "fuzzy"
        res.is_group = True
        res.units = [
            self.match(i, confidence, method, GROUP_NOTES.get(selector, ""))
            for i in self.group_members(selector)
        ]
        if selector in GROUP_NOTES:
            res.note = GROUP_NOTES[selector]
        if not res.units:
            res.flagged = True
            res.note = f"Không có đơn vị nào thuộc nhóm này còn hiệu lực vào ngày {self.on:%d/%m/%Y}."
        return True

    def exact(self, text_key: str, expanded: bool, res: Resolution) -> bool:
        owners: dict[int, str] = {}
        for variant in nz.variants(text_key):
            for unit_id, how in self.index.keys.get(variant, {}).items():
                if owners.get(unit_id) != "name":
                    owners[unit_id] = how
        if not owners:
            return False
        best = self.rank(set(owners))
        under_issuer = set(self.index.descendants(self.issuer_id)) if self.issuer_id else set()
        for unit_id in best:
            how = owners[unit_id]
            method = (
                "abbreviation-expansion"
                if expanded and how == "name"
                else ("exact" if how == "name" else "alias")
            )
            if len(owners) > len(best) and unit_id in under_issuer:
                method = (
                    "relative-division"  # "Văn phòng Sở": every department has one; the issuer's is meant
                )
            res.units.append(self.match(unit_id, 1.0, method))
        if len(best) > 1:
            res.flagged = True
            res.note = "Tên trùng với nhiều cơ quan, đơn vị."
        return True

    def issuer_locality(self) -> str:
        """The issuer's place ("thị trấn yên mỹ") for names like "Ủy ban MTTQ thị trấn"."""
        if self.issuer_id is None:
            return ""
        for unit_id in [self.issuer_id, *self.index.ancestors(self.issuer_id)]:
            name_key = nz.key(self.index.units[unit_id].name)
            if name_key.startswith("ủy ban nhân dân "):
                return name_key.removeprefix("ủy ban nhân dân ")
        return ""

    def relative_name(self, text_key: str, expanded: bool, res: Resolution) -> bool:
        """ "Văn phòng Sở", "Thanh tra Sở", "Văn hóa xã hội", "UBND thị trấn": names read against the issuer."""
        if self.issuer_id is None:
            return False
        family = [self.issuer_id, *self.index.ancestors(self.issuer_id)]
        candidates = []
        for unit_id in family:
            issuer_key = nz.key(self.index.units[unit_id].name)
            if self.index.units[unit_id].kind == "department" and re.search(r"(^| )sở$", text_key):
                candidates.extend(re.sub(r"sở$", v, text_key) for v in sorted(nz.variants(issuer_key)))
            locality = (
                issuer_key.removeprefix("ủy ban nhân dân ")
                if issuer_key.startswith("ủy ban nhân dân ")
                else ""
            )
            if locality:
                level = (
                    locality.split()[0] if not locality.startswith("thị ") else " ".join(locality.split()[:2])
                )
                if level != "tỉnh" and (text_key.endswith(" " + level) or text_key == level):
                    candidates.append(text_key[: len(text_key) - len(level)] + locality)
        for candidate in candidates:
            owners = self.index.keys.get(candidate)
            if owners:
                res.units = [self.match(i, 1.0, "relative-division") for i in self.rank(set(owners))]
                return True
        return False

    def qualified(self, text: str, res: Resolution) -> bool:
        """ "Trung tâm …, Văn phòng UBND tỉnh": a unit named together with the body it belongs to."""
        if "," not in text:
            return False
        head, tail = (nz.clean(p) for p in text.rsplit(",", 1))
        if not head or not tail:
            return False
        parent = _Resolver(self.index, self.on, self.issuer_id).resolve(tail, allow_split=False)
        if parent.is_group or len(parent.units) != 1 or parent.units[0].confidence < 1.0:
            return False
        inner = _Resolver(self.index, self.on, parent.units[0].unit_id).resolve(head, allow_split=False)
        subtree = set(self.index.descendants(parent.units[0].unit_id))
        if inner.is_group or not inner.units or not all(m.unit_id in subtree for m in inner.units):
            return False
        res.units, res.flagged, res.note = inner.units, inner.flagged, inner.note
        return True

    def conjunction(self, text: str, res: Resolution) -> bool:
        """ "A; B", "A và B" or "A, B, c, d" where every part resolves on its own without guessing."""
        for separator in (";", " và ", ","):
            if separator not in text:
                continue
            parts = [p for p in (nz.clean(p) for p in text.split(separator)) if p]
            if len(parts) < 2:
                continue
            resolved = self._resolve_runs(parts, separator, damaged=nz.ELLIPSIS in text)
            if resolved is None:
                continue
            res.is_group = True
            seen = set()
            for r in resolved:
                for m in r.units:
                    if m.unit_id not in seen:
                        seen.add(m.unit_id)
                        res.units.append(m)
            res.flagged = any(r.flagged for r in resolved)
            res.note = "; ".join(r.note for r in resolved if r.note)
            return True
        return False

    def _resolve_runs(self, parts: list[str], separator: str, *, damaged: bool) -> list[Resolution] | None:
        """Cover the parts left to right with the longest runs that resolve, so a comma inside a
        group phrase ("…, các phòng, đơn vị") stays with its phrase."""

        def acceptable(r: Resolution) -> bool:
            # "Sở Khoa học và Công nghe" must not become two guesses; only visibly damaged text may.
            return r.matched and not r.indefinite and (damaged or all(m.confidence >= 1.0 for m in r.units))

        found, start = [], 0
        while start < len(parts):
            for stop in range(len(parts), start, -1):
                if start == 0 and stop == len(parts):
                    continue  # the whole text already failed
                run = parts[start:stop]
                # A single part may still hold a deeper conjunction; a rejoined run may not split again.
                candidate = self.resolve(_JOINERS[separator].join(run), allow_split=len(run) == 1)
                if acceptable(candidate):
                    found.append(candidate)
                    start = stop
                    break
            else:
                return None
        return found

    def ellipsis(self, text_key: str, res: Resolution) -> bool:
        """Text with a lost middle ("Đài … Yên", "UBND … thị xã, thành phố"): match the visible ends."""
        if nz.ELLIPSIS not in text_key:
            return False
        visible = " ".join(text_key.replace(nz.ELLIPSIS, " ").split())
        # First read it as if nothing were lost ("Các sở, ban, ngành …" is a whole phrase already).
        attempt = Resolution(query=res.query, on=self.on)
        if visible and (self.group(visible, False, attempt) or self.exact(visible, False, attempt)):
            res.is_group, res.units, res.flagged = attempt.is_group, attempt.units, attempt.flagged
            for m in res.units:
                m.confidence, m.method = 0.8, "fuzzy"
            res.note = "Văn bản bị mất chữ; đoán theo phần còn đọc được."
            return True
        pieces = [re.escape(p.strip()) for p in text_key.split(nz.ELLIPSIS)]
        if not any(len(p) >= 3 for p in pieces):
            return False
        pattern = re.compile("^" + ".*".join(pieces) + "$")
        phrases = [p for p in GROUP_PHRASES if pattern.match(p) or pattern.match("các " + p)]
        owners = {i for k, ids in self.index.keys.items() if pattern.match(k) for i in ids}
        if phrases and not owners:
            # A lost beginning hides the longer phrase: the visible tail ends the longest known one.
            res.note = "Văn bản bị mất chữ; đoán theo phần còn đọc được."
            self.fill_group(GROUP_PHRASES[max(phrases, key=len)], 0.8, res)
            return True
        if owners and not phrases:
            best = self.rank(owners)
            if len(best) == 1:
                res.units = [
                    self.match(best[0], 0.8, "fuzzy", "Văn bản bị mất chữ; đoán theo phần còn đọc được.")
                ]
                return True
        return False

    def fuzzy(self, text_key: str, res: Resolution) -> bool:
        folded = nz.fold(text_key)
        if len(folded) < 4:
            return False
        if folded in self.index.folded:
            best = self.rank(self.index.folded[folded])
            res.units = [self.match(i, 0.95, "fuzzy", "Khớp khi bỏ dấu.") for i in best]
            return True
        group_folded = {nz.fold(p): sel for p, sel in GROUP_PHRASES.items()}
        hit = process.extractOne(folded.removeprefix("cac "), list(group_folded), scorer=fuzz.ratio)
        if hit and hit[1] >= FUZZY_THRESHOLD + 5:
            res.note = "Cụm từ nhóm bị sai chính tả hoặc lỗi nhận dạng."
            return self.fill_group(group_folded[hit[0]], round(hit[1] / 100 * 0.9, 3), res)
        hits = process.extract(folded, self.index.folded_choices, scorer=fuzz.ratio, limit=5)
        hits = [h for h in hits if h[1] >= FUZZY_THRESHOLD]
        if hits:
            top = hits[0][1]
            ids = {i for choice, score, _ in hits if score == top for i in self.index.folded[choice]}
            best = self.rank(ids)
            res.units = [
                self.match(i, round(top / 100 * 0.95, 3), "fuzzy", "Khớp gần đúng (lỗi chính tả/nhận dạng).")
                for i in best
            ]
            res.flagged = len(best) > 1
            return True
        # a truncated name ("Dai Phat thanh"): the start of exactly one unit's name
        prefixed = {
            i
            for choice in self.index.folded_choices
            if choice.startswith(folded + " ")
            for i in self.index.folded[choice]
        }
        if prefixed and len(folded.split()) >= 2:
            best = self.rank(prefixed)
            if len(best) == 1:
                res.units = [self.match(best[0], 0.7, "fuzzy", "Chỉ khớp phần đầu tên.")]
                return True
        return False


def _as_date(on: date | str | None) -> date:
    if on is None:
        return date.today()
    if isinstance(on, date):
        return on
    try:
        return date.fromisoformat(on)
    except ValueError:
        raise ValueError(f"Ngày không hợp lệ: {on!r} (dùng dạng YYYY-MM-DD).") from None


def _issuer_id(index: RegistryIndex, issuer, on: date) -> int | None:
    if issuer is None or issuer == "":
        return None
    if hasattr(issuer, "pk"):
        return issuer.pk
    if isinstance(issuer, int):
        if issuer not in index.units:
            raise ValueError(f"Không có cơ quan, đơn vị mã số {issuer}.")
        return issuer
    text = str(issuer)
    if text in index.by_code:
        return index.by_code[text].id
    # The issuer is named as it was on the plan's date, so it is looked up without carrying it forward.
    finder = _Resolver(index, on, None)
    found = Resolution(query=text, on=on)
    text_key, expanded = nz.key_with_flag(nz.clean(text))
    if (
        not (finder.exact(text_key, expanded, found) or finder.fuzzy(text_key, found))
        or len(found.units) != 1
    ):
        raise ValueError(f"Không xác định được cơ quan ban hành {text!r}.")
    return found.units[0].unit_id


def resolve(name: str, *, on: date | str | None = None, issuer=None) -> Resolution:
    """Registry units meant by `name` in a plan dated `on`, issued by `issuer` (Unit, id, code or name)."""
    if not isinstance(name, str) or not nz.clean(name):
        raise ValueError("Tên cơ quan, đơn vị trống.")
    when = _as_date(on)
    index = get_index()
    return _Resolver(index, when, _issuer_id(index, issuer, when)).resolve(nz.clean(name))


def make_ingest_resolver(on: date | None = None, issuer=None):
    """A plain callable for the pure-Python parser, which cannot import Django models.

    `resolver(name, *, on=None, issuer=None) -> list[dict]` with unit_id, name, kind,
    valid_from, valid_to, confidence and method; [] for text that names no definite unit.
    """
    default_on, default_issuer = on, issuer

    def resolver(name: str, *, on: date | None = None, issuer=None) -> list[dict]:
        try:
            found = resolve(name, on=on or default_on, issuer=issuer or default_issuer)
        except ValueError:
            return []
        if found.indefinite:
            return []
        return [
            {
                "unit_id": m.unit_id,
                "name": m.name,
                "kind": m.kind,
                "valid_from": m.valid_from,
                "valid_to": m.valid_to,
                "confidence": m.confidence,
                "method": m.method,
            }
            for m in found.units
        ]

    return resolver
