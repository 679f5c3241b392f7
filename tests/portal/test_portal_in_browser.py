"""A real browser (Debian's Chromium through Playwright) on the public page and the editorial
back office: axe-core finds no serious or critical accessibility problem on the main pages,
and an editor's news item goes through review to the home page and, typed without diacritics,
is found by the search box.

axe-core comes from the axe-playwright-python package (its bundled axe.min.js, no network);
Playwright's evaluate() runs it outside the page's CSP."""

from __future__ import annotations

import re

import pytest
from portal_factories import make_news, make_public_plan

from browser_support import ARTIFACTS, sign_in

BLOCKING_IMPACTS = {"serious", "critical"}

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _no_job_threads(settings):
    # The plan factory parses in this thread; a job thread on the same SQLite file would lock it.
    settings.CCHC_JOBS_INLINE = False


@pytest.fixture
def browser_context_args():
    return {"viewport": {"width": 1280, "height": 900}, "locale": "vi-VN"}


def blocking_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def test_main_pages_have_no_serious_accessibility_violations(
    transactional_db, live_server, personas, persona_password, new_page
):
    from cchc.plans.models import LegalDocument
    from cchc.portal import services

    news = make_news(personas, state="published", title="Hội nghị triển khai kế hoạch CCHC", image=True,
                     body="<h2>Nội dung chính</h2><p>Đoạn văn <a href='https://example.org'>liên kết</a>.</p>")  # fmt: skip
    make_news(personas, state="published", title="Thông báo cuộc thi", category="cuoc-thi")
    plan = make_public_plan(personas)
    document = LegalDocument.objects.get()
    services.result_save(
        actor=personas.admin, unit=personas.unit_a, year=2024, kind="par", score=88.4, rank=1
    )
    services.result_save(
        actor=personas.admin, unit=personas.unit_b, year=2024, kind="par", score=79.1, rank=2
    )
    services.result_save(actor=personas.admin, unit=personas.unit_b, year=2024, kind="sipas", score=83)

    base = f"{live_server.url}/cong-thong-tin"
    pages = {
        "home": f"{base}/",
        "news-list": f"{base}/tin-tuc/",
        "news-detail": f"{base}/tin-tuc/{news.pk}/",
        "plans": f"{base}/ke-hoach/",
        "plan-detail": f"{base}/ke-hoach/{plan.pk}/",
        "documents": f"{base}/van-ban/",
        "document-detail": f"{base}/van-ban/{document.pk}/",
        "results": f"{base}/ket-qua-chi-so/",
    }
    found = {}
    page = new_page()
    for name, url in pages.items():
        page.goto(url)
        found[name] = blocking_violations(page)
        page.screenshot(path=ARTIFACTS / f"portal-{name}.png", full_page=True)
    phone = new_page(viewport={"width": 390, "height": 844})
    phone.goto(pages["home"])
    found["home-phone"] = blocking_violations(phone)
    phone.screenshot(path=ARTIFACTS / "portal-home-phone.png", full_page=True)
    phone.emulate_media(media="print")
    phone.goto(pages["news-detail"])
    assert not phone.locator(".p-nav").is_visible()  # the print stylesheet hides navigation
    phone.screenshot(path=ARTIFACTS / "portal-news-print.png", full_page=True)

    editor = new_page()
    sign_in(editor, live_server, personas.editor.username, persona_password, next="/bien-tap/")
    found["back-office"] = blocking_violations(editor)
    editor.screenshot(path=ARTIFACTS / "portal-back-office.png", full_page=True)

    assert {name: v for name, v in found.items() if v} == {}
    assert page.problems == [] and phone.problems == [] and editor.problems == []


def test_an_editor_writes_the_admin_publishes_and_it_appears_on_the_home_page_and_in_search(
    transactional_db, live_server, personas, persona_password, new_page
):
    from playwright.sync_api import expect

    title = "Ra mắt tổ công nghệ số cộng đồng"
    public = new_page()
    public.goto(f"{live_server.url}/cong-thong-tin/")  # fills the home page cache before publishing
    expect(public.get_by_text(title)).to_have_count(0)
    # The same search before publishing: an empty result page, now in the cache too.
    search_url = f"{live_server.url}/cong-thong-tin/tim-kiem/?q=thanh+vien+cong+dong"
    public.goto(search_url)
    expect(public.get_by_text("Không tìm thấy kết quả nào")).to_be_visible()

    editor = new_page()
    sign_in(editor, live_server, personas.editor.username, persona_password, next="/bien-tap/")
    editor.get_by_role("link", name="Viết tin mới").click()
    editor.get_by_label("Tiêu đề").fill(title)
    editor.get_by_label("Tóm tắt").fill("Các xã ra mắt tổ công nghệ số cộng đồng để hướng dẫn người dân.")
    editor.get_by_label("Nội dung").fill(
        "Sáng nay, các tổ công nghệ số cộng đồng ra mắt.\n\nMỗi tổ có năm thành viên."
    )
    editor.get_by_role("button", name="Lưu bản nháp").click()
    expect(editor.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    editor.get_by_role("button", name="Gửi duyệt").click()
    expect(editor.get_by_text("Đã gửi duyệt.")).to_be_visible()
    expect(editor.get_by_role("button", name="Duyệt và xuất bản")).to_have_count(0)

    admin = new_page()
    sign_in(admin, live_server, personas.admin.username, persona_password, next="/bien-tap/")
    admin.get_by_role("link", name=title).click()
    admin.get_by_role("button", name="Duyệt và xuất bản").click()
    expect(admin.get_by_text("Đã xuất bản trên trang công khai.")).to_be_visible()
    admin.screenshot(path=ARTIFACTS / "portal-news-published.png", full_page=True)

    public.goto(f"{live_server.url}/cong-thong-tin/")
    expect(public.get_by_role("link", name=title)).to_be_visible()
    public.get_by_role("link", name=title).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(title)
    expect(public.locator(".p-article__body p")).to_have_count(2)

    # A citizen types words of the body without diacritics in the search box of the page.
    public.goto(f"{live_server.url}/cong-thong-tin/")
    public.locator("#p-search-q").fill("thanh vien cong dong")
    public.locator("#p-search-q").press("Enter")
    expect(public).to_have_url(re.compile(r"/cong-thong-tin/tim-kiem/\?q=thanh\+vien\+cong\+dong"))
    hit = public.locator(".search-hits li")
    expect(hit).to_have_count(1)
    expect(hit.get_by_role("link", name=title)).to_be_visible()
    # Matched in the original spelling, diacritics and all.
    expect(hit.locator(".search-hit__snippet mark", has_text="thành")).to_have_count(1)
    expect(hit.locator(".search-hit__snippet mark", has_text="viên")).to_have_count(1)
    public.screenshot(path=ARTIFACTS / "portal-news-found-by-search.png", full_page=True)
    hit.get_by_role("link", name=title).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(title)
    assert editor.problems == [] and admin.problems == [] and public.problems == []
