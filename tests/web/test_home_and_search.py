"""The dashboard and the global search."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_sends_visitors_to_sign_in_first():
    from django.test import Client

    response = Client().get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_the_officer_their_unit_and_role(client_for, personas):
    body = client_for("officer_a").get(reverse("web:home")).content.decode()
    assert "Trung tâm Văn hóa tỉnh (kiểm thử)" in body
    assert "Cán bộ đơn vị" in body


def test_it_counts_the_units_in_the_registry(client_for, personas):
    from cchc.orgs.models import Unit

    dashboard = client_for("officer_a").get(reverse("web:home")).context["dashboard"]
    assert dashboard.unit_total == Unit.objects.count()
    assert dashboard.unit_current == Unit.objects.count()  # none of the persona units is closed


def test_it_lists_the_units_under_a_leader(client_for, personas):
    dashboard = client_for("leader").get(reverse("web:home")).context["dashboard"]
    assert dashboard.subunits == [personas.unit_a]


def test_it_shows_recent_actions_only_to_the_admin(client_for, personas):
    assert client_for("admin").get(reverse("web:home")).context["dashboard"].recent_entries
    assert client_for("officer_a").get(reverse("web:home")).context["dashboard"].recent_entries == []


def test_it_hides_admin_links_from_officers(client_for, personas):
    body = client_for("officer_a").get(reverse("web:home")).content.decode()
    assert reverse("audit:list") not in body
    assert reverse("accounts:user_list") not in body


def test_it_shows_admin_links_to_the_admin(client_for, personas):
    body = client_for("admin").get(reverse("web:home")).content.decode()
    assert reverse("audit:list") in body
    assert reverse("accounts:user_list") in body


def test_it_finds_a_unit_typed_without_diacritics(client_for, personas):
    response = client_for("officer_b").get(reverse("web:search"), {"q": "trung tam van hoa"})
    names = [hit.name for hit in response.context["results"].units]
    assert names == ["Trung tâm Văn hóa tỉnh (kiểm thử)"]
    assert reverse("orgs:unit_detail", args=[personas.unit_a.pk]) in response.content.decode()


def test_it_finds_a_unit_typed_in_capitals_with_diacritics(client_for, personas):
    response = client_for("officer_b").get(reverse("web:search"), {"q": "SỞ TƯ PHÁP"})
    assert [hit.name for hit in response.context["results"].units] == ["Sở Tư pháp (kiểm thử)"]


def test_it_says_so_when_nothing_matches(client_for, personas):
    response = client_for("officer_b").get(reverse("web:search"), {"q": "không tồn tại xyz"})
    assert response.context["results"].units == []
    assert "Không tìm thấy" in response.content.decode()


def test_it_shows_an_empty_form_before_a_query(client_for, personas):
    response = client_for("officer_b").get(reverse("web:search"))
    assert response.status_code == 200
    assert response.context["results"] is None


def test_it_copes_with_a_query_of_only_punctuation(client_for, personas):
    response = client_for("officer_b").get(reverse("web:search"), {"q": "%%% ;;"})
    assert response.status_code == 200
