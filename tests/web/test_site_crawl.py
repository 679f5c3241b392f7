"""An integration crawl of the whole site, persona by persona.

A small but realistic data set is built through the real services (a plan imported from a text
document and confirmed, its assignments generated, progress with an evidence link, a submitted
unit report, a published news item and plan, a feedback item assigned and answered). Then, for
each persona, every same-site link reachable from the back office home page and the public page
is followed breadth-first (GET only), and every page is checked:

- no server error;
- a link a page showed to this persona works: no 404, no 403, no bounce to the sign-in page
  (pages must hide what the user cannot use);
- every HTML page has exactly one <h1>, a non-empty <title>, <html lang="vi">, and no template
  leakage ("{{", "{%", or "None" shown as the value of a table cell).

All problems of a persona are collected and reported together, so one run shows everything.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

CRAWL_PERSONAS = ("admin", "officer_a", "leader", "editor", "anonymous")
START_PAGES = ("/", "/cong-thong-tin/")
MAX_PAGES = 400  # per persona
MAX_VARIANTS = 6  # query-string variants of one path (filters, sorting, pages) worth following
SIGN_IN_PATH = "/tai-khoan/dang-nhap/"

# Leakage: text of a cell that is nothing but one of these is a value printed raw.
LEAKED_VALUES = {"None", "[]", "{}"}
# Django template syntax that reached the page unrendered ("{{ plan.title }}", "{% url … %}");
# JSON shown on purpose (the audit log's changes) has no such shape.
TEMPLATE_MARKERS = re.compile(r"\{\{\s*[A-Za-z_]|\{%\s*[a-z]|[a-z_]\s*%\}")
# A GET form's text search box gets these words (the data set's plan, news and feedback use them).
SEARCH_FIELDS = {"q", "tu_khoa", "tu-khoa", "tim", "keyword"}
SEARCH_TEXT = "dịch vụ công"


# --- the data set ------------------------------------------------------------------------------


def plan_document(unit_a, unit_b) -> str:
    """A short plan of the department of home affairs, written for this test, whose task table
    names the persona units exactly as the registry spells them."""
    return f"""ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN
SỞ NỘI VỤ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 77/KH-SNV
Hưng Yên, ngày 14 tháng 02 năm 2025
KẾ HOẠCH
Giới thiệu dịch vụ công trực tuyến tới người dân năm 2025
Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;
Sở Nội vụ ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
Giúp người dân biết cách nộp hồ sơ trực tuyến và tra cứu kết quả giải quyết.
II. TỔ CHỨC THỰC HIỆN
1. Các đơn vị được giao nhiệm vụ báo cáo kết quả theo quý.
Phụ lục
| STT | Nhiệm vụ | Sản phẩm | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |
|---|---|---|---|---|---|
| 1 | Quay video hướng dẫn nộp hồ sơ trực tuyến | Video | {unit_a.name} | {unit_b.name} | Quý II/2025 |
| 2 | Phát tờ rơi tại bộ phận một cửa | Tờ rơi | {unit_b.name} | | Năm 2025 |
| 3 | Đăng tin trên trang thông tin của đơn vị | Tin, bài | {unit_a.name} | | Thường xuyên |
"""


@pytest.fixture
def site(personas, settings, tmp_path, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from cchc.feedback.services import feedback_answer, feedback_assign, feedback_start, feedback_submit
    from cchc.orgs.resolve import invalidate_index
    from cchc.plans.services import import_confirm, import_create
    from cchc.portal import services as portal
    from cchc.reports.services import report_draft, report_submit
    from cchc.tracking.models import Assignment
    from cchc.tracking.services import assignments_generate, evidence_add, progress_record

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CCHC_JOBS_INLINE = True
    settings.CCHC_JOB_WORKERS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    invalidate_index()
    p = personas

    # A plan imported from a document and confirmed by the administrator.
    text = plan_document(p.unit_a, p.unit_b).encode("utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        [item] = import_create(
            files=[SimpleUploadedFile("ke-hoach-77.txt", text, content_type="text/plain")],
            actor=p.admin,
            unit=p.home_affairs,
        )
    item.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        plan = import_confirm(item=item, actor=p.admin)
    plan.refresh_from_db()
    assignments_generate(plan=plan, actor=p.admin, today=date(2025, 3, 1))
    mine = Assignment.objects.filter(plan=plan, unit=p.unit_a, role="lead").select_related("task")
    assert mine.count() == 2, list(Assignment.objects.filter(plan=plan).values("unit__name", "role"))

    # Unit A records its progress, with a link as evidence, and reports the first half-year.
    video = next(a for a in mine if a.task.stt == "1")
    news_task = next(a for a in mine if a.task.stt == "3")
    entry = progress_record(
        assignment=video,
        period="2025-H1",
        status="done",
        note="Đã quay 02 video hướng dẫn và đăng trên trang của đơn vị",
        deliverables={"news": 2},
        actor=p.officer_a,
    )
    evidence_add(
        entry=entry, url="https://example.gov.vn/video-dvc", title="Video hướng dẫn", actor=p.officer_a
    )
    progress_record(
        assignment=news_task,
        period="2025-Q1",
        status="late",
        percent=40,
        note="Mới đăng 4 tin",
        actor=p.officer_a,
    )
    report = report_draft(unit=p.unit_a, period="2025-H1", actor=p.officer_a)
    report_submit(version=report.current_version, actor=p.officer_a)

    # The public page: a published news item and the plan made public.
    news = portal.news_create(
        actor=p.editor,
        title="Hướng dẫn nộp hồ sơ trực tuyến",
        category="tin-hoat-dong",
        summary="Các bước nộp hồ sơ trên cổng dịch vụ công.",
        body="<p>Người dân có thể nộp hồ sơ mọi lúc, mọi nơi.</p>",
    )
    portal.news_submit(actor=p.editor, news=news)
    portal.news_publish(actor=p.admin, news=news)
    portal.news_create(actor=p.editor, title="Bản nháp chưa gửi", summary="Nháp.", body="<p>Nháp.</p>")
    portal.plan_publish(actor=p.admin, plan=plan, allow_download=True)

    # A citizen's feedback, assigned to unit A and answered there.
    with django_capture_on_commit_callbacks(execute=True):
        feedback = feedback_submit(
            title="Không tra cứu được kết quả hồ sơ",
            content="Tôi nhập mã hồ sơ trên cổng dịch vụ công nhưng trang báo không tìm thấy.",
            email="nguoidan@example.vn",
            consent_publish=True,
        )
        feedback_assign(feedback=feedback, unit=p.unit_a, actor=p.admin)
        feedback_start(feedback=feedback, actor=p.officer_a)
        feedback_answer(
            feedback=feedback,
            answer="Mã hồ sơ có phân biệt chữ hoa; đơn vị đã hướng dẫn lại cách tra cứu.",
            actor=p.officer_a,
        )
    # An item still waiting for the administrator.
    with django_capture_on_commit_callbacks(execute=True):
        feedback_submit(
            title="Đề nghị thêm hướng dẫn bằng video",
            content="Nên có thêm video hướng dẫn cho người cao tuổi khi nộp hồ sơ trực tuyến.",
            email="",
            consent_publish=False,
        )
    cache.clear()
    return p


# --- the crawler -------------------------------------------------------------------------------


class PageParser(HTMLParser):
    """Links, headings, title, lang and the text of table cells and definition values."""

    CELLS = {"td", "th", "dd"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.h1 = 0
        self.title = ""
        self.lang = None
        self.cells: list[str] = []
        self._in_title = False
        self._cell_depth = 0
        self._cell_text: list[str] = []
        self._skip = 0  # inside <script>/<style>
        # GET forms (filters, search boxes) as [action, [(name, value)]], submitted as a user would.
        self.forms: list[list] = []
        self._form: list | None = None
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        elif tag in ("script", "style", "template"):
            self._skip += 1
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = [attrs.get("action") or "", []] if method == "get" else None
            if self._form is not None:
                self.forms.append(self._form)
        elif self._form is not None and tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind == "search" or attrs["name"] in SEARCH_FIELDS:
                self._form[1].append((attrs["name"], SEARCH_TEXT))
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form[1].append((attrs["name"], attrs.get("value") or "on"))
            elif kind not in ("submit", "button", "reset", "file", "image"):
                self._form[1].append((attrs["name"], attrs.get("value") or ""))
        elif self._form is not None and tag == "select" and attrs.get("name"):
            self._select, self._select_value = attrs["name"], None
        elif self._select is not None and tag == "option":
            if self._select_value is None or "selected" in attrs:
                self._select_value = attrs.get("value") or ""
        if tag in self.CELLS:
            if self._cell_depth == 0:
                self._cell_text = []
            self._cell_depth += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in ("script", "style", "template"):
            self._skip = max(0, self._skip - 1)
        elif tag == "select" and self._select is not None:
            if self._form is not None and self._select_value is not None:
                self._form[1].append((self._select, self._select_value))
            self._select = None
        elif tag == "form":
            self._form = None
        if tag in self.CELLS and self._cell_depth:
            self._cell_depth -= 1
            if self._cell_depth == 0:
                self.cells.append(" ".join("".join(self._cell_text).split()))

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._cell_depth and not self._skip:
            self._cell_text.append(data)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return re.sub(r"<[^>]+>", " ", html)


@dataclass
class Crawl:
    persona: str
    problems: list[str] = field(default_factory=list)
    visited: dict[str, int] = field(default_factory=dict)

    def problem(self, url: str, what: str, shown_on: str | None = None) -> None:
        where = f" (link on {shown_on})" if shown_on else ""
        self.problems.append(f"[{self.persona}] {url}{where}: {what}")


def check_page(html: str) -> tuple[PageParser, list[str]]:
    """The page's links and forms (in the parser), and what is wrong with its markup."""
    parser = PageParser()
    parser.feed(html)
    problems = []
    if parser.h1 != 1:
        problems.append(f"{parser.h1} <h1> elements (want exactly one)")
    if not parser.title.strip():
        problems.append("no <title>")
    if parser.lang != "vi":
        problems.append(f'<html lang="{parser.lang}"> (want "vi")')
    text = " ".join(visible_text(html).split())
    marker = TEMPLATE_MARKERS.search(text)
    if marker:
        start = max(0, marker.start() - 40)
        problems.append(f"template syntax in the page: …{text[start : marker.end() + 40]!r}…")
    leaked = sorted({cell for cell in parser.cells if cell in LEAKED_VALUES})
    if leaked:
        problems.append(f"raw value shown in a table cell: {leaked}")
    return parser, problems


def skipped(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return True
    path, query = parts.path, parts.query
    return (
        path.startswith(("/admin/", "/i18n/", "/static/"))
        or "dang-xuat" in path
        or "logout" in path
        or re.search(r"(^|&)(lang|language)=", query) is not None
    )


def crawl(client, persona: str) -> Crawl:
    result = Crawl(persona)
    queue: deque[tuple[str, str | None]] = deque((url, None) for url in START_PAGES)
    seen: set[str] = set(START_PAGES)
    variants: dict[str, int] = {}
    while queue and len(result.visited) < MAX_PAGES:
        url, shown_on = queue.popleft()
        response = client.get(url)
        hops = 0
        while response.status_code in (301, 302, 303, 307, 308) and hops < 5:
            target = urljoin(url, response["Location"])
            if urlsplit(target).path == SIGN_IN_PATH and urlsplit(url).path != SIGN_IN_PATH:
                if shown_on is not None and persona != "anonymous":
                    result.problem(
                        url, "link shown, but it sends a signed-in user to the sign-in page", shown_on
                    )
                if shown_on is not None and persona == "anonymous" and url.startswith("/cong-thong-tin/"):
                    result.problem(url, "public page asks for signing in", shown_on)
                break
            if skipped(target):
                break
            url = target
            response = client.get(url)
            hops += 1
        status = response.status_code
        result.visited[url] = status
        if status >= 500:
            result.problem(url, f"server error {status}", shown_on)
            continue
        if status in (403, 404) and shown_on is not None:
            result.problem(url, f"{status} on a link the page showed", shown_on)
            continue
        if status != 200:
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode(response.charset or "utf-8", errors="replace")
        parser, problems = check_page(html)
        for what in problems:
            result.problem(url, what)
        submitted = [
            f"{urlsplit(urljoin(url, action)).path}?{urlencode(fields)}" if fields else urljoin(url, action)
            for action, fields in parser.forms
        ]
        for href in parser.links + submitted:
            target, _fragment = urldefrag(urljoin(url, href.strip()))
            if not target or skipped(target):
                continue
            parts = urlsplit(target)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen:
                continue
            if parts.query:
                variants[parts.path] = variants.get(parts.path, 0) + 1
                if variants[parts.path] > MAX_VARIANTS:
                    continue
            seen.add(target)
            queue.append((target, url))
    return result


@pytest.mark.parametrize("persona", CRAWL_PERSONAS)
def test_every_page_a_persona_can_reach_works(site, client_for, persona):
    client = client_for(persona)
    result = crawl(client, persona)
    # The crawl really went somewhere: the public page and its news at least.
    assert len(result.visited) >= 5, result.visited
    assert any(url.startswith("/cong-thong-tin/") for url in result.visited)
    if persona != "anonymous":
        back_office = [url for url in result.visited if not url.startswith(("/cong-thong-tin/", "/api/"))]
        assert len(back_office) >= 10, back_office
    assert not result.problems, (
        f"{len(result.problems)} problem(s) in {len(result.visited)} pages:\n" + "\n".join(result.problems)
    )


def test_the_page_checks_catch_a_broken_page_and_pass_a_good_one():
    broken = """<!DOCTYPE html><html><head><title> </title></head><body>
      <h1>Kế hoạch</h1><h1>Lần nữa</h1><p>{{ plan.title }}</p>
      <table><tr><td>None</td><td><span>Sở Nội vụ</span></td></tr></table>
      <form method="get" action="/ke-hoach/"><input type="search" name="q"><select name="nam">
        <option value="">Tất cả</option><option value="2025" selected>2025</option></select></form>
      <form method="post" action="/dang-xuat/"><input name="x" value="1"></form>
      <a href="/ke-hoach/1/">Một</a><script>var a = "{{ x }}";</script></body></html>"""
    parser, problems = check_page(broken)
    assert problems == [
        "2 <h1> elements (want exactly one)",
        "no <title>",
        '<html lang="None"> (want "vi")',
        "template syntax in the page: …'Kế hoạch Lần nữa {{ plan.title }} None Sở Nội vụ Tất cả 2025 '…",
        "raw value shown in a table cell: ['None']",
    ]
    assert parser.links == ["/ke-hoach/1/"]
    assert parser.forms == [["/ke-hoach/", [("q", SEARCH_TEXT), ("nam", "2025")]]]

    good = """<!DOCTYPE html><html lang="vi"><head><title>Kế hoạch · CCHC</title></head><body>
      <h1>Kế hoạch</h1><pre>{ "a": {"b": null} }</pre><table><tr><td>Không có</td></tr></table></body></html>"""
    assert check_page(good)[1] == []
    assert skipped("/admin/") and skipped("/tai-khoan/dang-xuat/") and skipped("https://example.gov.vn/")
    assert skipped("/?lang=en") and not skipped("/ke-hoach/?nam=2025")
