"""Header fields: number, issuer, place and date, title, plan year, signer."""

from __future__ import annotations

from pathlib import Path

from cchc.ingest.parse.header import agency_case, parse_date_line, parse_number, position_case
from cchc.ingest.pipeline import parse_file, parse_source
from cchc.ingest.readers.text import text_to_source

FIXTURES = Path(__file__).parent / "fixtures" / "text"


def test_it_reads_a_header_laid_out_one_cell_per_line():
    plan = parse_file(FIXTURES / "plan_header_lines.txt")
    assert (plan.number, plan.issue_date, plan.place) == ("41/KH-UBND", "2025-01-20", "Hòa Phong")
    assert plan.issuer == "Ủy ban nhân dân tỉnh Hòa Phong"
    assert plan.title == "Tuyên truyền cải cách hành chính năm 2025"
    assert plan.plan_year == 2025


def test_it_reads_two_header_columns_joined_by_a_bar():
    plan = parse_file(FIXTURES / "plan_header_pipe.txt")
    assert (plan.number, plan.issue_date) == ("07/KH-SNV", "2025-02-05")
    assert plan.issuer == "Sở Nội vụ tỉnh Hòa Phong"
    assert plan.parent_body == "Ủy ban nhân dân tỉnh Hòa Phong"


def test_it_turns_an_upper_case_title_to_sentence_case_keeping_the_issuer_name():
    plan = parse_file(FIXTURES / "plan_header_pipe.txt")
    assert plan.title == "Tuyên truyền cải cách hành chính của Sở Nội vụ năm 2025"


def test_it_reads_the_signer_with_both_tm_and_kt():
    signer = parse_file(FIXTURES / "plan_header_lines.txt").signer
    assert (signer.name, signer.position, signer.authority) == ("Trần Văn Bình", "Phó Chủ tịch", "KT.")
    assert signer.block == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"


def test_it_takes_issuer_title_and_year_from_the_body_when_there_is_no_title_line():
    plan = parse_file(FIXTURES / "plan_no_title.txt")
    assert plan.number is None
    assert plan.issuer == "Sở Văn hóa, Thể thao và Du lịch tỉnh Hòa Phong"
    assert plan.title == "Tuyên truyền cải cách hành chính năm 2025"
    assert plan.plan_year == 2025


def test_it_gives_no_number_when_the_number_is_blank():
    assert parse_number("Số: /KH - SNV") is None
    assert parse_number("Số: 07/KH - SNV") == "07/KH-SNV"


def test_it_gives_no_date_when_only_month_and_year_are_filled_in():
    assert parse_date_line("Hòa Phong, ngày    tháng 12 năm 2024") == ("Hòa Phong", None)
    assert parse_date_line("Hòa Phong, ngày 05 tháng 01 năm 2025") == ("Hòa Phong", "2025-01-05")


def test_it_writes_upper_case_agency_names_in_their_usual_case():
    assert agency_case("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI") == "Sở Lao động - Thương binh và Xã hội"
    assert agency_case("UBND THÀNH PHỐ BẾN NGHÉ") == "Ủy ban nhân dân thành phố Bến Nghé"
    assert position_case("PHÓ GIÁM ĐỐC") == "Phó Giám đốc"


def test_it_reads_legal_bases_by_position_in_the_document():
    plan = parse_file(FIXTURES / "plan_header_lines.txt")
    roles = {c.number: c.role for c in plan.legal_bases}
    assert roles == {
        "15/2024/QĐ-UBND": "basis",
        "230/KH-UBND": "basis",
        "76/NQ-CP": "content_reference",
        "12/CT-UBND": "content_reference",
    }


def test_it_lists_top_level_sections_and_responsibilities():
    plan = parse_file(FIXTURES / "plan_header_lines.txt")
    assert [s.heading for s in plan.sections] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN",
        "III. TỔ CHỨC THỰC HIỆN",
        "IV. KINH PHÍ THỰC HIỆN",
    ]
    assert [(r.agency, r.duties_count) for r in plan.responsibilities] == [
        ("Sở Nội vụ", 1),
        ("Sở Thông tin và Truyền thông", 3),
        ("Các sở, ban, ngành tỉnh; UBND các huyện, thành phố", 1),
    ]
    assert plan.funding and plan.funding.startswith("Kinh phí thực hiện từ ngân sách")


def test_it_reads_two_header_columns_printed_on_one_line():
    text = "\n".join(
        [
            "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "XÃ AN THẠNH          Độc lập - Tự do - Hạnh phúc",
            "Số: 09/KH-UBND An Thạnh, ngày 12 tháng 3 năm 2026",
            "KẾ HOẠCH",
            "Tuyên truyền cải cách hành chính năm 2026",
        ]
    )
    plan = parse_source(text_to_source(text, "xa.txt"))
    assert (plan.number, plan.place, plan.issue_date) == ("09/KH-UBND", "An Thạnh", "2026-03-12")
    assert plan.issuer == "Ủy ban nhân dân xã An Thạnh"


def test_it_hands_each_agency_to_the_registry_resolver_with_the_plan_date():
    calls = []

    def registry(name, *, on=None, issuer=None):
        calls.append((name, on))
        return [{"unit": name.upper(), "score": 0.9}] if name.startswith("Sở") else []

    plan = parse_file(FIXTURES / "plan_header_lines.txt", resolver=registry)
    first = plan.tasks[0]
    assert first.lead_refs[0].units == [{"unit": "SỞ NỘI VỤ", "score": 0.9}]
    assert first.lead_refs[0].confidence == 0.9
    assert ("Báo Hòa Phong", "2025-01-20") in calls


def test_it_reads_responsibilities_written_as_bullets():
    text = "\n".join(
        [
            "KẾ HOẠCH",
            "Tuyên truyền cải cách hành chính năm 2026",
            "I. MỤC ĐÍCH",
            "Nâng cao nhận thức.",
            "II. TỔ CHỨC THỰC HIỆN",
            "- Phòng Nội vụ: theo dõi, đôn đốc thực hiện Kế hoạch;",
            "- Giao Văn phòng HĐND và UBND huyện: cập nhật tin bài",
            "trên Trang thông tin điện tử huyện.",
            "Trong quá trình thực hiện, nếu có vướng mắc, báo cáo về Phòng Nội vụ.",
        ]
    )
    plan = parse_source(text_to_source(text, "gach-dau-dong.txt"))
    assert [(r.agency, r.duties_count) for r in plan.responsibilities] == [
        ("Phòng Nội vụ", 1),
        ("Văn phòng HĐND và UBND huyện", 1),
    ]
    assert plan.responsibilities[1].duties == ["cập nhật tin bài trên Trang thông tin điện tử huyện."]
