"""`cchc orgs resolve|load|export|import` from the command line."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cchc.orgs.models import Unit

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("orgs", *args, stdout=out)
    return out.getvalue()


def test_resolve_prints_the_matched_units_as_json(registry):
    data = json.loads(run("resolve", "Sở TT&TT", "--on", "2026-01-15", "--format", "json"))
    [unit] = data["units"]
    assert unit["name"] == "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
    assert unit["kind"] == "department" and unit["method"] == "successor"
    assert set(unit) >= {"valid_from", "valid_to", "confidence", "kind_label"}


def test_resolve_uses_the_issuer_for_relative_divisions(registry):
    data = json.loads(
        run("resolve", "Thanh tra Sở", "--on", "2022-01-01", "--issuer", "Sở KH&CN", "--format", "json")
    )
    assert [u["name"] for u in data["units"]] == ["Thanh tra Sở Khoa học và Công nghệ"]


def test_resolve_flags_an_indefinite_phrase(registry):
    data = json.loads(run("resolve", "Các cơ quan, đơn vị có liên quan", "--format", "json"))
    assert data["indefinite"] is True and data["units"] == []


def test_resolve_prints_readable_text_by_default(registry):
    assert "Báo Hưng Yên" in run("resolve", "Đài PT-TH", "--on", "2025-05-01")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("resolve", "Sở Nội vụ", "--on", "2024-13-45"), "Ngày không hợp lệ"),
        (("resolve", "  "), "trống"),
        (("resolve", "Văn phòng Sở", "--issuer", "Không có cơ quan này"), "cơ quan ban hành"),
        (("import", "/khong/co/tep.json"), "Không đọc được"),
    ],
)
def test_bad_input_is_a_clear_command_error(registry, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_export_and_import_round_trip_through_files(registry, tmp_path):
    target = tmp_path / "danh-muc.csv"
    run("export", "--format", "csv", "-o", str(target))
    assert target.read_text(encoding="utf-8").startswith("record,code,name")
    assert "0 thêm mới, 0 cập nhật" in run("import", str(target))


def test_import_reports_a_broken_file_without_a_traceback(db, tmp_path):
    broken = tmp_path / "hong.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON không hợp lệ"):
        run("import", str(broken))


def test_load_fills_an_empty_registry(db):
    assert "thêm mới" in run("load")
    assert Unit.objects.filter(code="hy-ubnd-tinh").exists()


def test_the_console_script_resolves_right_after_migrate_and_load(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["CCHC_DATA_DIR"] = str(tmp_path)
    cchc = [sys.executable, "-m", "cchc"]
    cwd = Path(__file__).resolve().parents[2]
    for step in (["migrate", "-v", "0"], ["orgs", "load"]):
        subprocess.run([*cchc, *step], env=env, cwd=cwd, check=True, capture_output=True, timeout=120)
    done = subprocess.run(
        [*cchc, "orgs", "resolve", "Sở Noi vu", "--on", "2023-06-01", "--format", "json"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    [unit] = json.loads(done.stdout)["units"]
    assert unit["name"] == "Sở Nội vụ tỉnh Hưng Yên" and unit["confidence"] < 1
