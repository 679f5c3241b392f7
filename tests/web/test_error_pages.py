"""Errors answer in Vietnamese with the site's own page, never a traceback."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_answers_an_unknown_address_with_a_vietnamese_404():
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_it_explains_a_refusal_in_vietnamese(client_for):
    response = client_for("officer_b").get(reverse("audit:list"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "không có quyền" in body
    assert "Chỉ quản trị cấp tỉnh" in body


def test_it_has_a_standalone_500_page_that_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Hệ thống gặp sự cố" in html


def test_it_explains_an_expired_form_in_vietnamese(personas, persona_password):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "quantri", "password": persona_password})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_it_answers_a_request_for_an_unknown_host_with_the_400_page():
    response = Client(HTTP_HOST="ke-la.example").get(reverse("accounts:login"))
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
