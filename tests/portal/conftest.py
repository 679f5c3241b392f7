import pytest


@pytest.fixture(autouse=True)
def _portal_media_and_cache(settings, tmp_path):
    """Uploads in a temporary folder; the cached home page never leaks from one test to the next."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()
