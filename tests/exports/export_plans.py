"""Test helper: plans for the export tests, written in our own words for a fictional province
(Sông Mây), plus the way to the shared corpus."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from cchc.ingest.model import Citation, PlanDocument, Responsibility, Section, Signer, Task

SHARED_CORPUS_DOCS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "docs"


def provincial_plan() -> PlanDocument:
    """A plan of the provincial People's Committee, signed by a vice-chair for the committee."""
    return PlanDocument(
        doc_type="KH",
        number="193/KH-UBND",
        issuer="Ủy ban nhân dân tỉnh Sông Mây",
        issue_date="2031-01-05",
        place="Sông Mây",
        title="Tuyên truyền cải cách hành chính năm 2031",
        plan_year=2031,
        signer=Signer(
            name="Lê Thị Minh Hoà",
            position="Phó Chủ tịch",
            authority="KT.",
            block="TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        ),
        legal_bases=[
            Citation(
                raw="Quyết định số 88/QĐ-UBND ngày 14/3/2030 của Ủy ban nhân dân tỉnh về cải cách hành chính",
                number="88/QĐ-UBND",
                role="basis",
            ),
            Citation(
                raw="Kế hoạch số 241/KH-UBND ngày 20/12/2030 của Ủy ban nhân dân tỉnh về cải cách hành chính năm 2031",
                number="241/KH-UBND",
                role="basis",
            ),
        ],
        sections=[
            Section(
                number="I",
                title="MỤC ĐÍCH, YÊU CẦU",
                level=1,
                heading="I. MỤC ĐÍCH, YÊU CẦU",
                children=[
                    Section(number="1", title="Mục đích", level=2, heading="1. Mục đích"),
                    Section(number="2", title="Yêu cầu", level=2, heading="2. Yêu cầu"),
                ],
            ),
            Section(
                number="II",
                title="NỘI DUNG TUYÊN TRUYỀN",
                level=1,
                heading="II. NỘI DUNG TUYÊN TRUYỀN",
                children=[
                    Section(
                        number="1",
                        title="Hình thức tuyên truyền",
                        level=2,
                        heading="1. Hình thức tuyên truyền",
                        children=[
                            Section(
                                number="a",
                                title="Trên báo chí và cổng thông tin điện tử",
                                level=3,
                                heading="a) Trên báo chí và cổng thông tin điện tử",
                            ),
                            Section(
                                number="b",
                                title="Qua hội nghị, hội thi ở cơ sở",
                                level=3,
                                heading="b) Qua hội nghị, hội thi ở cơ sở",
                            ),
                        ],
                    ),
                ],
            ),
            Section(number="III", title="KINH PHÍ THỰC HIỆN", level=1, heading="III. KINH PHÍ THỰC HIỆN"),
            Section(number="IV", title="TỔ CHỨC THỰC HIỆN", level=1, heading="IV. TỔ CHỨC THỰC HIỆN"),
        ],
        funding="Kinh phí thực hiện được bố trí trong dự toán ngân sách năm 2031 của các cơ quan, đơn vị.",
        responsibilities=[
            Responsibility(
                agency="Sở Nội vụ",
                duties=[
                    "Chủ trì theo dõi, đôn đốc các cơ quan thực hiện Kế hoạch",
                    "Tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 10 tháng 12",
                ],
            ),
            Responsibility(
                agency="Báo Sông Mây",
                duties=[
                    "Báo Sông Mây có trách nhiệm mở chuyên mục về cải cách hành chính trên các ấn phẩm của Báo."
                ],
            ),
        ],
        has_appendix=True,
        tasks=[
            Task(
                stt="1",
                task="Đăng tin, bài về kết quả cải cách thủ tục hành chính của tỉnh",
                products="Tin, bài, phóng sự",
                lead=["Báo Sông Mây"],
                coordinators=["Sở Nội vụ", "Văn phòng Ủy ban nhân dân tỉnh"],
                timeframe="Thường xuyên",
            ),
            Task(
                stt="2",
                task="Tổ chức hội thi tìm hiểu dịch vụ công trực tuyến cho đoàn viên thanh niên",
                products="Hội thi cấp tỉnh",
                lead=["Sở Nội vụ"],
                coordinators=["Tỉnh đoàn Sông Mây"],
                timeframe="Quý III/2031",
            ),
            Task(
                stt="3",
                task="In tờ gấp hướng dẫn nộp hồ sơ trực tuyến tại bộ phận một cửa",
                products="Tờ gấp",
                lead=["Sở Tư pháp"],
                coordinators=[],
                timeframe="Tháng 6/2031",
            ),
        ],
    )


def department_plan() -> PlanDocument:
    """A plan of a department under the provincial committee (the header names both)."""
    return PlanDocument(
        doc_type="KH",
        number="07/KH-SNV",
        issuer="Sở Nội vụ tỉnh Sông Mây",
        parent_body="Ủy ban nhân dân tỉnh Sông Mây",
        issue_date="2032-02-09",
        place="Sông Mây",
        title="Tuyên truyền cải cách hành chính năm 2032 của Sở Nội vụ",
        plan_year=2032,
        signer=Signer(name="Trần Văn Khải", position="Giám đốc", authority=None, block="GIÁM ĐỐC"),
        legal_bases=[
            Citation(
                raw="Kế hoạch số 15/KH-UBND ngày 03/01/2032 của Ủy ban nhân dân tỉnh",
                number="15/KH-UBND",
                role="basis",
            )
        ],
        sections=[
            Section(number="I", title="MỤC TIÊU", level=1, heading="I. MỤC TIÊU"),
            Section(number="II", title="TỔ CHỨC THỰC HIỆN", level=1, heading="II. TỔ CHỨC THỰC HIỆN"),
        ],
        responsibilities=[
            Responsibility(agency="Văn phòng Sở", duties=["Văn phòng Sở theo dõi và tổng hợp kết quả."]),
        ],
        has_appendix=True,
        tasks=[
            Task(
                stt="1",
                task="Cập nhật chuyên mục cải cách hành chính trên trang thông tin của Sở",
                products="Chuyên mục",
                lead=["Văn phòng Sở"],
                coordinators=["Các phòng chuyên môn thuộc Sở"],
                timeframe="Hằng tháng",
            )
        ],
    )


def open_docx(content: bytes):
    return Document(io.BytesIO(content))


def corpus_file(prefix: str) -> Path:
    if not SHARED_CORPUS_DOCS.is_dir():
        pytest.skip(f"team corpus not found at {SHARED_CORPUS_DOCS} (needs ../shared next to the checkout)")
    found = sorted(SHARED_CORPUS_DOCS.glob(f"{prefix}_*"))
    if not found:
        pytest.skip(f"corpus document {prefix} is not in {SHARED_CORPUS_DOCS}")
    return found[0]
