"""Demo data for trying the product and measuring it: made-up provinces, their provincial
bodies and communes, a CCHC communication plan per unit and year, the assignments those plans
create, and progress reported for every period of the year.

Everything made here is marked: unit codes start with ``demo-`` (the real registry never uses
that prefix), names end with "(demo)", ``verified`` is False and ``source_note`` says where the
rows came from. Names are put together from common Vietnamese place-name syllables and skip
the names of real provinces, so a demo province is never mistaken for a real one.

Scales (``SCALES``): ``national`` is the size of the country after 01/7/2025 (34 provinces,
about 3,300 communes and 700 provincial bodies, about 110,000 tasks and a million progress
entries), ``province`` one province (for ``make run``), ``small`` a handful of units (tests).

Rows are written with ``bulk_create`` one province at a time, each province in its own
transaction, so memory stays flat whatever the scale. The same seed gives the same data.
"""

from __future__ import annotations

import hashlib
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dt_time

from cchc.core.periods import Period, periods_of_year
from cchc.tracking.rules import due_from_schedule, fold, parse_targets, task_key

CODE_PREFIX = "demo-"
NAME_MARK = " (demo)"
SOURCE_NOTE = "Dữ liệu mẫu (demo) do lệnh `cchc demo-data` tạo ra; không phải dữ liệu thật."
BATCH_SIZE = 2000


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: int
    communes: int  # per province
    bodies: int  # provincial bodies per province, before the optional ones
    optional_body_share: float  # share of provinces that also have the optional bodies
    tasks_committee: int  # tasks of the provincial committee's plan
    tasks_body: int  # tasks of each body's plan
    tasks_commune: int  # tasks of each commune's plan
    group_tasks: int  # tasks of the provincial plan given to every commune ("UBND các xã, phường")
    coordinated_body_share: float = 0.35  # share of a body's tasks with another body coordinating
    report_tasks: bool = True  # keep each demo report's task table (off at national scale: too big)


SCALES: dict[str, Scale] = {
    # 34 × 98 = 3,332 communes; 34 × (20 + 0.6) ≈ 700 bodies; 34 × (40 + 20.6×25 + 98×30) ≈ 119,000
    # tasks; with 8 provincial tasks for every commune and coordinators on 70% of the bodies'
    # tasks, about 159,000 assignments, reported in about 91% of the 7 periods: ≈ 1M entries.
    "national": Scale(
        "national", 34, 98, 20, 0.6, 40, 25, 30, 8, coordinated_body_share=0.7, report_tasks=False
    ),
    "province": Scale("province", 1, 104, 20, 1.0, 30, 12, 12, 3),
    "small": Scale("small", 1, 3, 3, 0.0, 4, 3, 3, 1),
}

# --- names --------------------------------------------------------------------------------

_FIRST = (
    "An Bình Đông Tây Nam Bắc Tân Hòa Phú Vĩnh Long Hưng Quảng Thái Hải Kim Lạc Minh Gia Thuận "
    "Trường Sơn Lâm Yên Phước Tiên Hồng Thanh Hoài Mỹ Đức Xuân Cẩm Ngọc Bảo Thịnh Văn Hương"
).split()
_SECOND = (
    "Giang Sơn Hòa Lâm Bình Phong Điền Thủy Nguyên Xuyên Hà Châu Lĩnh Quan Thành Lộc Hải Khê Phú "
    "Định Xương Trung Lợi Thọ Hiệp Tiến Hưng Mỹ Vinh Lạc Dương Ninh Tân Thạnh Cường"
).split()
# Real provinces (before and after 01/7/2025), never used for a demo province.
_REAL_PROVINCES = {
    fold(name)
    for name in (
        "Hà Nội,Huế,Lai Châu,Điện Biên,Sơn La,Lạng Sơn,Quảng Ninh,Thanh Hóa,Nghệ An,Hà Tĩnh,Cao Bằng,"
        "Tuyên Quang,Lào Cai,Thái Nguyên,Phú Thọ,Bắc Ninh,Hưng Yên,Hải Phòng,Ninh Bình,Quảng Trị,"
        "Đà Nẵng,Quảng Ngãi,Gia Lai,Khánh Hòa,Lâm Đồng,Đắk Lắk,Hồ Chí Minh,Đồng Nai,Tây Ninh,Cần Thơ,"
        "Vĩnh Long,Đồng Tháp,Cà Mau,An Giang,Bình Định,Hà Giang,Yên Bái,Bắc Giang,Hòa Bình,Vĩnh Phúc,"
        "Hải Dương,Thái Bình,Hà Nam,Nam Định,Quảng Bình,Quảng Nam,Kon Tum,Phú Yên,Ninh Thuận,Đắk Nông,"
        "Bình Thuận,Bình Phước,Bình Dương,Long An,Tiền Giang,Bến Tre,Trà Vinh,Sóc Trăng,Hậu Giang,"
        "Kiên Giang,Bạc Liêu,Bắc Kạn,Thừa Thiên Huế,Bà Rịa Vũng Tàu"
    ).split(",")
}

# (name pattern, short name, kind): the provincial bodies every demo province has.
_BODIES = [
    ("Văn phòng Ủy ban nhân dân tỉnh {p}", "VP UBND", "department"),
    ("Sở Nội vụ tỉnh {p}", "SNV", "department"),
    ("Sở Tư pháp tỉnh {p}", "STP", "department"),
    ("Sở Tài chính tỉnh {p}", "STC", "department"),
    ("Sở Công Thương tỉnh {p}", "SCT", "department"),
    ("Sở Nông nghiệp và Môi trường tỉnh {p}", "SNNMT", "department"),
    ("Sở Xây dựng tỉnh {p}", "SXD", "department"),
    ("Sở Khoa học và Công nghệ tỉnh {p}", "SKHCN", "department"),
    ("Sở Văn hóa, Thể thao và Du lịch tỉnh {p}", "SVHTTDL", "department"),
    ("Sở Giáo dục và Đào tạo tỉnh {p}", "SGDĐT", "department"),
    ("Sở Y tế tỉnh {p}", "SYT", "department"),
    ("Thanh tra tỉnh {p}", "TTr", "department"),
    ("Báo {p}", "Báo", "press"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {p}", "UBMTTQ", "socio_political"),
    ("Tỉnh đoàn {p}", "TĐ", "socio_political"),
    ("Hội Liên hiệp Phụ nữ tỉnh {p}", "HLHPN", "socio_political"),
    ("Hội Nông dân tỉnh {p}", "HND", "socio_political"),
    ("Liên đoàn Lao động tỉnh {p}", "LĐLĐ", "socio_political"),
    ("Trung tâm Phục vụ hành chính công tỉnh {p}", "TTPVHCC", "public_service_unit"),
    ("Trường Chính trị tỉnh {p}", "TCT", "public_service_unit"),
]
# Found in some provinces only (NĐ 45/2025/NĐ-CP lets a province choose).
_OPTIONAL_BODIES = [("Sở Dân tộc và Tôn giáo tỉnh {p}", "SDTTG", "department")]

# --- tasks --------------------------------------------------------------------------------

_ACTIONS = [
    ("Đăng tải tin, bài tuyên truyền về {t} trên trang thông tin điện tử", "{n} tin, bài", (6, 24)),
    ("Xây dựng phóng sự về {t}", "{n} phóng sự", (1, 4)),
    ("Duy trì chuyên mục phát thanh, truyền hình về {t}", "{n} chuyên mục", (2, 12)),
    ("In ấn, phát hành tờ gấp hướng dẫn về {t}", "{n} tờ gấp", (200, 3000)),
    ("Treo pano, áp phích tuyên truyền về {t} tại trụ sở và nơi công cộng", "{n} pano", (2, 10)),
    ("Tổ chức lớp tập huấn cho cán bộ, công chức về {t}", "{n} lớp tập huấn", (1, 4)),
    ("Tổ chức hội nghị quán triệt, triển khai các văn bản về {t}", "{n} hội nghị", (1, 2)),
    ("Tổ chức cuộc thi tìm hiểu về {t}", "{n} cuộc thi", (1, 1)),
    ("Lồng ghép nội dung tuyên truyền về {t} trong các cuộc họp, sinh hoạt chi bộ", "", None),
    ("Tuyên truyền qua hệ thống loa truyền thanh cơ sở về {t}", "", None),
]
_TOPICS = [
    "cải cách thủ tục hành chính",
    "dịch vụ công trực tuyến",
    "cơ chế một cửa, một cửa liên thông",
    "chuyển đổi số trong cơ quan nhà nước",
    "Chỉ số cải cách hành chính (PAR INDEX)",
    "Chỉ số hài lòng của người dân (SIPAS)",
    "cải cách chế độ công vụ",
    "xây dựng chính quyền điện tử, chính quyền số",
    "Đề án 06 về dữ liệu dân cư",
    "kỷ luật, kỷ cương hành chính",
]
# (raw timeframe, schedule builder): builders take the year.
_TIMEFRAMES: list[tuple[str, Callable[[int], dict]]] = [
    ("Thường xuyên", lambda y: {"raw": "Thường xuyên", "kind": "continuous", "periods": []}),
    ("Quý I/{y}", lambda y: _periods_schedule(f"Quý I/{y}", date(y, 1, 1), date(y, 3, 31))),
    ("Quý II/{y}", lambda y: _periods_schedule(f"Quý II/{y}", date(y, 4, 1), date(y, 6, 30))),
    ("Tháng 6/{y}", lambda y: _periods_schedule(f"Tháng 6/{y}", date(y, 6, 1), date(y, 6, 30))),
    ("Quý III/{y}", lambda y: _periods_schedule(f"Quý III/{y}", date(y, 7, 1), date(y, 9, 30))),
    ("Quý IV/{y}", lambda y: _periods_schedule(f"Quý IV/{y}", date(y, 10, 1), date(y, 12, 31))),
    ("Năm {y}", lambda y: _periods_schedule(f"Năm {y}", date(y, 1, 1), date(y, 12, 31))),
    ("Hằng quý", lambda y: {"raw": "Hằng quý", "kind": "recurring", "periods": []}),
]


def _periods_schedule(raw: str, start: date, end: date) -> dict:
    return {
        "raw": raw,
        "kind": "periods",
        "periods": [{"start": start.isoformat(), "end": end.isoformat(), "label": raw}],
    }


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


@dataclass
class Summary:
    scale: str
    seed: int
    year: int
    units: int = 0
    plans: int = 0
    tasks: int = 0
    assignments: int = 0
    entries: int = 0
    deliverables: int = 0
    evidence: int = 0
    reports: int = 0
    seconds: float = 0.0
    provinces: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.units:,} đơn vị, {self.plans:,} kế hoạch, {self.tasks:,} nhiệm vụ, "
            f"{self.assignments:,} lượt giao, {self.entries:,} báo cáo tiến độ, "
            f"{self.deliverables:,} dòng sản phẩm, {self.evidence:,} minh chứng, "
            f"{self.reports:,} báo cáo kỳ ({self.seconds:.1f} s)"
        )


class DemoDataExists(Exception):
    """Demo data is there already and `replace` was not asked for."""


class DemoDataInUse(Exception):
    """Demo data cannot be removed: rows outside it (accounts, other records) point at it."""


def demo_units():
    from cchc.orgs.models import Unit

    return Unit.objects.filter(code__startswith=CODE_PREFIX)


def demo_exists() -> bool:
    return demo_units().exists()


def province_names(count: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    seen = set(_REAL_PROVINCES)
    while len(names) < count:
        name = f"{rng.choice(_FIRST)} {rng.choice(_SECOND)}"
        first, second = name.split()
        if first == second or fold(name) in seen:
            continue
        seen.add(fold(name))
        names.append(name)
    return names


def commune_names(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind word, name): about one in five is a phường, the rest xã; unique within a province."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(out) < count:
        name = f"{rng.choice(_FIRST)} {rng.choice(_SECOND)}"
        if name.split()[0] == name.split()[1] or name in seen:
            continue
        seen.add(name)
        out.append(("Phường" if rng.random() < 0.2 else "Xã", name))
    return out


# --- deletion -------------------------------------------------------------------------------


def delete_demo(out: Callable[[str], None] = print) -> int:
    """Remove every row the generator made (and nothing else). Rows are removed table by table
    with plain DELETE statements: the ORM's collector would load a million progress entries into
    memory first. The database's own foreign keys (checked at commit) catch anything outside the
    demo that still points at a demo unit, and the whole removal is then rolled back."""
    from django.contrib.auth import get_user_model
    from django.db import IntegrityError

    from cchc.plans.models import Plan

    units = demo_units()
    users = list(get_user_model().objects.filter(unit__in=units).values_list("username", flat=True)[:10])
    if users:
        raise DemoDataInUse(
            "Không xóa được dữ liệu demo: các tài khoản sau thuộc đơn vị demo, hãy đổi đơn vị "
            f"hoặc xóa chúng trước: {', '.join(users)}."
        )
    plans = Plan.objects.filter(issuer_unit__in=units)
    count = units.count()
    try:
        _delete_rows(units, plans)
    except IntegrityError as exc:
        raise DemoDataInUse(
            f"Không xóa được dữ liệu demo: còn dữ liệu khác gắn với đơn vị demo ({exc})."
        ) from None
    out(f"Đã xóa {count:,} đơn vị demo và dữ liệu đi kèm.")
    return count


def _delete_rows(units, plans) -> None:
    from django.db import transaction

    from cchc.orgs.models import Unit
    from cchc.plans.models import Plan, PlanSection, PlanTask, PlanVersion, TaskAgency
    from cchc.reports.models import ReportVersion, UnitReport
    from cchc.tracking.models import (
        Assignment,
        DeliverableCount,
        Evidence,
        ProgressEntry,
        TaskPeriodSummary,
        UnitDueSummary,
        UnitPeriodSummary,
    )

    with transaction.atomic():
        assignments = Assignment.objects.filter(plan__in=plans)
        entries = ProgressEntry.objects.filter(assignment__in=assignments)
        _raw_delete(UnitPeriodSummary.objects.filter(unit__in=units))
        _raw_delete(UnitDueSummary.objects.filter(unit__in=units))
        _raw_delete(TaskPeriodSummary.objects.filter(plan__in=plans))
        _raw_delete(Evidence.objects.filter(entry__in=entries))
        _raw_delete(DeliverableCount.objects.filter(entry__in=entries))
        _raw_delete(entries)
        _raw_delete(assignments)
        reports = UnitReport.objects.filter(unit__in=units)
        reports.update(current_version=None, submitted_version=None)
        _raw_delete(ReportVersion.objects.filter(report__in=reports))
        _raw_delete(reports)
        versions = PlanVersion.objects.filter(plan__in=plans)
        tasks = PlanTask.objects.filter(version__in=versions)
        _raw_delete(TaskAgency.objects.filter(task__in=tasks))
        _raw_delete(tasks)
        _raw_delete(PlanSection.objects.filter(version__in=versions))
        plans.update(current_version=None, parent=None)
        Plan.objects.filter(parent__in=plans).update(parent=None)
        _raw_delete(versions)
        _raw_delete(plans)
        _raw_delete(Unit.objects.filter(code__startswith=CODE_PREFIX))


def _raw_delete(queryset) -> None:
    # QuerySet._raw_delete: one DELETE ... WHERE, no objects fetched and no signals (none are
    # connected to these models); the order above keeps every foreign key satisfied.
    queryset._raw_delete(queryset.db)


# --- generation ----------------------------------------------------------------------------


def generate(
    *,
    scale: str | Scale = "small",
    seed: int = 1,
    year: int = 2024,
    replace: bool = False,
    out: Callable[[str], None] = print,
    today: date | None = None,
) -> Summary:
    """Write the demo data. Refuses (DemoDataExists) when demo units are already there, unless
    `replace` is given, which deletes them (and all rows tied to them) first."""
    spec = SCALES[scale] if isinstance(scale, str) else scale
    if demo_exists():
        if not replace:
            raise DemoDataExists(
                "Đã có dữ liệu demo (mã đơn vị bắt đầu bằng 'demo-'). Dùng --replace để tạo lại."
            )
        delete_demo(out)
    rng = random.Random(seed)
    summary = Summary(scale=spec.name, seed=seed, year=year)
    started = time.perf_counter()
    names = province_names(spec.provinces, rng)
    for index, name in enumerate(names, start=1):
        _Province(spec, rng, year, index, name, summary).write()
        summary.seconds = time.perf_counter() - started
        summary.provinces.append(name)
        out(f"[{index}/{len(names)}] tỉnh {name}{NAME_MARK}: {summary.line()}")
    return summary


class _Province:
    """Writes one province: units, plans, tasks, assignments, progress."""

    def __init__(self, spec: Scale, rng: random.Random, year: int, index: int, name: str, summary: Summary):
        self.spec, self.rng, self.year, self.index, self.name = spec, rng, year, index, name
        self.summary = summary
        self.prefix = f"{CODE_PREFIX}p{index:02d}-{slug(name)}"
        self.periods = periods_of_year(year)

    # Units --------------------------------------------------------------------------------

    def write(self) -> None:
        from django.db import transaction

        with transaction.atomic():
            committee, bodies, communes = self._units()
            plans = self._plans(committee, bodies, communes)
            assignments = self._tasks_and_assignments(plans, committee, bodies, communes)
            rows_by_report = self._progress(assignments)
            self._reports([committee, *bodies, *communes], rows_by_report)
            # The dashboard's per-unit summaries of the progress and assignments just written (bulk_create
            # bypasses the tracking services that keep them otherwise).
            from cchc.tracking import summaries

            summaries.refresh([u.pk for u in (committee, *bodies, *communes)], lock=False)

    def _units(self):
        from cchc.orgs.models import Unit, UnitKind

        mark = dict(verified=False, source_note=SOURCE_NOTE)
        # bulk_create throughout: no signals, so other apps' hooks (search indexing …) never see
        # demo rows one by one.
        [committee] = Unit.objects.bulk_create(
            [
                Unit(
                    code=self.prefix,
                    name=f"Ủy ban nhân dân tỉnh {self.name}{NAME_MARK}",
                    short_name=f"UBND tỉnh {self.name}",
                    kind=UnitKind.PROVINCE_COMMITTEE,
                    **mark,
                )
            ]
        )
        body_specs = list(_BODIES[: self.spec.bodies])
        if self.rng.random() < self.spec.optional_body_share:
            body_specs += _OPTIONAL_BODIES
        bodies = [
            Unit(
                code=f"{self.prefix}-{slug(short)}",
                name=pattern.format(p=self.name) + NAME_MARK,
                short_name=short,
                kind=kind,
                parent=committee,
                **mark,
            )
            for pattern, short, kind in body_specs
        ]
        communes = [
            Unit(
                code=f"{self.prefix}-x{i:03d}",
                name=f"Ủy ban nhân dân {word.lower()} {name}{NAME_MARK}",
                short_name=f"UBND {word.lower()} {name}",
                kind=UnitKind.COMMUNE_COMMITTEE,
                parent=committee,
                **mark,
            )
            for i, (word, name) in enumerate(commune_names(self.spec.communes, self.rng), start=1)
        ]
        bodies = Unit.objects.bulk_create(bodies, batch_size=BATCH_SIZE)
        communes = Unit.objects.bulk_create(communes, batch_size=BATCH_SIZE)
        self.summary.units += 1 + len(bodies) + len(communes)
        return committee, bodies, communes

    # Plans --------------------------------------------------------------------------------

    def _plans(self, committee, bodies, communes):
        """One plan per unit for the year, each with one version; the province's plan is
        the parent of all the others."""
        from cchc.plans.models import Plan, PlanVersion
        from cchc.plans.services import issuer_key, plan_number_key

        def make(unit, number: int, code: str, parent=None) -> Plan:
            plan_number = f"{number}/KH-{code}"
            issued = date(self.year, 1, 1 + (number % 27))
            # Commune names repeat from one province to the next, as they do in life; the
            # province in the issuer keeps (number, issuer) unique, as plans require.
            issuer = unit.name if unit.parent_id is None else f"{unit.name}, tỉnh {self.name}"
            return Plan(
                doc_type="KH",
                number=plan_number,
                number_key=plan_number_key(plan_number)[:80],
                issuer=issuer,
                issuer_key=issuer_key(issuer)[:255],
                issuer_unit=unit,
                issue_date=issued,
                place=self.name,
                title=f"Tuyên truyền cải cách hành chính năm {self.year} (dữ liệu mẫu)",
                plan_year=self.year,
                parent=parent,
                sha256=hashlib.sha256(f"demo-plan:{unit.code}:{self.year}".encode()).hexdigest(),
                original_name="",
            )

        [top] = Plan.objects.bulk_create([make(committee, 10 + self.index, "UBND")])
        children = [
            make(
                u,
                self.rng.randint(1, 300),
                "UBND" if u.kind == "commune_committee" else slug(u.short_name).upper(),
                top,
            )
            for u in [*bodies, *communes]
        ]
        children = Plan.objects.bulk_create(children, batch_size=BATCH_SIZE)
        plans = [top, *children]
        versions = PlanVersion.objects.bulk_create(
            [
                PlanVersion(
                    plan=p,
                    number=1,
                    data={
                        "doc_type": "KH",
                        "number": p.number,
                        "issuer": p.issuer,
                        "title": p.title,
                        "plan_year": self.year,
                        "demo": True,
                        "tasks": [],
                    },
                    note="Dữ liệu mẫu (demo)",
                )
                for p in plans
            ],
            batch_size=BATCH_SIZE,
        )
        for plan, version in zip(plans, versions, strict=True):
            plan.current_version = version
            plan.demo_version = version
        Plan.objects.bulk_update(plans, ["current_version"], batch_size=BATCH_SIZE)
        self.summary.plans += len(plans)
        return plans

    # Tasks and assignments ----------------------------------------------------------------

    def _task_rows(self, count: int) -> list[dict]:
        rows = []
        combos = self.rng.sample(range(len(_ACTIONS) * len(_TOPICS)), count)
        for i, combo in enumerate(combos, start=1):
            action, products, span = _ACTIONS[combo % len(_ACTIONS)]
            topic = _TOPICS[combo // len(_ACTIONS)]
            raw_time, builder = self.rng.choice(_TIMEFRAMES)
            # Many products cells name a kind without a count ("Tin, bài"): no target then.
            counted = span is not None and self.rng.random() < 0.6
            n = self.rng.randint(*span) if counted else 0
            rows.append(
                {
                    "stt": str(i),
                    "task": action.format(t=topic),
                    "products": products.format(n=f"{n:02d}").strip()
                    if counted
                    else products.format(n="").strip().capitalize() or "Bài viết, tài liệu tuyên truyền",
                    "timeframe": raw_time.format(y=self.year),
                    "schedule": builder(self.year),
                }
            )
        return rows

    def _tasks_and_assignments(self, plans, committee, bodies, communes):
        from cchc.plans.models import AgencyRole, PlanTask, TaskAgency
        from cchc.tracking.models import Assignment

        spec, rng = self.spec, self.rng
        top, *children = plans
        owners = [committee, *bodies, *communes]
        departments = [b for b in bodies if b.kind == "department"] or bodies
        home_affairs = next((b for b in bodies if b.short_name == "SNV"), departments[0])

        # (plan, unit it belongs to, task rows, [(role, [units], raw, is_group)] per task)
        task_objs: list[PlanTask] = []
        roles_per_task: list[list[tuple[str, list, str, bool]]] = []
        for plan, owner in zip(plans, owners, strict=True):
            if plan is top:
                count = spec.tasks_committee
            elif owner.kind == "commune_committee":
                count = spec.tasks_commune
            else:
                count = spec.tasks_body
            rows = self._task_rows(count)
            version = plan.demo_version
            data_tasks = []
            for order, row in enumerate(rows):
                if plan is top:
                    lead = home_affairs if order % 3 == 0 else rng.choice(departments)
                    roles = [("lead", [lead], lead.name, False)]
                    others = [b for b in bodies if b.pk != lead.pk]
                    for other in rng.sample(others, min(len(others), rng.randint(0, 2))):
                        roles.append(("coordinator", [other], other.name, False))
                    if order < spec.group_tasks and communes:
                        roles.append(("coordinator", communes, "UBND các xã, phường", True))
                elif (
                    owner.kind != "commune_committee"
                    and rng.random() < spec.coordinated_body_share
                    and len(departments) > 1
                ):
                    other = rng.choice([d for d in departments if d.pk != owner.pk] or departments)
                    roles = [
                        ("lead", [owner], owner.name, False),
                        ("coordinator", [other], other.name, False),
                    ]
                else:
                    roles = [("lead", [owner], owner.name, False)]
                task_objs.append(
                    PlanTask(
                        version=version,
                        order=order,
                        stt=row["stt"],
                        task=row["task"],
                        products=row["products"],
                        timeframe=row["timeframe"],
                        schedule=row["schedule"],
                    )
                )
                roles_per_task.append(roles)
                data_tasks.append(
                    {
                        **row,
                        "lead": [raw for role, _, raw, _ in roles if role == "lead"],
                        "coordinators": [raw for role, _, raw, _ in roles if role == "coordinator"],
                    }
                )
            version.data["tasks"] = data_tasks
        from cchc.plans.models import PlanVersion

        PlanVersion.objects.bulk_update([p.demo_version for p in plans], ["data"], batch_size=500)
        task_objs = PlanTask.objects.bulk_create(task_objs, batch_size=BATCH_SIZE)
        self.summary.tasks += len(task_objs)

        agencies: list[TaskAgency] = []
        for task, roles in zip(task_objs, roles_per_task, strict=True):
            for order, (role, units, raw, is_group) in enumerate(roles):
                agencies.append(
                    TaskAgency(
                        task=task,
                        role=AgencyRole.LEAD if role == "lead" else AgencyRole.COORDINATOR,
                        order=order,
                        raw=raw[:500],
                        unit=None if is_group else units[0],
                        is_group=is_group,
                        confidence=1.0,
                    )
                )
        agencies = TaskAgency.objects.bulk_create(agencies, batch_size=BATCH_SIZE)

        assignments: list[Assignment] = []
        agency_iter = iter(agencies)
        plan_of_version = {p.demo_version.pk: p for p in plans}
        for task, roles in zip(task_objs, roles_per_task, strict=True):
            due = due_from_schedule(task.schedule)
            targets = parse_targets(task.products)
            key = task_key(task.stt, task.task)
            for role, units, raw, _ in roles:
                agency = next(agency_iter)
                for unit in units:
                    assignments.append(
                        Assignment(
                            plan=plan_of_version[task.version_id],
                            task=task,
                            task_key=key,
                            role=role,
                            agency=agency,
                            agency_raw=raw[:500],
                            named_unit=unit,
                            unit=unit,
                            due_date=due.last,
                            due_dates=[d.isoformat() for d in due.dates],
                            recurring=due.recurring,
                            schedule_kind=due.kind,
                            timeframe=task.timeframe,
                            targets=targets,
                        )
                    )
        return assignments  # written together with their progress, once it is known

    # Progress -----------------------------------------------------------------------------

    def _trajectory(self, assignment) -> list[tuple[Period, str, int] | None]:
        """Status and cumulative percent per period of the year (None: not reported)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.55:
            final = 100
        elif roll < 0.85:
            final = rng.randint(40, 95)
        else:
            final = rng.randint(0, 35)
        failed = rng.random() < 0.03
        due = assignment.due_date
        finish_quarter = ((due.month - 1) // 3 + 1) if due else 4
        # A late finisher needs a quarter or two more than planned (within the year).
        if final == 100 and rng.random() < 0.25:
            finish_quarter = min(4, finish_quarter + rng.randint(1, 2))
        diligence = rng.uniform(0.82, 1.0)
        by_quarter = {}
        for q in range(1, 5):
            share = min(1.0, q / finish_quarter)
            by_quarter[q] = min(final, round(final * share / 5) * 5) if share < 1 else final
        out: list[tuple[Period, str, int] | None] = []
        for period in self.periods:
            if rng.random() > diligence:
                out.append(None)
                continue
            quarter = (period.last_month - 1) // 3 + 1
            percent = by_quarter[quarter]
            if failed and quarter >= finish_quarter:
                status = "failed"
            elif percent >= 100:
                status = "done"
            elif due and due <= period.end:
                status = "late"
            elif percent == 0:
                status = "not_started"
            else:
                status = "in_progress"
            out.append((period, status, percent))
        return out

    def _progress(self, assignments) -> None:
        from cchc.tracking.models import Assignment, DeliverableCount, Evidence, ProgressEntry

        # (unit id, period code) → rows shaped like cchc.reports.selectors.task_rows, for the
        # totals of the unit's demo reports.
        rows_by_report: dict[tuple[int, str], list[dict]] = {}
        planned: list[list[tuple[Period, str, int] | None]] = []
        for assignment in assignments:
            trajectory = self._trajectory(assignment)
            planned.append(trajectory)
            reported = [t for t in trajectory if t is not None]
            if reported:
                period, status, percent = reported[-1]
                assignment.status, assignment.percent, assignment.last_period = status, percent, period.code
        for start in range(0, len(assignments), BATCH_SIZE):
            chunk = Assignment.objects.bulk_create(assignments[start : start + BATCH_SIZE])
            self.summary.assignments += len(chunk)
            entries: list[ProgressEntry] = []
            for assignment, trajectory in zip(chunk, planned[start : start + BATCH_SIZE], strict=True):
                for item in trajectory:
                    if item is None:
                        continue
                    period, status, percent = item
                    entry = ProgressEntry(
                        assignment=assignment,
                        period=period.code,
                        status=status,
                        percent=percent,
                        reason="Thiếu kinh phí (dữ liệu mẫu)" if status == "failed" else "",
                        note="",
                    )
                    entries.append(entry)
            entries = ProgressEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
            self.summary.entries += len(entries)
            deliverables, evidence = [], []
            for entry in entries:
                targets = entry.assignment.targets
                if entry.percent and targets:
                    for kind, target in targets.items():
                        quantity = round(target * entry.percent / 100)
                        if quantity:
                            deliverables.append(
                                DeliverableCount(
                                    entry=entry,
                                    kind=kind,
                                    quantity=quantity,
                                    participants=quantity * 40
                                    if kind in ("training", "conference")
                                    else None,
                                )
                            )
                if entry.status == "done" and entry.period.endswith("-Y") and self.rng.random() < 0.1:
                    evidence.append(
                        Evidence(
                            entry=entry,
                            title="Minh chứng (dữ liệu mẫu)",
                            url=f"https://example.invalid/demo/{entry.assignment.unit.code}/{entry.pk}",
                        )
                    )
            DeliverableCount.objects.bulk_create(deliverables, batch_size=BATCH_SIZE)
            Evidence.objects.bulk_create(evidence, batch_size=BATCH_SIZE)
            self.summary.deliverables += len(deliverables)
            self.summary.evidence += len(evidence)
            by_entry: dict[int, dict[str, int]] = {}
            for item in deliverables:
                by_entry.setdefault(item.entry.pk, {})[item.kind] = item.quantity
            with_evidence = {item.entry.pk for item in evidence}
            entry_of = {(e.assignment.pk, e.period): e for e in entries}
            for assignment in chunk:
                for period in self.periods:
                    entry = entry_of.get((assignment.pk, period.code))
                    rows_by_report.setdefault((assignment.unit.pk, period.code), []).append(
                        {
                            "assignment_id": assignment.pk,
                            "plan_id": assignment.plan.pk,
                            "plan": f"Kế hoạch số {assignment.plan.number}",
                            "stt": assignment.task.stt,
                            "task": assignment.task.task,
                            "role": assignment.role,
                            "timeframe": assignment.timeframe,
                            "due_date": assignment.due_date.isoformat() if assignment.due_date else None,
                            "status": entry.status if entry else "not_started",
                            "percent": entry.percent if entry else 0,
                            "entry_period": entry.period if entry else "",
                            "deliverables": by_entry.get(entry.pk, {}) if entry else {},
                            "targets": dict(assignment.targets or {}),
                            "evidence": [{"title": "Minh chứng (dữ liệu mẫu)"}]
                            if entry and entry.pk in with_evidence
                            else [],
                        }
                    )
        return rows_by_report

    # Periodic reports ---------------------------------------------------------------------

    def _reports(self, units, rows_by_report) -> None:
        """Each unit's report for each period: most sent on time, some late, some never sent
        (a few of those still drafts). Totals are computed the way the reports app does; the
        task table itself is kept only below national scale, where it would weigh gigabytes."""
        from django.utils import timezone

        from cchc.reports.content import task_totals
        from cchc.reports.models import ReportVersion, UnitReport, VersionStatus

        reports, versions = [], []
        for unit in units:
            diligence = self.rng.uniform(0.6, 1.0)
            for period in self.periods:
                roll = self.rng.random()
                rows = rows_by_report.get((unit.pk, period.code), [])
                if roll < diligence * 0.8:
                    sent = period.deadline - timedelta(days=self.rng.randint(0, 12))
                elif roll < diligence:
                    sent = period.deadline + timedelta(days=self.rng.randint(1, 25))
                elif self.rng.random() < 0.3:
                    sent = None  # a draft never sent
                else:
                    continue
                when = timezone.make_aware(datetime.combine(sent or period.deadline, dt_time(10, 0)))
                report = UnitReport(unit=unit, period=period.code, first_submitted_at=when if sent else None)
                version = ReportVersion(
                    report=report,
                    number=1,
                    status=VersionStatus.SUBMITTED if sent else VersionStatus.DRAFT,
                    doc_number=f"{self.rng.randint(1, 400)}/BC-{slug(unit.short_name or 'UBND').upper()[:12]}",
                    achievements=f"Dữ liệu mẫu (demo): {unit.name} báo cáo {period.label_vi}.",
                    tasks=rows if self.spec.report_tasks else [],
                    totals=task_totals(rows),
                    data_as_of=when,
                    submitted_at=when if sent else None,
                )
                reports.append(report)
                versions.append(version)
        UnitReport.objects.bulk_create(reports, batch_size=BATCH_SIZE)
        for version in versions:
            version.report = version.report  # sets report_id now that the report has its key
        ReportVersion.objects.bulk_create(versions, batch_size=500)
        for report, version in zip(reports, versions, strict=True):
            report.current_version = version
            report.submitted_version = version if version.status == VersionStatus.SUBMITTED else None
        UnitReport.objects.bulk_update(
            reports, ["current_version", "submitted_version"], batch_size=BATCH_SIZE
        )
        self.summary.reports += len(reports)
