"""Plan documents written for these tests: a made-up district plan and a province plan in the
shape the parser reads. Never text from the corpus."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

DEFAULT_TASKS = (
    (
        "1",
        "Đăng tin, bài về cải cách hành chính",
        "Tin, bài",
        "Phòng Nội vụ",
        "Phòng Văn hóa và Thông tin",
        "Thường xuyên",
    ),
    ("2", "Tổ chức tọa đàm về chuyển đổi số", "Hội nghị", "Phòng Tư pháp", "", "Quý II/2025"),
)


def plan_text(
    *,
    number: str = "41/KH-UBND",
    district: str = "KIM ĐỘNG",
    day: str = "20/01/2025",
    title: str = "Tuyên truyền cải cách hành chính năm 2025",
    implements: str | None = None,
    tasks=DEFAULT_TASKS,
) -> str:
    """A small plan in the shape the parser reads: header, opening citations, sections, task table."""
    d, m, y = day.split("/")
    if implements:
        opening = f"Thực hiện Kế hoạch số {implements} của Ủy ban nhân dân tỉnh về tuyên truyền cải cách hành chính;"
    else:
        opening = "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;"
    rows = "\n".join(f"| {' | '.join(row)} |" for row in tasks)
    return f"""ỦY BAN NHÂN DÂN
HUYỆN {district}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: {number}
{district.title()}, ngày {d} tháng {m} năm {y}
KẾ HOẠCH
{title}
{opening}
Ủy ban nhân dân huyện ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức của cán bộ, công chức và người dân.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ: theo dõi, đôn đốc thực hiện Kế hoạch.
Phụ lục
| STT | Nhiệm vụ | Sản phẩm | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |
|---|---|---|---|---|---|
{rows}
"""


def province_plan_text(*, number: str = "230/KH-UBND", day: str = "28/12/2024") -> str:
    d, m, y = day.split("/")
    return f"""ỦY BAN NHÂN DÂN
TỈNH HƯNG YÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: {number}
Hưng Yên, ngày {d} tháng {m} năm {y}
KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2025
Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;
Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao chất lượng tuyên truyền.
Phụ lục
| STT | Nhiệm vụ | Sản phẩm | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |
|---|---|---|---|---|---|
| 1 | Xây dựng chuyên mục cải cách hành chính | Chuyên mục | Sở Nội vụ | Sở Tư pháp | Năm 2025 |
"""


def upload(text: str, name: str = "ke-hoach.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")
