"""The registry pages, through the test client."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.audit.models import AuditEntry
from cchc.orgs.models import SuccessionEvent, Unit

pytestmark = pytest.mark.django_db


def test_the_tree_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("orgs:tree"))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_the_tree_shows_the_units_valid_on_the_chosen_date(registry, client_for):
    page = client_for("officer_a").get(reverse("orgs:tree"), {"on": "01/01/2024"}).content.decode()
    assert "Đài Phát thanh và Truyền hình Hưng Yên" in page
    assert "<details" in page
    later = client_for("officer_a").get(reverse("orgs:tree"), {"on": "01/08/2025"}).content.decode()
    assert "Đài Phát thanh và Truyền hình Hưng Yên" not in later
    assert "Ủy ban nhân dân phường Phố Hiến" in later


def test_an_unreadable_date_falls_back_to_today_with_a_warning(registry, client_for):
    response = client_for("officer_a").get(reverse("orgs:tree"), {"on": "31/02/2024"})
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()


def test_the_search_ignores_diacritics(registry, client_for):
    page = client_for("officer_a").get(reverse("orgs:tree"), {"q": "dai phat thanh"}).content.decode()
    assert "Đài Phát thanh và Truyền hình Thái Bình" in page


def test_the_detail_page_shows_history_and_the_unverified_mark(registry, client_for, unit_by_code):
    radio = unit_by_code("hy-dai-ptth")
    page = client_for("officer_a").get(reverse("orgs:unit_detail", args=[radio.pk])).content.decode()
    assert "Báo Hưng Yên" in page and "01/04/2025" in page
    unverified = unit_by_code("hy-so-y-te")
    page = client_for("officer_a").get(reverse("orgs:unit_detail", args=[unverified.pk])).content.decode()
    assert "chưa được kiểm chứng" in page and "[unverified list]" in page


def test_a_missing_unit_is_a_404(client_for, personas):
    assert client_for("officer_a").get(reverse("orgs:unit_detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["orgs:unit_create", "orgs:succession_create", "orgs:import"])
def test_a_unit_officer_may_not_open_the_editing_pages(client_for, name):
    assert client_for("officer_a").get(reverse(name)).status_code == 403


def test_the_administrator_creates_a_unit_through_the_form(client_for, personas):
    response = client_for("admin").post(
        reverse("orgs:unit_create"),
        {
            "name": "Trung tâm Truyền thông (kiểm thử)",
            "kind": "public_service_unit",
            "parent": personas.province.pk,
            "valid_from": "01/01/2024",
            "verified": "on",
            "aliases": "TTTT-KT\nformer_name:Trung tâm cũ",
        },
    )
    unit = Unit.objects.get(name="Trung tâm Truyền thông (kiểm thử)")
    assert response.status_code == 302 and response["Location"] == reverse("orgs:unit_detail", args=[unit.pk])
    assert sorted(unit.aliases.values_list("kind", flat=True)) == ["alias", "former_name"]


def test_the_form_shows_the_services_objection(client_for, personas):
    response = client_for("admin").post(
        reverse("orgs:unit_edit", args=[personas.parent_of_a.pk]),
        {"name": personas.parent_of_a.name, "kind": "department", "parent": personas.unit_a.pk},
    )
    assert response.status_code == 200
    assert "vòng lặp" in response.content.decode()


def test_a_rename_through_the_form_is_audited(client_for, personas):
    client_for("admin").post(
        reverse("orgs:unit_edit", args=[personas.unit_b.pk]),
        {
            "name": "Sở Tư pháp (đổi tên)",
            "kind": "department",
            "parent": personas.province.pk,
            "verified": "on",
        },
    )
    assert AuditEntry.objects.filter(action="orgs.unit.renamed", object_id=str(personas.unit_b.pk)).exists()


def test_the_administrator_records_a_merger(client_for, personas):
    response = client_for("admin").post(
        reverse("orgs:succession_create"),
        {
            "kind": "merged_into",
            "effective_date": "01/03/2025",
            "predecessors": [personas.unit_b.pk],
            "successors": [personas.home_affairs.pk],
            "verified": "on",
        },
    )
    assert response.status_code == 302
    assert SuccessionEvent.objects.get(predecessors=personas.unit_b).successors.get() == personas.home_affairs


@pytest.mark.parametrize(("fmt", "type_"), [("json", "application/json"), ("csv", "text/csv")])
def test_the_registry_downloads_as_a_file(registry, client_for, fmt, type_):
    response = client_for("officer_a").get(reverse("orgs:export"), {"format": fmt})
    assert response["Content-Type"].startswith(type_)
    assert "attachment" in response["Content-Disposition"]


def test_an_unknown_export_format_is_a_clear_400(client_for):
    assert client_for("officer_a").get(reverse("orgs:export"), {"format": "xml"}).status_code == 400


def test_the_administrator_imports_an_uploaded_file(client_for, personas):
    data = {"format": "cchc-orgs-registry", "units": [{"code": "moi", "name": "Đơn vị mới", "kind": "other"}]}
    upload = SimpleUploadedFile("danh-muc.json", json.dumps(data).encode(), content_type="application/json")
    response = client_for("admin").post(reverse("orgs:import"), {"file": upload})
    assert response.status_code == 302
    assert Unit.objects.filter(code="moi").exists()


def test_a_broken_upload_is_explained_on_the_form(client_for, personas):
    upload = SimpleUploadedFile("hong.json", b"{", content_type="application/json")
    response = client_for("admin").post(reverse("orgs:import"), {"file": upload})
    assert response.status_code == 200
    assert "JSON không hợp lệ" in response.content.decode()
