"""PAR Index / SIPAS results read from CSV and XLSX, headers found with or without diacritics."""

import io

import pytest
from openpyxl import Workbook

from cchc.portal.results_io import parse_results


def test_it_reads_a_csv_with_vietnamese_headers_and_decimal_commas():
    data = "Năm;Đơn vị;Chỉ số;Điểm;Xếp hạng\n2024;Sở Nội vụ;PAR INDEX;87,5;1\n2024;Sở Tư pháp;SIPAS;85,10%;\n"
    sheet = parse_results(data.encode("utf-8-sig"), "kq.csv")
    assert sheet.errors == []
    first, second = sheet.rows
    assert (first.year, first.unit, first.kind, str(first.score), first.rank) == (
        2024,
        "Sở Nội vụ",
        "par",
        "87.50",
        1,
    )
    assert (second.kind, str(second.score), second.rank) == ("sipas", "85.10", None)


def test_it_reads_an_xlsx_with_headers_without_diacritics_in_another_order():
    book = Workbook()
    book.active.append(["Diem", "Chi so", "Don vi", "Nam"])
    book.active.append([91.25, "Chỉ số hài lòng", "so-noi-vu", 2023])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = parse_results(buffer.getvalue(), "ket-qua.xlsx")
    assert [(r.year, r.unit, r.kind, str(r.score)) for r in sheet.rows] == [
        (2023, "so-noi-vu", "sipas", "91.25")
    ]


def test_it_reports_bad_rows_by_line_number():
    data = "Năm,Đơn vị,Chỉ số,Điểm\nhai nghìn,A,PAR,80\n2024,B,ABC,80\n2024,C,PAR,120\n2024,,PAR,50\n2024,D,PAR,x\n"
    sheet = parse_results(data.encode(), "kq.csv")
    assert sheet.rows == []
    assert [line for line, _ in sheet.errors] == [2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"a,b\n1,2\n", "kq.csv", "Thiếu cột"),
        (b"", "kq.csv", "không có dữ liệu"),
        (b"x", "kq.pdf", "Chỉ nhận"),
    ],
)
def test_it_refuses_a_file_it_cannot_use(data, name, message):
    with pytest.raises(ValueError, match=message):
        parse_results(data, name)
