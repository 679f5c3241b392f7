"""Issue 6, "Done when": a full reporting cycle on the corpus plans, through every app at once.

The shipped Hưng Yên registry is loaded; the province's 2024 plan (corpus 000, 21 task rows), its
2022 plan (corpus 003, a bad OCR scan whose number, day and table the reviewer types in) and the
2022 plan of Sở Khoa học và Công nghệ citing it (corpus 002) are imported and confirmed through the
plans services, which queues the assignments job (run at commit here). The registry is read as of
each plan's year; the work is carried by today's units (after the 2025 mergers).

Then, for the 6-month period of 2024: officers of Sở Nội vụ and Sở Tư pháp record progress with
deliverables and an evidence file, `cchc remind` runs before the cut-off, both units draft and submit
their reports, the province administrator reads the aggregate, returns one report, the unit amends
and resubmits, the exports are read back, `cchc report --aggregate` runs, and the dashboard's
figures for the period are compared with the aggregate's.
"""

from __future__ import annotations

import email
import io
from datetime import date

import pytest
from cycle_corpus import SHARED_CORPUS, import_corpus_plan, load_registry, officer, pdf_upload, reviewed_003

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not (SHARED_CORPUS / "docs").is_dir(), reason="needs the shared corpus"),
]

PERIOD = "2024-H1"


@pytest.fixture(autouse=True)
def _cycle_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.CCHC_JOBS_INLINE = True
    settings.CCHC_JOB_WORKERS = 0


@pytest.fixture
def corpus_plans(personas, django_capture_on_commit_callbacks):
    """{"000": plan, "003": plan, "002": plan}, confirmed by the province administrator."""
    load_registry()
    capture = django_capture_on_commit_callbacks
    return {
        "000": import_corpus_plan("000", personas.admin, capture),
        "003": import_corpus_plan("003", personas.admin, capture, reviewed_003()),
        "002": import_corpus_plan("002", personas.admin, capture),
    }


@pytest.fixture
def officers(corpus_plans, persona_password):
    return {
        "noi_vu": officer("hy-so-noi-vu", "canbo_snv", "Đỗ Thị Nội", persona_password),
        "tu_phap": officer("hy-so-tu-phap", "canbo_stp", "Vũ Văn Pháp", persona_password),
    }


def _unit(code):
    from cchc.orgs.models import Unit

    return Unit.objects.get(code=code)


def _assignments(plan, **filters):
    from cchc.tracking.models import Assignment

    return Assignment.objects.filter(plan=plan, **filters).select_related("unit", "named_unit", "task")


# --- 1. plans → assignments -----------------------------------------------------------------------


def test_the_corpus_plans_give_their_tasks_to_real_units(corpus_plans):
    plan2024, plan2022, plan_khcn = corpus_plans["000"], corpus_plans["003"], corpus_plans["002"]
    assert (plan2024.plan_year, plan2024.issuer_unit.code) == (2024, "hy-ubnd-tinh")
    assert (plan2022.number, plan2022.issue_date) == ("203/KH-UBND", date(2021, 12, 29))
    assert plan_khcn.issuer_unit.code == "hy-so-khcn"

    # "Sở Thông tin và Truyền thông" (named in the 2024 plan) merged into Sở KH&CN on 01/3/2025:
    # the work lands on the successor, the plan's own words stay on the record.
    tttt = _assignments(plan2024, agency_raw="Sở Thông tin và Truyền thông")
    assert tttt.exists()
    for a in tttt:
        assert (a.named_unit.code, a.unit.code) == ("hy-so-tttt", "hy-so-khcn")
        assert "01/03/2025" in a.resolution_note
    # STT 6 has two sub-rows: the TT&TT one (news on the media) and the one led by every
    # department (reports at meetings). Both reach Sở KH&CN as two separate assignments.
    stt6_khcn = _assignments(plan2024, task__stt="6", role="lead", unit__code="hy-so-khcn")
    assert stt6_khcn.count() == 2
    assert {a.named_unit.code for a in stt6_khcn} == {"hy-so-tttt", "hy-so-khcn"}
    assert len({a.task_id for a in stt6_khcn}) == 2
    # The same in the 2022 plan: Sở Kế hoạch và Đầu tư became part of Sở Tài chính.
    for a in _assignments(plan2022, agency_raw="Sở Kế hoạch và Đầu tư"):
        assert (a.named_unit.code, a.unit.code) == ("hy-so-khdt", "hy-so-tai-chinh")

    # A group phrase expands to the units it meant in 2024 (read on the plan's year, not today).
    group = _assignments(plan2024, task__stt="1", role="lead", agency_raw="Các sở, ban, ngành tỉnh")
    named = {a.named_unit.code for a in group}
    assert {"hy-so-noi-vu", "hy-so-tu-phap", "hy-so-y-te", "hy-so-nnptnt"} <= named
    assert len(named) >= 10
    assert "hy-so-nnmt" not in named  # created in 2025: not one of the 2024 departments
    assert _assignments(
        plan2024, task__stt="1", role="lead", named_unit__code="hy-so-nnptnt"
    ).get().unit.code == ("hy-so-nnmt")
    # Districts dissolved on 01/7/2025 without a successor keep their (historical) work, with a note.
    districts = _assignments(plan2024, task__stt="1", role="lead", agency_raw="UBND cấp huyện, cấp xã")
    assert districts.filter(unit__kind="district_committee").count() == 10
    assert all(
        "chưa có đơn vị kế thừa" in a.resolution_note
        for a in districts.filter(unit__kind="district_committee")
    )
    # Sở KH&CN's own 2022 plan gives work to its internal units ("Văn phòng Sở" read with the issuer).
    assert (
        _assignments(plan_khcn, agency_raw="Văn phòng Sở").filter(unit__code="hy-so-khcn-van-phong").exists()
    )
    # Sở Tư pháp leads STT 9 while "Các sở, ban, ngành, đoàn thể tỉnh" coordinate: one row, as lead.
    assert [a.role for a in _assignments(plan2024, task__stt="9", unit__code="hy-so-tu-phap")] == ["lead"]
    # Due dates come from the timeframes: "Quý II, III/2024" ends on 30/9/2024.
    [stt2] = _assignments(plan2024, task__stt="2", role="lead")
    assert (stt2.unit.code, stt2.due_date) == ("hy-so-noi-vu", date(2024, 9, 30))


# --- 2. the whole cycle ---------------------------------------------------------------------------


def _record(officer_user, plan, stt, status, *, deliverables=None, percent=None, note="", role="lead"):
    from cchc.tracking.services import progress_record

    assignment = _assignments(plan, task__stt=stt, role=role, unit=officer_user.unit).first()
    assert assignment is not None, f"{officer_user.unit.code} has no {role} assignment for STT {stt}"
    return progress_record(
        assignment=assignment,
        period=PERIOD,
        status=status,
        percent=percent,
        note=note,
        deliverables=deliverables or {},
        actor=officer_user,
    )


def _mails(settings) -> list[email.message.Message]:
    folder = settings.EMAIL_FILE_PATH
    messages = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        # The file backend writes each message followed by a line of dashes.
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip()))
    return messages


def _subject(message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def _row(aggregate, name):
    [row] = [r for r in aggregate["units"] if r["name"] == name]
    return row


def test_a_full_reporting_cycle_on_the_corpus_plans(corpus_plans, officers, personas, settings, tmp_path):
    from django.core.management import call_command
    from docx import Document
    from openpyxl import load_workbook

    from cchc.core.periods import Period
    from cchc.reports import dashboard_selectors as dash
    from cchc.reports import exports, selectors
    from cchc.reports.services import (
        report_draft,
        report_refresh,
        report_return,
        report_submit,
        report_update,
    )
    from cchc.tracking.models import Notification
    from cchc.tracking.services import evidence_add

    plan = corpus_plans["000"]
    snv, stp = officers["noi_vu"], officers["tu_phap"]
    noi_vu, tu_phap = snv.unit, stp.unit

    # -- progress with deliverables and evidence (Sở Nội vụ: training, contest; Sở Tư pháp: laws)
    training = _record(
        snv, plan, "2", "done", deliverables={"training": 3}, note="Mở 3 lớp tập huấn nghiệp vụ CCHC"
    )
    evidence_add(
        entry=training, upload=pdf_upload("ke-hoach-tap-huan.pdf"), title="Kế hoạch tập huấn", actor=snv
    )
    _record(snv, plan, "5", "in_progress", percent=60, deliverables={"news": 25}, note="Đăng 25 tin, bài")
    legal = _record(
        stp, plan, "9", "done", deliverables={"leaflet": 2000, "conference": 2}, note="Phát hành 2.000 tờ gấp"
    )
    evidence_add(
        entry=legal, url="https://sotuphap.hungyen.gov.vn/pbgdpl", title="Chuyên mục PBGDPL", actor=stp
    )
    _record(stp, plan, "7", "in_progress", percent=40)

    # -- reminders before the cut-off of 14/6/2024 (the command run from cron)
    out = io.StringIO()
    call_command("remind", today="2024-06-10", stdout=out)
    assert "thông báo mới" in out.getvalue()
    cutoff = [m for m in _mails(settings) if _subject(m).startswith("Chốt số liệu")]
    assert {m["To"] for m in cutoff} >= {snv.email, stp.email}
    assert all(_subject(m) == "Chốt số liệu 6 tháng đầu năm 2024 ngày 14/06/2024" for m in cutoff)
    body = cutoff[0].get_payload(decode=True).decode("utf-8")
    assert "2024-H1" in body and "/nhiem-vu/?ky=2024-H1" in body
    assert Notification.objects.filter(user=snv, key="cutoff:2024-H1").count() == 1
    # Run again the same day: nothing is sent twice.
    mails_before = len(_mails(settings))
    call_command("remind", today="2024-06-10", stdout=io.StringIO())
    assert len(_mails(settings)) == mails_before

    # -- each unit drafts and submits its 6-month report
    reports = {}
    for user in (snv, stp):
        report = report_draft(unit=user.unit, period=PERIOD, actor=user)
        report_submit(version=report.current_version, actor=user)
        report.refresh_from_db()
        reports[user.unit.code] = report
    snv_totals = reports["hy-so-noi-vu"].submitted_version.totals
    stp_totals = reports["hy-so-tu-phap"].submitted_version.totals
    assert snv_totals["done"] == 1 and snv_totals["deliverables"] == {"news": 25, "training": 3}
    assert snv_totals["evidence"] == 1
    assert stp_totals["done"] == 1 and stp_totals["deliverables"] == {"leaflet": 2000, "conference": 2}
    # Only 2024 work is in a 2024 report (Sở Nội vụ also carries tasks of the 2022 plan).
    assert {row["plan_id"] for row in reports["hy-so-noi-vu"].submitted_version.tasks} == {plan.pk}

    # -- the province administrator's aggregate
    period = Period.parse(PERIOD)
    aggregate = selectors.aggregate(actor=personas.admin, period=period, today=date(2024, 6, 25))
    row_snv, row_stp = _row(aggregate, noi_vu.name), _row(aggregate, tu_phap.name)
    assert (row_snv["tasks"], row_snv["done"]) == (snv_totals["tasks"], 1)
    assert (row_stp["tasks"], row_stp["done"]) == (stp_totals["tasks"], 1)
    assert aggregate["reported"] == 2 and aggregate["done"] == 2
    assert aggregate["tasks"] == snv_totals["tasks"] + stp_totals["tasks"]
    assert aggregate["deliverables"] == {"news": 25, "leaflet": 2000, "training": 3, "conference": 2}
    # Units with 2024 work that have not reported are listed, the merged ones under today's name.
    assert _unit("hy-so-khcn").name in aggregate["not_reported"]
    assert _unit("hy-vp-ubnd-ttpvhcc").name in aggregate["not_reported"]
    assert _unit("hy-so-tttt").name not in [r["name"] for r in aggregate["units"]]
    assert aggregate["expected"] > 10

    # -- the dashboard shows the same figures for the period
    tree = dash.UnitTree.load()
    for report in reports.values():
        unit = report.unit
        scope = dash.scope_for(actor=personas.admin, tree=tree, unit_id=unit.pk)
        [own] = [r for r in dash.completion_by_unit(scope, period, date(2024, 6, 25)) if r.own]
        agg_row = _row(aggregate, unit.name)
        assert (own.assignments, own.done) == (agg_row["tasks"], agg_row["done"]), unit.code
        assert own.reported == sum(1 for t in report.submitted_version.tasks if t["entry_period"] == PERIOD)

    # -- Sở Nội vụ returns Sở Tư pháp's report; the unit corrects and resubmits
    draft = report_return(
        version=reports["hy-so-tu-phap"].submitted_version,
        actor=personas.admin,
        reason="Bổ sung số người tham dự hội nghị",
    )
    aggregate = selectors.aggregate(actor=personas.admin, period=period, today=date(2024, 6, 25))
    assert _row(aggregate, tu_phap.name)["standing"] == "returned"
    assert aggregate["reported"] == 1
    _record(stp, plan, "9", "done", deliverables={"leaflet": 2000, "conference": (2, 180)})
    draft = report_refresh(version=draft, actor=stp)
    report_update(version=draft, actor=stp, causes="Kinh phí in tờ gấp được cấp muộn.")
    report_submit(version=draft, actor=stp)
    reports["hy-so-tu-phap"].refresh_from_db()
    resubmitted = reports["hy-so-tu-phap"].submitted_version
    assert resubmitted.number == 2 and resubmitted.totals["participants"] == {"conference": 180}
    aggregate = selectors.aggregate(actor=personas.admin, period=period, today=date(2024, 6, 25))
    assert aggregate["reported"] == 2 and _row(aggregate, tu_phap.name)["version"] == 2
    assert aggregate["participants"] == {"conference": 180}

    # -- exports: the unit's DOCX and the aggregate's XLSX and DOCX carry the figures
    name, _mime, payload = exports.export_unit_report(reports["hy-so-tu-phap"], resubmitted, "docx")
    assert name == "bao-cao-hy-so-tu-phap-2024-H1-v2.docx"
    document = Document(io.BytesIO(payload))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kinh phí in tờ gấp được cấp muộn." in text
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any("2000" in c or "2.000" in c for c in cells)
    assert any("Chuyên mục PBGDPL" in c for c in cells)

    _n, _m, payload = exports.export_aggregate(aggregate, "docx", issuer=personas.admin.unit.name)
    document = Document(io.BytesIO(payload))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert noi_vu.name in cells and tu_phap.name in cells and "Chưa báo cáo" in cells

    # -- `cchc report --aggregate --period 2024-H1 --format xlsx` from the command line
    target = tmp_path / "tong-hop.xlsx"
    out = io.StringIO()
    call_command("report", aggregate=True, period=PERIOD, format="xlsx", output=str(target), stdout=out)
    assert f"(2/{aggregate['expected']} đơn vị đã báo cáo)" in out.getvalue()
    sheet = load_workbook(target).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    [snv_line] = [v for v in values if noi_vu.name in v]
    assert snv_totals["tasks"] in snv_line and 1 in snv_line
    flat = [v for line in values for v in line if v is not None]
    assert _unit("hy-so-khcn").name in flat
