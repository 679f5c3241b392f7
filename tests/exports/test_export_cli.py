"""`cchc export-docx FILE -o OUT.docx`: a pure command, one clear line on failure."""

from __future__ import annotations

from export_plans import open_docx, provincial_plan

from cchc.cli import main
from cchc.exports.docx_plan import render_plan_docx


def test_it_writes_the_official_docx_of_a_plan_file(tmp_path, capsys):
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(render_plan_docx(provincial_plan()))
    output = tmp_path / "ban-chinh-thuc.docx"
    assert main(["export-docx", str(source), "-o", str(output)]) == 0
    document = open_docx(output.read_bytes())
    assert document.tables[0].cell(1, 0).text == "Số: 193/KH-UBND"
    assert "ban-chinh-thuc.docx" in capsys.readouterr().out


def test_without_an_output_it_names_the_file_by_number_next_to_the_source(tmp_path):
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(render_plan_docx(provincial_plan()))
    assert main(["export-docx", str(source)]) == 0
    assert (tmp_path / "KH-193-KH-UBND-2031.docx").is_file()


def test_a_missing_file_is_one_line_and_exit_code_2(tmp_path, capsys):
    assert main(["export-docx", str(tmp_path / "absent.txt"), "-o", str(tmp_path / "out.docx")]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("cchc export-docx:") and "\n" not in error


def test_an_unreadable_file_is_one_line_and_exit_code_2(tmp_path, capsys):
    source = tmp_path / "hong.docx"
    source.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["export-docx", str(source), "-o", str(tmp_path / "out.docx")]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("cchc export-docx:") and "\n" not in error
    assert not (tmp_path / "out.docx").exists()


def test_missing_arguments_are_a_usage_error(capsys):
    assert main(["export-docx"]) == 2
    assert "lỗi tham số" in capsys.readouterr().err
