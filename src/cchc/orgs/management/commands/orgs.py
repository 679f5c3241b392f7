"""`cchc orgs resolve|load|export|import`: the organization registry from the command line."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from cchc.orgs import services
from cchc.orgs.resolve import resolve


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    for parse in (date.fromisoformat, lambda v: date(*reversed([int(p) for p in v.split("/")]))):
        try:
            return parse(value)
        except (ValueError, TypeError):
            continue
    raise CommandError(
        f"Ngày không hợp lệ: {value!r}. Dùng dạng YYYY-MM-DD (ví dụ 2024-01-15) hoặc dd/mm/yyyy."
    )


class Command(BaseCommand):
    help = "Danh mục cơ quan, đơn vị: resolve (tra tên), load (nạp dữ liệu Hưng Yên), export, import"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{resolve,load,export,import}")
        p = sub.add_parser("resolve", help="tìm cơ quan, đơn vị ứng với một tên gọi trong kế hoạch")
        p.add_argument("name", help='tên gọi như trong văn bản, ví dụ "Sở TT&TT"')
        p.add_argument("--on", help="ngày văn bản (YYYY-MM-DD); mặc định hôm nay")
        p.add_argument("--issuer", help='cơ quan ban hành (tên hoặc mã), để hiểu "Văn phòng Sở"…')
        p.add_argument("--format", choices=["json", "text"], default="text")
        p = sub.add_parser(
            "load", help="nạp danh mục Hưng Yên đi kèm phần mềm; chạy nhiều lần không nhân đôi"
        )
        p.add_argument(
            "--overwrite", action="store_true", help="ghi đè cả những đơn vị đã có (mất các chỉnh sửa)"
        )
        p = sub.add_parser("export", help="xuất danh mục ra JSON hoặc CSV")
        p.add_argument("--format", choices=["json", "csv"], default="json")
        p.add_argument("-o", "--output", help="tệp đích; mặc định in ra màn hình")
        p = sub.add_parser("import", help="nhập danh mục từ tệp JSON hoặc CSV (theo mã; không xóa gì)")
        p.add_argument("file")

    def handle(self, *args, action, **options):
        try:
            return getattr(self, f"do_{action}")(**options)
        except DatabaseError as exc:
            raise CommandError(f"Lỗi cơ sở dữ liệu ({exc}). Đã chạy `cchc migrate` chưa?") from None

    def do_resolve(self, *, name, on=None, issuer=None, format="text", **_):
        try:
            found = resolve(name, on=_parse_date(on), issuer=issuer)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if format == "json":
            self.stdout.write(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"«{found.query}» ngày {found.on:%d/%m/%Y}")
        if found.indefinite:
            self.stdout.write("  (không chỉ đích danh đơn vị nào)")
        for m in found.units:
            validity = f"{m.valid_from:%d/%m/%Y}" if m.valid_from else "…"
            validity += " – " + (f"{m.valid_to:%d/%m/%Y}" if m.valid_to else "nay")
            self.stdout.write(
                f"  {m.name} [{m.kind_label}; {validity}] {m.method} {m.confidence:.2f} {m.note}".rstrip()
            )
        if found.note:
            self.stdout.write(f"  Ghi chú: {found.note}")

    def do_load(self, **options):
        report = services.load_shipped_registry(overwrite=options.get("overwrite", False))
        if options.get("verbosity", 1):
            self.stdout.write(report.summary())

    def do_export(self, *, format="json", output=None, **_):
        text = services.registry_to_json() if format == "json" else services.registry_to_csv()
        if not output or output == "-":
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {output}: {exc.strerror}.") from None
        self.stdout.write(f"Đã xuất danh mục ra {output}.")

    def do_import(self, *, file, **_):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc.strerror}.") from None
        try:
            data = services.parse_registry(content, filename=path.name)
            report = services.registry_import(actor=None, data=data, system=True)
        except services.RegistryImportError as exc:
            raise CommandError(f"Không nhập được {file}: {exc}") from None
        self.stdout.write(report.summary())
