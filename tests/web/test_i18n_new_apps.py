"""English for the apps added after the first release: tasks, reports and the dashboard, the
public page and its editorial side, citizens' feedback and search.

Two halves: each page, with English chosen through the language switch, shows its English
wording and none of the Vietnamese interface text of the catalogs; and the catalogs themselves
are complete (no untranslated or fuzzy entry, placeholders kept, the committed .mo files
compiled from the .po files as they are now).
"""

import gettext
import html
import importlib
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

import cchc

PACKAGE = Path(cchc.__file__).resolve().parent
NEW_APPS = ("tracking", "reports", "portal", "feedback", "search")
# Every app that ships an English catalog (src/cchc/<app>/locale/en/LC_MESSAGES/django.po).
CATALOGS = sorted(PACKAGE.glob("*/locale/en/LC_MESSAGES/django.po"))
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%|%[sd]|\{[a-z_0-9]*\}|</?[a-z][^>]*>")


def _unquote(text: str) -> str:
    body = text.strip()
    assert body.startswith('"') and body.endswith('"'), body
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body[1:-1])


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr forms and flags (header included)."""
    entries, current, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        starts_entry = line.startswith(("#", "msgid ")) and current is not None and current["msgstr"]
        if not line.strip() or starts_entry:
            if current is not None:
                entries.append(current)
            current = None
            if not line.strip():
                continue
        if current is None:
            current = {"msgid": "", "plural": None, "msgstr": {}, "flags": set()}
        if line.startswith("#,"):
            current["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            field, current["plural"] = "plural", _unquote(line[len("msgid_plural ") :])
        elif line.startswith("msgid "):
            field, current["msgid"] = "msgid", _unquote(line[len("msgid ") :])
        elif line.startswith("msgstr"):
            key, _, value = line.partition(" ")
            field = ("msgstr", key)
            current["msgstr"][key] = _unquote(value)
        else:
            if field in ("msgid", "plural"):
                current[field] += _unquote(line)
            else:
                current["msgstr"][field[1]] += _unquote(line)
    return entries


def interface_strings(apps) -> set[str]:
    """Vietnamese msgids of these apps' catalogs that cannot be mistaken for data."""
    found = set()
    for app in apps:
        for entry in parse_po(PACKAGE / app / "locale/en/LC_MESSAGES/django.po"):
            msgid = entry["msgid"]
            if msgid in entry["msgstr"].values():
                continue  # a proper name, the same in both languages
            # Capitalised sentences and labels; lower-case field names also occur inside data.
            if (
                msgid[:1].isupper()
                and len(msgid) >= 12
                and VIETNAMESE.search(msgid)
                and not PLACEHOLDER.search(msgid)
            ):
                found.add(msgid)
    return found


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def visible_text(response) -> str:
    body = response.content.decode()
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


# (persona, URL name, English that must appear, Vietnamese that must not)
PAGES = [
    ("officer_a", "tracking:my_tasks", "My tasks", "Nhiệm vụ của tôi"),
    ("officer_a", "tracking:notifications", "No notifications yet.", "Chưa có thông báo nào."),
    (
        "officer_a",
        "reports:list",
        "Periodic reports on administrative reform communication",
        "Báo cáo định kỳ",
    ),
    ("admin", "reports:evidence", "PAR Index evidence", "Minh chứng PAR Index"),
    (
        "leader",
        "dashboard:index",
        "Implementation of the administrative reform communication plans",
        "Thống kê",
    ),
    ("editor", "portal_admin:home", "Write a news item", "Viết tin mới"),
    ("anonymous", "portal:home", "Key figures", "Số liệu chính"),
    ("anonymous", "portal:plan_list", "List of public plans", "Danh sách kế hoạch công khai"),
    ("anonymous", "portal:results", "PAR Index and Satisfaction Index (SIPAS) results", "Chỉ số hài lòng"),
    ("anonymous", "feedback:submit", "Send feedback or a petition", "Gửi phản ánh, kiến nghị"),
    ("anonymous", "feedback:lookup", "Look up feedback and petitions", "Tra cứu phản ánh"),
    (
        "admin",
        "feedback_admin:list",
        "Feedback and petitions from citizens",
        "Phản ánh, kiến nghị của người dân",
    ),
    ("anonymous", "search:results", "Search the information page", "Tìm kiếm trên trang thông tin"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "url_name", "shown", "hidden"), PAGES, ids=[p[1] for p in PAGES])
def test_new_apps_speak_english_when_chosen(client_for, persona, url_name, shown, hidden):
    response = english(client_for(persona)).get(reverse(url_name))
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    text = visible_text(response)
    assert shown in text
    assert hidden not in text
    leftovers = sorted(s for s in interface_strings((*NEW_APPS, "web")) if s in text)
    assert leftovers == [], f"Vietnamese interface text on {url_name} in English: {leftovers}"


@pytest.mark.parametrize(
    ("form_path", "field", "english_start", "vietnamese_start"),
    [
        ("cchc.portal.forms.NewsForm", "body", "Type plain text", "Gõ văn bản thường"),
        (
            "cchc.portal.forms.NewsForm",
            "image",
            "JPEG, PNG, WebP or GIF, at most",
            "JPEG, PNG, WebP hoặc GIF",
        ),
        ("cchc.tracking.forms.ProgressForm", "evidence_file", "At most", "Tối đa"),
        ("cchc.feedback.forms.FeedbackForm", "attachments", "At most", "Tối đa"),
    ],
)
def test_help_texts_with_figures_follow_the_reader_language(
    form_path, field, english_start, vietnamese_start
):
    """Filled in when shown, not once at import (a lazy string's `%` would fix the language)."""
    module_name, class_name = form_path.rsplit(".", 1)
    form_class = getattr(importlib.import_module(module_name), class_name)
    help_text = form_class.base_fields[field].help_text
    with translation.override("en"):
        assert str(help_text).startswith(english_start)
    with translation.override("vi"):
        assert str(help_text).startswith(vietnamese_start)


@pytest.mark.django_db
def test_feedback_form_page_gives_its_attachment_limits_in_english(client_for):
    from cchc.feedback.services import MAX_ATTACHMENTS

    text = visible_text(english(client_for("anonymous")).get(reverse("feedback:submit")))
    assert f"At most {MAX_ATTACHMENTS} files" in text
    assert "Tối đa" not in text


@pytest.mark.django_db
def test_back_office_menu_names_the_new_apps_in_english(client_for):
    text = visible_text(english(client_for("officer_a")).get(reverse("web:home")))
    for label in ("Plans", "Tasks", "Dashboard", "Reports", "Search"):
        assert label in text
    for label in ("Kế hoạch", "Nhiệm vụ", "Thống kê", "Báo cáo"):
        assert label not in text


@pytest.mark.django_db
def test_new_apps_stay_vietnamese_by_default(client_for):
    text = visible_text(client_for("officer_a").get(reverse("tracking:my_tasks")))
    assert "Nhiệm vụ của tôi" in text and "My tasks" not in text


def test_every_app_with_strings_of_its_own_has_an_english_catalog():
    apps = {path.parents[3].name for path in CATALOGS}
    assert set(NEW_APPS) <= apps


@pytest.mark.parametrize("po_path", CATALOGS, ids=[p.parents[3].name for p in CATALOGS])
def test_catalog_is_complete_and_keeps_placeholders(po_path):
    entries = parse_po(po_path)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "" and "Language: en" in header["msgstr"]["msgstr"]
    assert "nplurals=2; plural=(n != 1);" in header["msgstr"]["msgstr"]
    assert messages, po_path
    problems = []
    for entry in messages:
        msgid, forms = entry["msgid"], entry["msgstr"]
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {msgid!r}")
        if entry["plural"] is not None and sorted(forms) != ["msgstr[0]", "msgstr[1]"]:
            problems.append(f"plural forms: {msgid!r}")
        for form in forms.values():
            if not form.strip():
                problems.append(f"untranslated: {msgid!r}")
            elif sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(form)):
                problems.append(f"placeholders differ: {msgid!r} -> {form!r}")
            elif VIETNAMESE.search(form.replace("Hưng Yên", "")) and "Năm, Đơn vị" not in form:
                # Only the proper name and the Vietnamese column headings of the import file stay.
                problems.append(f"Vietnamese left in the English text: {form!r}")
    assert problems == []


@pytest.mark.parametrize("po_path", CATALOGS, ids=[p.parents[3].name for p in CATALOGS])
def test_committed_mo_matches_the_po(po_path):
    """`cchc compilemessages` was run after the last edit of the .po (the .mo files are committed)."""
    with open(po_path.with_suffix(".mo"), "rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for entry in parse_po(po_path)[1:]:
        if entry["plural"] is None:
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"]["msgstr"], entry["msgid"]
        else:
            for n, key in ((1, "msgstr[0]"), (2, "msgstr[1]")):
                assert catalog.ngettext(entry["msgid"], entry["plural"], n) == entry["msgstr"][key], entry[
                    "msgid"
                ]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools (xgettext) not installed")
@pytest.mark.parametrize("app", [p.parents[3].name for p in CATALOGS])
def test_catalog_holds_every_string_of_the_app(app, tmp_path, monkeypatch, settings):
    """makemessages on a copy of the app finds no string that the committed catalog lacks."""
    copy = tmp_path / app
    shutil.copytree(PACKAGE / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    po = copy / "locale/en/LC_MESSAGES/django.po"
    committed = {entry["msgid"] for entry in parse_po(po)}
    po.unlink()
    settings.LOCALE_PATHS = []  # write into the copy's own locale folder only
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], no_location=True, no_wrap=True, verbosity=0)
    extracted = {entry["msgid"] for entry in parse_po(po)}
    assert sorted(extracted - committed) == [], "run `cchc makemessages -l en` in src/cchc/" + app
