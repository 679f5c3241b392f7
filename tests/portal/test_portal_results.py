"""PAR Index / SIPAS results: entered one by one or imported from a sheet by the administrator,
shown publicly as an SVG chart with a table beside it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.audit.models import AuditEntry
from cchc.portal import services
from cchc.portal.models import IndexResult

pytestmark = pytest.mark.django_db


def sheet(p, *rows) -> bytes:
    lines = ["Năm,Đơn vị,Chỉ số,Điểm,Xếp hạng"] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_the_admin_imports_a_sheet_by_unit_name_or_code(personas):
    data = sheet(
        personas,
        ("2024", f'"{personas.unit_a.name}"', "PAR INDEX", '"88,5"', "1"),
        ("2024", personas.unit_b.code, "SIPAS", "80.25", ""),
    )
    report = services.results_import(actor=personas.admin, data=data, filename="kq.csv")
    assert (report.created, report.updated, report.errors) == (2, 0, [])
    report = services.results_import(actor=personas.admin, data=data, filename="kq.csv")
    assert (report.created, report.updated) == (0, 2)
    assert IndexResult.objects.get(unit=personas.unit_a).score == 88.5
    assert AuditEntry.objects.filter(action="portal.results.imported").count() == 2


def test_one_unknown_unit_and_nothing_is_imported(personas):
    data = sheet(
        personas, ("2024", personas.unit_b.code, "PAR", "80", ""), ("2024", "Sở Không Có", "PAR", "70", "")
    )
    report = services.results_import(actor=personas.admin, data=data, filename="kq.csv")
    assert report.saved == 0 and report.errors[0][0] == 3 and "Sở Không Có" in report.errors[0][1]
    assert not IndexResult.objects.exists()


def test_editors_may_not_enter_results(personas):
    with pytest.raises(PermissionDenied):
        services.result_save(actor=personas.editor, unit=personas.unit_a, year=2024, kind="par", score=80)
    with pytest.raises(PermissionDenied):
        services.results_import(actor=personas.editor, data=b"", filename="kq.csv")


def test_a_score_over_100_is_refused(personas):
    with pytest.raises(ValidationError):
        services.result_save(actor=personas.admin, unit=personas.unit_a, year=2024, kind="par", score=101)
    assert not IndexResult.objects.exists()


def test_the_public_page_draws_a_chart_and_a_table_per_index(client_for, personas):
    services.result_save(actor=personas.admin, unit=personas.unit_a, year=2023, kind="par", score=70, rank=2)
    services.result_save(
        actor=personas.admin, unit=personas.unit_a, year=2024, kind="par", score=91.5, rank=1
    )
    services.result_save(actor=personas.admin, unit=personas.unit_b, year=2024, kind="sipas", score=84)
    html = client_for("anonymous").get(reverse("portal:results")).content.decode()
    assert html.count("<svg") == 2 and 'aria-labelledby="chart-par-title chart-par-desc"' in html
    assert "91,50" in html and "2024" in html
    older = client_for("anonymous").get(reverse("portal:results") + "?nam=2023").content.decode()
    assert "70,00" in older and "91,50" not in older


def test_the_import_page_lists_the_lines_to_fix(client_for, personas):
    upload = SimpleUploadedFile("kq.csv", sheet(personas, ("2024", "Không có", "PAR", "70", "")))
    response = client_for("admin").post(reverse("portal_admin:results_import"), {"file": upload})
    assert response.status_code == 200
    assert "Dòng 2" in response.content.decode()
    upload = SimpleUploadedFile("kq.csv", sheet(personas, ("2024", personas.unit_a.code, "PAR", "70", "")))
    response = client_for("admin").post(reverse("portal_admin:results_import"), {"file": upload})
    assert response.status_code == 302 and IndexResult.objects.count() == 1


def test_the_template_file_imports_as_it_is(client_for, personas):
    template = client_for("admin").get(reverse("portal_admin:results_template")).content
    report = services.results_import(actor=personas.admin, data=template, filename="mau.csv")
    assert report.errors == [] and report.created == 2
