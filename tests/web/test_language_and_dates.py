"""Vietnamese by default, English on request, dates written dd/mm/yyyy."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_speaks_vietnamese_by_default():
    response = Client().get(reverse("accounts:login"))
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Đăng nhập" in body


def test_it_runs_on_vietnam_time():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_it_offers_english_through_the_language_switch():
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
    assert response.status_code == 302
    page = client.get(reverse("accounts:login"))
    assert '<html lang="en">' in page.content.decode()
    assert page["Content-Language"] == "en"
    assert "Username" in page.content.decode()


def test_it_translates_the_menu_and_refusals_into_english(client_for):
    client = client_for("officer_a")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    home = client.get(reverse("web:home")).content.decode()
    assert "Organizations" in home and "Sign out" in home
    refusal = client.get(reverse("audit:list")).content.decode()
    assert "Only province administrators" in refusal


def test_it_offers_the_language_switch_on_every_page(client_for):
    body = client_for("officer_a").get(reverse("web:home")).content.decode()
    assert f'action="{reverse("set_language")}"' in body
    assert 'value="en"' in body and 'value="vi"' in body


def test_it_writes_today_day_first_on_the_home_page(client_for):
    from django.utils import timezone

    body = client_for("officer_a").get(reverse("web:home")).content.decode()
    assert timezone.localdate().strftime("%d/%m/%Y") in body


@pytest.fixture
def chosen_language_only(settings):
    settings.MIDDLEWARE = [
        "cchc.web.middleware.ChosenLanguageMiddleware" if name.endswith("LocaleMiddleware") else name
        for name in settings.MIDDLEWARE
    ]


def test_it_stays_vietnamese_for_a_browser_set_to_english(chosen_language_only):
    page = Client(headers={"accept-language": "en-US,en;q=0.9"}).get(reverse("accounts:login"))
    assert '<html lang="vi">' in page.content.decode()


def test_it_still_follows_the_language_switch(chosen_language_only):
    client = Client(headers={"accept-language": "vi"})
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("accounts:login")).content.decode()


def test_it_ignores_a_language_cookie_it_does_not_offer(chosen_language_only, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="vi">' in client.get(reverse("accounts:login")).content.decode()
