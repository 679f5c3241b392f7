"""English for the first apps: plans (import, review, plan pages, conformance check, derived
drafts), the registry of organizations, the API, background jobs; and reporting periods named in
the reader's language.

The catalog checks themselves (complete, no fuzzy entry, placeholders kept, .mo compiled, nothing
left out by makemessages) run over every catalog in test_i18n_new_apps.py; this file checks that
the catalogs of these apps exist and that their pages speak English when English is chosen, with
what must stay Vietnamese (the text of official documents) left Vietnamese.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from test_i18n_new_apps import CATALOGS, english, interface_strings, parse_po, visible_text

from cchc.core.periods import Kind, Period, choices, periods_of_year

CORE_APPS = ("plans", "orgs", "api", "jobs", "core")

# The made-up plan documents of the plan tests (tests/plans/plan_documents.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plans"))
plan_documents = importlib.import_module("plan_documents")


@pytest.fixture
def plans(settings, tmp_path, personas, django_capture_on_commit_callbacks):
    """A province plan and a district plan implementing it, through the real import and confirm."""
    from cchc.plans.services import import_confirm, import_create

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CCHC_JOBS_INLINE = True
    settings.CCHC_JOB_WORKERS = 0

    def confirmed(text, name):
        with django_capture_on_commit_callbacks(execute=True):
            [item] = import_create(
                files=[plan_documents.upload(text, name)], actor=personas.admin, unit=personas.admin.unit
            )
        item.refresh_from_db()
        return import_confirm(item=item, actor=personas.admin)

    province = confirmed(plan_documents.province_plan_text(), "tinh.txt")
    district = confirmed(plan_documents.plan_text(implements="230/KH-UBND"), "huyen.txt")
    with django_capture_on_commit_callbacks(execute=True):
        [pending] = import_create(
            files=[plan_documents.upload(plan_documents.plan_text(number="7/KH-UBND"), "cho.txt")],
            actor=personas.admin,
            unit=personas.admin.unit,
        )
    pending.refresh_from_db()
    return {"province": province, "district": district, "pending": pending}


def _url(name, plans, personas):
    """The address of a page, with the object it needs."""
    args = {
        "plans:detail": lambda: [plans["district"].pk],
        "plans:amend": lambda: [plans["district"].pk],
        "plans:derive": lambda: [plans["province"].pk],
        "plans:conformance": lambda: [plans["district"].pk],
        "plans:import_item": lambda: [plans["pending"].pk],
        "orgs:unit_detail": lambda: [personas.home_affairs.pk],
        "orgs:unit_edit": lambda: [personas.home_affairs.pk],
    }.get(name, list)()
    query = {
        "plans:conformance": f"?cap_tren={plans['province'].pk}",
        "orgs:tree": "?q=noi+vu",
    }.get(name, "")
    return reverse(name, args=args) + query


# (persona, URL name, English that must appear, Vietnamese that must not)
PAGES = [
    ("admin", "plans:list", "Administrative reform communication plans", "Kế hoạch tuyên truyền CCHC"),
    ("admin", "plans:detail", "Implementation arrangements", "Tổ chức thực hiện"),
    ("admin", "plans:amend", "Save a new version", "Lưu phiên bản mới"),
    ("admin", "plans:derive", "Create the draft", "Lập dự thảo"),
    (
        "admin",
        "plans:conformance",
        "Conformance check against the parent plan",
        "Đối chiếu với kế hoạch cấp trên",
    ),
    ("admin", "plans:cascade", "Plan hierarchy", "Phân cấp kế hoạch"),
    ("admin", "plans:legal_list", "Cited legal documents", "Văn bản pháp lý được trích dẫn"),
    ("officer_a", "plans:import_upload", "Upload and analyse", "Tải lên và phân tích"),
    ("admin", "plans:import_list", "Documents being imported", "Văn bản đang nhập"),
    ("admin", "plans:import_item", "Review the extracted content", "Rà soát kết quả trích xuất"),
    ("admin", "orgs:tree", "Organization chart", "Sơ đồ tổ chức"),
    ("admin", "orgs:unit_detail", "Other names", "Tên gọi khác"),
    ("admin", "orgs:unit_create", "Add an organization", "Thêm cơ quan, đơn vị"),
    ("admin", "orgs:unit_edit", "Official name", "Tên chính thức"),
    ("admin", "orgs:succession_create", "Record a succession event", "Ghi sự kiện kế thừa"),
    ("admin", "orgs:import", "Import the registry of organizations", "Nhập danh mục cơ quan, đơn vị"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "url_name", "shown", "hidden"), PAGES, ids=[p[1] for p in PAGES])
def test_plan_and_registry_pages_speak_english_when_chosen(
    client_for, personas, plans, persona, url_name, shown, hidden
):
    response = english(client_for(persona)).get(_url(url_name, plans, personas))
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    text = visible_text(response)
    assert shown in text
    assert hidden not in text
    assert "2,025" not in text  # years are not numbers to group with a thousands separator
    # The review screen shows the source document itself, whose table headings are Vietnamese data.
    source = plans["pending"].source_text if url_name == "plans:import_item" else ""
    leftovers = sorted(
        s for s in interface_strings((*CORE_APPS, "web")) if s in text and s not in (source or "")
    )
    assert leftovers == [], f"Vietnamese interface text on {url_name} in English: {leftovers}"


@pytest.mark.django_db
def test_plan_pages_stay_vietnamese_by_default(client_for, personas, plans):
    text = visible_text(client_for("admin").get(_url("plans:detail", plans, personas)))
    assert "Tổ chức thực hiện" in text and "Implementation arrangements" not in text


@pytest.mark.django_db
def test_a_draft_derived_in_english_keeps_its_document_text_vietnamese(client_for, personas, plans):
    """The interface may be English; the draft becomes an official document and stays Vietnamese."""
    from cchc.plans.derive import plan_derive

    with translation.override("en"):
        draft = plan_derive(parent=plans["province"], unit=personas.home_affairs, actor=personas.admin)
    assert draft.legal_bases[0].raw.startswith("Căn cứ Kế hoạch số 230/KH-UBND")
    duties = [duty for r in draft.responsibilities for duty in r.duties]
    assert duties and all("Kế hoạch này" in duty for duty in duties)
    assert not any("Plan" in duty or "task" in duty for duty in duties)


def test_every_core_app_has_an_english_catalog_with_its_strings():
    apps = {path.parents[3].name: path for path in CATALOGS}
    assert set(CORE_APPS) <= set(apps)
    counts = {app: len(parse_po(apps[app])) - 1 for app in CORE_APPS}
    assert counts["plans"] > 200 and counts["orgs"] > 80 and counts["api"] > 10 and counts["jobs"] > 10
    assert counts["core"] >= 1


def test_a_message_shared_by_two_catalogs_has_one_english_text():
    """Django keeps one translation per message: the catalogs must agree on shared ones."""
    seen: dict[tuple, tuple[str, dict]] = {}
    disagreements = []
    for path in CATALOGS:
        for entry in parse_po(path)[1:]:
            key = (entry["msgid"], entry["plural"])
            app = path.parents[3].name
            if key in seen and seen[key][1] != entry["msgstr"]:
                disagreements.append((entry["msgid"], seen[key][0], app))
            seen.setdefault(key, (app, entry["msgstr"]))
    assert disagreements == []


# --- reporting periods --------------------------------------------------------------------------


def test_a_period_label_follows_the_interface_language():
    period = Period.parse("2025-H1")
    with translation.override("en"):
        assert period.label == "First half of 2025"
        assert Kind.QUARTER.label == "Quarter"
        assert choices([2025])[0] == ("2025-Q1", "Q1 2025")
    with translation.override("vi"):
        assert period.label == "6 tháng đầu năm 2025"
        assert choices([2025])[0] == ("2025-Q1", "Quý I năm 2025")
    assert period.label_in("en-gb") == "First half of 2025" and period.label_in(None) == period.label_vi
    assert period.as_dict()["label_vi"] == "6 tháng đầu năm 2025"


def test_periods_need_no_django():
    """`label` asks Django only once Django is loaded; the module itself stays pure Python."""
    import subprocess

    probe = (
        "import sys; from cchc.core.periods import Period; "
        "label = Period.parse('2025-Y').label; "
        "print(label, any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "năm 2025 False", result.stderr


@pytest.mark.django_db
def test_the_dashboard_names_the_period_in_the_reader_language(client_for):
    vietnamese = visible_text(client_for("leader").get(reverse("dashboard:index")))
    shown = re.search(r"Kỳ báo cáo: (.+?) ·", vietnamese)
    assert shown, "the dashboard names its reporting period"
    [period] = [p for y in range(2000, 2101) for p in periods_of_year(y) if p.label_vi == shown.group(1)]
    text = visible_text(english(client_for("leader")).get(reverse("dashboard:index")))
    assert f"Reporting period: {period.label_en} ·" in text
    assert period.label_vi not in text


@pytest.mark.django_db
def test_the_period_choices_of_the_task_pages_follow_the_reader_language(client_for):
    this_year = Period.parse(f"{__import__('datetime').date.today().year}-Y")
    text = visible_text(english(client_for("officer_a")).get(reverse("tracking:my_tasks")))
    assert this_year.label_en in text and this_year.label_vi[:1].upper() + this_year.label_vi[1:] not in text
    text = visible_text(client_for("officer_a").get(reverse("tracking:my_tasks")))
    assert "Năm " + str(this_year.year) in text
