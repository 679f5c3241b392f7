from __future__ import annotations

from functools import lru_cache

from django import template
from django.urls import Resolver404, resolve

from cchc.config import env_str

register = template.Library()

# Pages that other apps put under /cong-thong-tin/; a link shows only once the app answers there.
SIBLING_PAGES = {"search": "/cong-thong-tin/tim-kiem/", "feedback": "/cong-thong-tin/phan-anh/"}


@lru_cache(maxsize=8)
def _served(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


@register.simple_tag
def sibling_page(name: str) -> str:
    """The path of the search or feedback page, or "" while that app has no page there yet."""
    path = SIBLING_PAGES[name]
    return path if _served(path) else ""


@register.simple_tag
def portal_contact() -> dict:
    """The footer's contact lines; a deployment sets its own through the environment."""
    return {
        "office": env_str("CCHC_PORTAL_OFFICE", "Sở Nội vụ tỉnh Hưng Yên"),
        "address": env_str("CCHC_PORTAL_ADDRESS", ""),
        "phone": env_str("CCHC_PORTAL_PHONE", ""),
        "email": env_str("CCHC_PORTAL_EMAIL", ""),
    }
