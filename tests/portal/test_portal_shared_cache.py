"""The cache is shared by every web process: what one process stores or drops (the cached home
page, search result pages, feedback rate limits) the others see at once. The settings are read
in fresh processes, as gunicorn's workers read them (the tests themselves use a memory cache)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def in_process(code: str, data_dir: Path, **env: str) -> str:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CCHC_CACHE_")},
        "CCHC_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "cchc.settings",
        "PYTHONPATH": str(SRC),
        **env,
    }
    environment.pop("DATABASE_URL", None)
    script = "import django\ndjango.setup()\n" + code
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_default_is_a_file_cache_in_the_data_folder(tmp_path):
    shown = in_process(
        "import json; from django.conf import settings; print(json.dumps(settings.CACHES['default']))",
        tmp_path,
    )
    assert json.loads(shown) == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path.resolve() / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }


def test_production_names_another_backend_and_location(tmp_path):
    shown = in_process(
        "import json; from django.conf import settings; print(json.dumps(settings.CACHES['default']))",
        tmp_path,
        CCHC_CACHE_BACKEND="django.core.cache.backends.redis.RedisCache",
        CCHC_CACHE_LOCATION="redis://127.0.0.1:6379/1",
    )
    # No file-cache options for a backend that would pass them on to its client.
    assert json.loads(shown) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }


def test_one_process_sees_what_another_stored_and_dropped(tmp_path):
    store = "from django.core.cache import cache; cache.set('portal:home:vi', '<p>trang chủ</p>', 60)"
    read = "from django.core.cache import cache; print(cache.get('portal:home:vi', 'không có'))"
    drop = "from django.core.cache import cache; cache.delete_many(['portal:home:vi'])"
    in_process(store, tmp_path)
    assert in_process(read, tmp_path) == "<p>trang chủ</p>"
    in_process(drop, tmp_path)
    assert in_process(read, tmp_path) == "không có"
