"""A made-up province plan giving tasks to a made-up department, and that department's plan."""

from __future__ import annotations

from plan_documents import plan_text

PROVINCE_TASKS = (
    (
        "1",
        "Xây dựng chuyên mục cải cách hành chính trên cổng thông tin",
        "Chuyên mục",
        "Sở Khoa học và Công nghệ",
        "Sở Tư pháp",
        "Năm 2025",
    ),
    (
        "2",
        "Tổ chức cuộc thi tìm hiểu về chính quyền số",
        "Cuộc thi",
        "Sở Tư pháp",
        "Sở Khoa học và Công nghệ",
        "Quý III/2025",
    ),
    ("3", "Biên soạn tài liệu hỏi đáp về thủ tục hành chính", "Tài liệu", "Sở Tư pháp", "", "Quý II/2025"),
)


def province_text(number: str = "230/KH-UBND", day: str = "28/12/2024") -> str:
    text = plan_text(number=number, district="HƯNG YÊN", day=day, tasks=PROVINCE_TASKS)
    return text.replace("HUYỆN HƯNG YÊN", "TỈNH HƯNG YÊN").replace(
        "Ủy ban nhân dân huyện", "Ủy ban nhân dân tỉnh"
    )


def department_text(
    *, number: str = "15/KH-SKHCN", day: str = "20/01/2025", implements: str = "230/KH-UBND ngày 28/12/2024"
) -> str:
    tasks = (
        (
            "1",
            "Xây dựng chuyên mục cải cách hành chính trên trang thông tin điện tử của Sở",
            "Chuyên mục",
            "Văn phòng Sở",
            "",
            "Năm 2025",
        ),
        (
            "2",
            "Tập huấn kỹ năng an toàn thông tin cho công chức",
            "Lớp tập huấn",
            "Phòng Quản lý công nghệ",
            "",
            "Quý IV/2025",
        ),
    )
    text = plan_text(number=number, district="HƯNG YÊN", day=day, implements=implements, tasks=tasks)
    return text.replace(
        "ỦY BAN NHÂN DÂN\nHUYỆN HƯNG YÊN", "UBND TỈNH HƯNG YÊN\nSỞ KHOA HỌC VÀ CÔNG NGHỆ"
    ).replace("Ủy ban nhân dân huyện", "Sở Khoa học và Công nghệ")


def make_science_department(personas):
    """A department named as the fixture plans name it, with one division; the resolver index rebuilt."""
    from cchc.orgs.models import Unit, UnitKind
    from cchc.orgs.resolve import invalidate_index

    department = Unit.objects.create(
        code="kiemthu-so-khcn",
        name="Sở Khoa học và Công nghệ",
        kind=UnitKind.DEPARTMENT,
        parent=personas.province,
    )
    Unit.objects.create(
        code="kiemthu-khcn-van-phong", name="Văn phòng Sở", kind=UnitKind.DEPARTMENT, parent=department
    )
    invalidate_index()
    return department
