"""Who a parent task concerns when units have merged since: a plan names the unit as it was.

A 2022 task of Sở Thông tin và Truyền thông is today's Sở Khoa học và Công nghệ's (merged into it
on 01/3/2025); a group phrase counts the units that existed on the plan's date; and a unit is
read as it was when it acted, so the 2022 plan of Sở KH&CN is not held to Sở TT&TT's tasks."""

from __future__ import annotations

from datetime import date

import pytest
from derive_fixtures import make_science_department
from plan_documents import plan_text

pytestmark = pytest.mark.django_db

TASKS_2022 = (
    (
        "1",
        "Xây dựng chuyên mục chuyển đổi số trên cổng thông tin",
        "Chuyên mục",
        "Sở Thông tin và Truyền thông",
        "",
        "Năm 2022",
    ),
    (
        "2",
        "Tổ chức hội nghị đối thoại về thủ tục hành chính",
        "Hội nghị",
        "Sở Tư pháp",
        "Các sở, ban, ngành tỉnh",
        "Quý III/2022",
    ),
    (
        "3",
        "Biên soạn sổ tay nghiệp vụ kiểm soát thủ tục hành chính",
        "Sổ tay",
        "Sở Tư pháp",
        "",
        "Quý II/2022",
    ),
)


def province_plan_text(*, number: str, day: str, tasks, year: int | None = None) -> str:
    year = year or int(day[-4:])
    title = f"Tuyên truyền cải cách hành chính năm {year}"
    text = plan_text(number=number, district="HƯNG YÊN", day=day, title=title, tasks=tasks)
    return text.replace("HUYỆN HƯNG YÊN", "TỈNH HƯNG YÊN").replace(
        "Ủy ban nhân dân huyện", "Ủy ban nhân dân tỉnh"
    )


@pytest.fixture
def units(personas):
    """Sở TT&TT (closed 28/02/2025) merged into Sở KH&CN; a department closed before 2022 and one
    opened in 2025, both without links to anyone."""
    from cchc.orgs.models import SuccessionEvent, SuccessionKind, Unit, UnitKind
    from cchc.orgs.resolve import invalidate_index

    science = make_science_department(personas)
    information = Unit.objects.create(
        code="kiemthu-so-tttt",
        name="Sở Thông tin và Truyền thông",
        kind=UnitKind.DEPARTMENT,
        parent=personas.province,
        valid_to=date(2025, 2, 28),
    )
    closed = Unit.objects.create(
        code="kiemthu-so-da-giai-the",
        name="Sở Ngoại vụ (kiểm thử)",
        kind=UnitKind.DEPARTMENT,
        parent=personas.province,
        valid_to=date(2021, 6, 30),
    )
    opened = Unit.objects.create(
        code="kiemthu-so-moi",
        name="Sở Dân tộc và Tôn giáo (kiểm thử)",
        kind=UnitKind.DEPARTMENT,
        parent=personas.province,
        valid_from=date(2025, 3, 1),
    )
    event = SuccessionEvent.objects.create(
        code="kiemthu-2025-03-khcn", kind=SuccessionKind.MERGED_INTO, effective_date=date(2025, 3, 1)
    )
    event.predecessors.set([information])
    event.successors.set([science])
    invalidate_index()
    yield {"science": science, "information": information, "closed": closed, "opened": opened}
    invalidate_index()


@pytest.fixture
def plan_2022(confirmed_plan, units):
    return confirmed_plan(
        province_plan_text(number="203/KH-UBND", day="29/12/2021", tasks=TASKS_2022, year=2022),
        name="tinh-2022.txt",
    )


def _stts(concerns):
    return [c.task.stt for c in concerns]


def test_a_task_of_the_merged_department_concerns_its_successor_today(plan_2022, units):
    from cchc.plans.derive import tasks_concerning

    concerns = tasks_concerning(plan_2022, units["science"])
    assert _stts(concerns) == ["1", "2"]
    assert concerns[0].role == "lead" and concerns[0].addressed_to == "Sở Thông tin và Truyền thông"
    assert concerns[1].role == "coordinator" and concerns[1].via_group == "Các sở, ban, ngành tỉnh"


def test_the_draft_says_whose_task_the_unit_inherited(plan_2022, units, personas):
    from cchc.plans.derive import plan_derive

    draft = plan_derive(parent=plan_2022, unit=units["science"], actor=personas.admin)
    inherited = draft.tasks[0]
    assert inherited.lead == ["Sở Khoa học và Công nghệ"]
    assert "giao Sở Thông tin và Truyền thông chủ trì" in inherited.note


def test_before_the_merger_the_successor_is_not_held_to_the_predecessors_tasks(plan_2022, units):
    from cchc.plans.derive import tasks_concerning

    assert _stts(tasks_concerning(plan_2022, units["science"], as_of=date(2022, 1, 20))) == ["2"]


def test_the_predecessor_keeps_its_own_tasks(plan_2022, units):
    from cchc.plans.derive import tasks_concerning

    concerns = tasks_concerning(plan_2022, units["information"])
    assert _stts(concerns) == ["1", "2"] and concerns[0].addressed_to is None


def test_a_group_phrase_counts_only_the_units_that_existed_on_the_plans_date(plan_2022, units):
    from cchc.plans.derive import tasks_concerning

    assert tasks_concerning(plan_2022, units["closed"]) == []
    assert tasks_concerning(plan_2022, units["opened"]) == []


def test_a_group_phrase_joined_to_an_unreadable_part_still_counts(confirmed_plan, units):
    from cchc.plans.derive import tasks_concerning

    damaged = confirmed_plan(
        province_plan_text(
            number="91/KH-UBND",
            day="10/06/2023",
            tasks=(
                (
                    "1",
                    "Cập nhật chuyên trang CCHC",
                    "Tin",
                    "Sở Tư pháp",
                    "Các sở, ban, ngành tỉnh và GMZU cấp huyện",
                    "Năm 2023",
                ),
            ),
        ),
        name="tinh-ocr.txt",
    )
    [concern] = tasks_concerning(damaged, units["science"])
    assert concern.via_group == "Các sở, ban, ngành tỉnh và GMZU cấp huyện"


def test_a_plan_written_after_the_merger_concerns_the_predecessor_through_its_successor(
    confirmed_plan, units
):
    from cchc.plans.derive import tasks_concerning

    later = confirmed_plan(
        province_plan_text(
            number="88/KH-UBND",
            day="10/06/2025",
            tasks=(
                (
                    "1",
                    "Số hóa hồ sơ thủ tục hành chính",
                    "Dữ liệu",
                    "Sở Khoa học và Công nghệ",
                    "",
                    "Năm 2025",
                ),
            ),
        ),
        name="tinh-2025.txt",
    )
    [concern] = tasks_concerning(later, units["information"])
    assert concern.addressed_to == "Sở Khoa học và Công nghệ"


def test_a_plan_written_before_the_merger_does_not_give_the_successors_tasks_to_the_predecessor(
    confirmed_plan, units
):
    from cchc.plans.derive import tasks_concerning

    earlier = confirmed_plan(
        province_plan_text(
            number="90/KH-UBND",
            day="10/06/2023",
            tasks=(
                (
                    "1",
                    "Tuyên truyền về đổi mới sáng tạo",
                    "Tin, bài",
                    "Sở Khoa học và Công nghệ",
                    "",
                    "Năm 2023",
                ),
            ),
        ),
        name="tinh-2023.txt",
    )
    assert tasks_concerning(earlier, units["information"]) == []


def test_a_plan_without_a_readable_date_is_read_as_of_its_year(plan_2022, units):
    from cchc.plans.derive import plan_reference_date, tasks_concerning

    plan_2022.issue_date = None
    plan_2022.save(update_fields=["issue_date"])
    assert plan_reference_date(plan_2022) == date(2022, 1, 1)
    assert tasks_concerning(plan_2022, units["opened"]) == []


# --- the shipped registry ---------------------------------------------------------------------


@pytest.fixture
def registry(personas):
    from cchc.orgs.resolve import invalidate_index
    from cchc.orgs.services import load_shipped_registry

    load_shipped_registry()
    invalidate_index()
    yield
    invalidate_index()


REAL_TASKS = (
    (
        "1",
        "Duy trì chuyên mục cải cách hành chính trên Cổng thông tin điện tử tỉnh",
        "Chuyên mục",
        "Sở Thông tin và Truyền thông",
        "",
        "Năm 2022",
    ),
    (
        "2",
        "Tuyên truyền cải thiện môi trường đầu tư kinh doanh",
        "Kế hoạch",
        "Sở Kế hoạch và Đầu tư",
        "Các sở, ban, ngành tỉnh",
        "Thường xuyên",
    ),
    (
        "3",
        "Tuyên truyền về xây dựng nông thôn mới",
        "Tin, bài",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "",
        "Năm 2022",
    ),
)


@pytest.fixture
def real_plan(registry, confirmed_plan):
    return confirmed_plan(
        province_plan_text(number="203/KH-UBND", day="29/12/2021", tasks=REAL_TASKS, year=2022),
        name="hy-2022.txt",
    )


def test_with_the_shipped_registry_todays_science_department_inherits_the_2022_information_tasks(real_plan):
    from cchc.orgs.models import Unit
    from cchc.plans.derive import tasks_concerning

    assert real_plan.issuer_unit.code == "hy-ubnd-tinh"
    concerns = tasks_concerning(real_plan, Unit.objects.get(code="hy-so-khcn"))
    assert _stts(concerns) == ["1", "2"]
    assert concerns[0].addressed_to == "Sở Thông tin và Truyền thông tỉnh Hưng Yên"


def test_with_the_shipped_registry_a_department_born_of_a_merger_inherits_both_halves(real_plan):
    from cchc.orgs.models import Unit
    from cchc.plans.derive import tasks_concerning

    # Sở Nông nghiệp và Môi trường (from 01/3/2025) did not exist in 2022: the group phrase
    # reaches it through Sở NN&PTNT and Sở TN&MT, which did.
    concerns = tasks_concerning(real_plan, Unit.objects.get(code="hy-so-nnmt"))
    assert _stts(concerns) == ["2", "3"]
    assert concerns[1].addressed_to == "Sở Nông nghiệp và Phát triển nông thôn tỉnh Hưng Yên"


def test_with_the_shipped_registry_planning_and_investment_tasks_go_to_finance(real_plan):
    from cchc.orgs.models import Unit
    from cchc.plans.derive import tasks_concerning

    concerns = tasks_concerning(real_plan, Unit.objects.get(code="hy-so-tai-chinh"))
    [lead] = [c for c in concerns if c.task.stt == "2"]
    assert lead.role == "lead" and lead.addressed_to == "Sở Kế hoạch và Đầu tư tỉnh Hưng Yên"
