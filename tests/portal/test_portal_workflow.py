"""The editorial workflow: draft → review → published, who may do each step, scheduled
publishing, versions and audit entries, and plans made public."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from portal_factories import image_upload, make_news, make_plan

from cchc.audit.models import AuditEntry
from cchc.portal import selectors, services
from cchc.portal.models import News, NewsStatus, PublishedPlan

pytestmark = pytest.mark.django_db


def test_an_editor_writes_and_submits_and_only_the_admin_publishes(personas):
    news = services.news_create(
        actor=personas.editor,
        title="  Hội nghị   tổng kết  ",
        summary="Tóm tắt",
        body="<p>Nội dung</p><script>x</script>",
    )
    assert (news.status, news.title, news.body) == (NewsStatus.DRAFT, "Hội nghị tổng kết", "<p>Nội dung</p>")
    news = services.news_submit(actor=personas.editor, news=news)
    assert news.status == NewsStatus.REVIEW
    with pytest.raises(PermissionDenied):
        services.news_publish(actor=personas.editor, news=news)
    news = services.news_publish(actor=personas.admin, news=news)
    assert news.status == NewsStatus.PUBLISHED and news.is_published
    assert news.approved_by == personas.admin
    actions = list(
        AuditEntry.objects.filter(object_type="portal.news", object_id=str(news.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["portal.news.created", "portal.news.submitted", "portal.news.published"]
    assert [v.action for v in news.versions.order_by("number")] == ["created", "submitted", "published"]


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "leader"])
def test_nobody_else_may_write_news(personas, persona):
    with pytest.raises(PermissionDenied):
        services.news_create(actor=personas.get(persona), title="Không được")


def test_a_returned_item_goes_back_to_draft_with_the_reason(personas):
    news = make_news(personas, state="review")
    with pytest.raises(ValidationError):
        services.news_return(actor=personas.admin, news=news, note="  ")
    news = services.news_return(actor=personas.admin, news=news, note="Thiếu nguồn ảnh")
    assert (news.status, news.review_note) == (NewsStatus.DRAFT, "Thiếu nguồn ảnh")
    news = services.news_update(actor=personas.editor, news=news, title="Đã bổ sung")
    assert news.versions.count() == 4


def test_editors_cannot_change_an_item_under_review_or_published_but_the_admin_can(personas):
    news = make_news(personas, state="published")
    with pytest.raises(ValidationError):
        services.news_update(actor=personas.editor, news=news, title="Sửa lén")
    news = services.news_update(actor=personas.admin, news=news, title="Đính chính")
    assert news.title == "Đính chính" and news.status == NewsStatus.PUBLISHED
    entry = AuditEntry.objects.filter(action="portal.news.updated").get()
    assert entry.changes["title"] == ["Tin kiểm thử", "Đính chính"]


def test_a_scheduled_item_shows_only_from_its_time(personas):
    when = timezone.now() + timedelta(hours=3)
    news = make_news(personas, state="scheduled", published_at=when)
    assert news.is_scheduled and not news.is_published
    assert not selectors.visible_news().filter(pk=news.pk).exists()
    assert selectors.visible_news(now=when + timedelta(seconds=1)).filter(pk=news.pk).exists()
    assert selectors.next_scheduled_at() == when


def test_unpublishing_takes_an_item_off_the_public_page(personas):
    news = make_news(personas, state="published")
    services.news_unpublish(actor=personas.admin, news=news, note="Trùng tin")
    assert not selectors.visible_news().filter(pk=news.pk).exists()
    assert News.objects.get(pk=news.pk).status == NewsStatus.DRAFT


def test_steps_out_of_order_are_refused(personas):
    news = make_news(personas)
    with pytest.raises(ValidationError):
        services.news_return(actor=personas.admin, news=news, note="x")
    with pytest.raises(ValidationError):
        services.news_unpublish(actor=personas.admin, news=news)
    with pytest.raises(ValidationError, match="tiêu đề và nội dung"):
        services.news_submit(
            actor=personas.editor, news=services.news_create(actor=personas.editor, title="Trống")
        )


def test_an_image_needs_a_description_and_is_stored_with_a_thumbnail(personas):
    with pytest.raises(ValidationError) as error:
        services.news_create(actor=personas.editor, title="Ảnh", image=image_upload())
    assert "image_alt" in error.value.error_dict
    news = services.news_create(
        actor=personas.editor, title="Ảnh", image=image_upload(), image_alt="Hội trường"
    )
    assert news.image.name.endswith(".jpg") and news.thumbnail.name.endswith("-nho.jpg")
    with pytest.raises(ValidationError) as error:
        services.news_update(actor=personas.editor, news=news, image=image_upload(size=(50, 50)))
    assert "image" in error.value.error_dict


def test_replacing_an_image_removes_the_old_files(personas, django_capture_on_commit_callbacks):
    news = services.news_create(
        actor=personas.editor, title="Ảnh", image=image_upload(), image_alt="Hội trường"
    )
    old = news.image.path
    with django_capture_on_commit_callbacks(execute=True):
        news = services.news_update(actor=personas.editor, news=news, image=image_upload(colour=(200, 0, 0)))
    assert news.image.path != old
    assert not __import__("os").path.exists(old)


def test_plans_are_public_only_once_the_admin_says_so(personas):
    plan = make_plan(personas)
    assert not selectors.public_plans().exists()
    assert not selectors.public_legal_documents().exists()
    with pytest.raises(PermissionDenied):
        services.plan_publish(actor=personas.editor, plan=plan)
    services.plan_publish(actor=personas.admin, plan=plan, allow_download=False)
    assert list(selectors.public_plans()) == [plan]
    [document] = selectors.public_legal_documents()
    assert document.cited_by_count == 1
    assert [c["plan"] for c in selectors.citing_public_plans(document)] == [plan]
    services.plan_publish(actor=personas.admin, plan=plan, allow_download=True)
    assert PublishedPlan.objects.get().allow_download
    services.plan_unpublish(actor=personas.admin, plan=plan)
    assert not selectors.public_plans().exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="portal.plan.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "portal.plan.published",
        "portal.plan.download_changed",
        "portal.plan.unpublished",
    ]


def test_key_figures_hold_when_tracking_has_no_data(personas):
    make_plan(personas)
    make_news(personas, state="published")
    figures = selectors.key_figures()
    assert (figures["plans"], figures["news"]) == (1, 1)
    assert figures["tasks_total"] in (None, 0)
