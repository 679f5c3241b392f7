"""A plan of the Sở Nội vụ (kiểm thử) with three tasks, built row by row (the import pipeline has
its own tests), plus a department that was merged into unit B on 01/3/2025.

    1. "Tuyên truyền trên báo"   lead: unit A; coordinator: unit B;  "02 phóng sự, 10 tin, bài";  Quý II, III/2024
    2. "Tổ chức hội nghị"         lead: "Các sở, ban, ngành tỉnh" (a group);                      Năm 2024
    3. "Cập nhật trang tin"       lead: Sở Kế hoạch cũ (merged into unit B);                       Thường xuyên
"""

from __future__ import annotations

from datetime import date

import pytest
from tracking_fixtures import build_plan


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CCHC_JOBS_INLINE = True
    settings.CCHC_JOB_WORKERS = 0
    return settings.MEDIA_ROOT


@pytest.fixture
def merged_department(personas):
    from cchc.orgs.models import SuccessionEvent, Unit, UnitKind

    old = Unit.objects.create(
        code="kiemthu-so-ke-hoach-cu",
        name="Sở Kế hoạch và Đầu tư (kiểm thử)",
        kind=UnitKind.DEPARTMENT,
        parent=personas.province,
        valid_to=date(2025, 2, 28),
    )
    event = SuccessionEvent.objects.create(
        code="kiemthu-hop-nhat-2025", kind="merged_into", effective_date=date(2025, 3, 1)
    )
    event.predecessors.add(old)
    event.successors.add(personas.unit_b)
    return old


@pytest.fixture
def plan(personas, merged_department):
    return build_plan(personas, merged_department)


@pytest.fixture
def assigned(plan, personas):
    """The plan with its assignments generated as of 01/6/2025 (after the merger)."""
    from cchc.tracking.services import assignments_generate

    assignments_generate(plan=plan, actor=personas.admin, today=date(2025, 6, 1))
    return plan


@pytest.fixture
def assignment_of_a(assigned, personas):
    from cchc.tracking.models import Assignment

    return Assignment.objects.get(plan=assigned, unit=personas.unit_a, role="lead")
