"""Everything the browser loads ships with the project: no CDN, no inline script or style
(the content security policy would block them)."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import cchc

pytestmark = pytest.mark.django_db

PACKAGE = Path(cchc.__file__).resolve().parent
TEMPLATES = sorted(PACKAGE.glob("*/templates/**/*.html"))


def test_it_finds_the_templates_to_check():
    assert any(path.name == "base.html" for path in TEMPLATES)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_it_has_no_inline_script_or_style_in_templates(path):
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> would be blocked by the CSP"
    assert not re.search(r"<style\b", html), "inline <style> would be blocked by the CSP"
    assert not re.search(r"\sstyle=\"", html), "style attributes would be blocked by the CSP"
    assert not re.search(r"\son[a-z]+=\"", html), "event handler attributes would be blocked by the CSP"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_it_loads_nothing_from_another_site(path):
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"(src|href)=\"(https?:)?//", html)


def test_it_serves_its_own_stylesheet(client_for):
    home = client_for("officer_a").get(reverse("web:home")).content.decode()
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', home).group(1)
    assert stylesheet.startswith("/static/")
    response = Client().get(stylesheet)
    assert response.status_code == 200
    css = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"@media" in css
    assert b"@import" not in css and b"url(http" not in css
