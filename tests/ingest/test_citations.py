"""Citations: '<loại> số <ký hiệu> ngày <ngày> của <cơ quan>' in running text."""

from __future__ import annotations

from cchc.ingest.normalize.citations import (
    canonical_issuer,
    check_symbol,
    find_citations,
    join_lines,
    merge_citations,
    normalize_symbol_text,
)


def cite(text: str):
    return [c for _, c in find_citations(normalize_symbol_text(text))]


def test_it_reads_type_number_date_and_issuer():
    (c,) = cite("Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2025 của UBND tỉnh Hòa Phong về tuyên truyền;")
    assert (c.doc_type, c.number, c.date, c.issuer) == ("Kế hoạch", "12/KH-UBND", "2025-01-05", "UBND tỉnh")
    assert c.raw == "Kế hoạch số 12/KH-UBND ngày 05/01/2025 của UBND tỉnh Hòa Phong"


def test_it_reads_a_date_written_in_words():
    (c,) = cite("Quyết định số 3/2024/QĐ-UBND ngày 7 tháng 3 năm 2024 của Ủy ban nhân dân huyện")
    assert c.date == "2024-03-07"
    assert c.issuer == "UBND huyện"


def test_it_stops_raw_at_the_date_when_no_issuer_is_named():
    (c,) = cite("theo Quyết định số 88/QĐ-TTg ngày 30/3/2022, và các văn bản khác")
    assert c.raw == "Quyết định số 88/QĐ-TTg ngày 30/3/2022"
    assert c.issuer == "Thủ tướng Chính phủ"  # implied by the symbol's last code


def test_it_joins_a_symbol_broken_across_lines_without_a_space():
    text = join_lines(["các Quyết định: Quyết định số 1501/QĐ-", "TTg ngày 06/10/2020"])
    (c,) = cite(text)
    assert c.number == "1501/QĐ-TTg"


def test_it_normalizes_spaces_around_the_dash_of_a_symbol():
    (c,) = cite("Quyết định số 17/2021/QĐ - UBND ngày 12/8/2021 của UBND tỉnh")
    assert c.number == "17/2021/QĐ-UBND"
    assert c.raw == "Quyết định số 17/2021/QĐ-UBND ngày 12/8/2021 của UBND tỉnh"


def test_it_reads_party_symbols_and_citations_without_so():
    found = cite(
        "Nghị quyết 09-NQ/TU của Ban chấp hành Đảng bộ tỉnh về chuyển đổi số; Chỉ thị số 31-CT/TU ngày 10/8/2022 của Ban Thường vụ Tỉnh ủy"
    )
    assert [(c.number, c.date, c.issuer) for c in found] == [
        ("09-NQ/TU", None, "Ban Chấp hành Đảng bộ tỉnh"),
        ("31-CT/TU", "2022-08-10", "Ban Thường vụ Tỉnh ủy"),
    ]


def test_it_keeps_a_malformed_symbol_as_printed_with_a_suggestion():
    (c,) = cite("Quyết định số 4431QĐ-UBND ngày 25/7/2023 ban hành quy định")
    assert c.number == "4431QĐ-UBND"
    assert c.malformed is True
    assert c.suggested_number == "443/QĐ-UBND"


def test_it_flags_a_type_code_run_into_the_issuer_code():
    assert check_symbol("Chỉ thị", "23/CTTTg") == (True, "23/CT-TTg")
    assert check_symbol("Chỉ thị", "23/CT-TTg") == (False, None)


def test_it_prefers_the_correct_form_of_a_document_cited_twice():
    found = cite(
        "Chỉ thị số 11/CTTTg ngày 02/9/2021 của Thủ tướng Chính phủ và Chỉ thị số 11/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ"
    )
    merged = merge_citations(found)
    assert [c.number for c in merged] == ["11/CT-TTg"]


def test_it_deduplicates_by_number_in_order_of_first_appearance():
    found = cite(
        "Kế hoạch số 5/KH-UBND ngày 01/02/2024; Nghị quyết số 76/NQ-CP ngày 15/7/2021; Kế hoạch số 5/KH-UBND"
    )
    assert [c.number for c in merge_citations(found)] == ["5/KH-UBND", "76/NQ-CP"]


def test_it_ignores_numbers_that_are_dates_or_standards():
    assert cite("Hệ thống quản lý chất lượng TCVN ISO 9001:2015 và Kế hoạch năm 2024") == []


def test_it_canonicalises_issuers_to_short_labels():
    assert canonical_issuer("Chủ tịch Ủy ban nhân dân tỉnh Hòa Phong") == "Chủ tịch UBND tỉnh"
    assert canonical_issuer("Thủ tướng Chính phủ") == "Thủ tướng Chính phủ"
    assert canonical_issuer("Ban Thường vụ Tỉnh ủy") == "Ban Thường vụ Tỉnh ủy"
    assert canonical_issuer("Bộ Nội vụ") == "Bộ Nội vụ"


def test_it_reads_citations_whose_diacritics_were_lost():
    (c,) = cite("Thuc hien Ke hoach so 19/KH-UBND ngay 07/12/2021 cua UBND tinh")
    assert (c.doc_type, c.number, c.date) == ("Kế hoạch", "19/KH-UBND", "2021-12-07")
    (d,) = cite("ban hanh kem theo Quyet dinh sb 9/2020/QD-UBND ngay 12/8/2020")
    assert d.number == "9/2020/QĐ-UBND"
