"""`cchc report --unit UNIT --period 2024-H1 --format docx|xlsx|csv|json -o FILE`: a unit's
report for a period (the newest version; --report-version N for another), and
`cchc report --aggregate [--unit PROVINCE] --period 2024-H1 ...`: the combined report.

UNIT is a unit's ID, code or name (the name is looked up in the registry as plans name it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from cchc.core.periods import Period
from cchc.orgs.models import Unit
from cchc.plans.management.commands._plan_commands import actor_for, write_bytes
from cchc.reports import exports, selectors
from cchc.reports.models import UnitReport


def unit_from_text(value: str) -> Unit:
    """A unit by ID, code or name; a name must point at exactly one unit."""
    text = (value or "").strip()
    if not text:
        raise CommandError("Chưa nêu đơn vị (--unit).")
    unit = Unit.objects.filter(pk=int(text)).first() if text.isdigit() else None
    unit = unit or Unit.objects.filter(code=text).first()
    if unit is not None:
        return unit
    exact = list(Unit.objects.filter(name__iexact=text)[:2])
    if len(exact) == 1:
        return exact[0]
    from cchc.orgs.resolve import resolve

    try:
        found = resolve(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    ids = {m.unit_id for m in found.units}
    if len(ids) == 1 and not found.indefinite:
        return Unit.objects.get(pk=ids.pop())
    if len(ids) > 1:
        names = "; ".join(m.name for m in found.units[:5])
        raise CommandError(f"Tên {text!r} ứng với nhiều đơn vị ({names}); dùng mã hoặc ID.")
    raise CommandError(f"Không tìm thấy đơn vị {text!r}. Xem danh mục bằng: cchc orgs export --format csv")


class Command(BaseCommand):
    help = "Xuất báo cáo định kỳ của một đơn vị, hoặc báo cáo tổng hợp (--aggregate), ra DOCX/XLSX/CSV/JSON"

    def add_arguments(self, parser):
        parser.add_argument("--unit", metavar="UNIT", help="ID, mã hoặc tên đơn vị")
        parser.add_argument(
            "--period", required=True, metavar="KỲ", help="kỳ báo cáo: 2024-Q1, 2024-H1, 2024-9M, 2024-Y"
        )
        parser.add_argument("--format", choices=exports.FORMATS, default="docx")
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="tệp ghi ra")
        parser.add_argument(
            "--aggregate",
            action="store_true",
            help="báo cáo tổng hợp (toàn tỉnh hoặc đơn vị --unit và cấp dưới)",
        )
        parser.add_argument(
            "--report-version",
            type=int,
            dest="report_version",
            metavar="N",
            help="phiên bản (mặc định: mới nhất)",
        )
        parser.add_argument("--user", help="tài khoản thực hiện (mặc định: quản trị cấp tỉnh đầu tiên)")

    def handle(
        self,
        *args,
        unit=None,
        period,
        format="docx",
        output,
        aggregate=False,
        report_version=None,
        user=None,
        **options,
    ):
        try:
            the_period = Period.parse(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        actor = actor_for(user)
        found = unit_from_text(unit) if unit else None
        try:
            if aggregate:
                data = selectors.aggregate(actor=actor, period=the_period, root=found)
                issuer_unit = found or getattr(actor, "unit", None)
                issuer = issuer_unit.name if issuer_unit else "Sở Nội vụ"
                superior = issuer_unit.parent.name if issuer_unit and issuer_unit.parent_id else None
                _name, _mime, payload = exports.export_aggregate(
                    data, format, issuer=issuer, superior=superior
                )
                what = f"báo cáo tổng hợp {the_period.label_vi} ({data['reported']}/{data['expected']} đơn vị đã báo cáo)"
            else:
                if found is None:
                    raise CommandError("Cần --unit (hoặc --aggregate cho báo cáo tổng hợp).")
                report = UnitReport.objects.filter(unit=found, period=the_period.code).first()
                if report is None:
                    raise CommandError(f"{found.name} chưa có báo cáo {the_period.label_vi}.")
                report = selectors.report_detail(actor=actor, pk=report.pk)
                version = selectors.report_version(actor=actor, report=report, number=report_version)
                if version is None:
                    raise CommandError(f"Báo cáo không có phiên bản {report_version}.")
                _name, _mime, payload = exports.export_unit_report(report, version, format)
                what = f"báo cáo {the_period.label_vi} của {found.name}, phiên bản {version.number} ({version.get_status_display()})"
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        write_bytes(output, payload)
        self.stdout.write(f"Đã xuất {what} ra {output} ({len(payload)} byte).")
