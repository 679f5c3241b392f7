"""Builders shared by the portal tests: news in each state, a public plan, an image."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

PLAN_TEXT = (
    "ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN\nSố: 12/KH-UBND\nHưng Yên, ngày 10 tháng 01 năm 2025\n"
    "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2025\n"
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n"
)


def image_upload(name="anh.png", size=(900, 600), fmt="PNG", colour=(30, 90, 160)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def make_news(p, *, state="draft", title="Tin kiểm thử", category="tin-hoat-dong", image=False,
              published_at=None, body="<p>Nội dung kiểm thử.</p>"):  # fmt: skip
    """A news item written by the editor persona, taken to `state`
    ("draft", "review", "published" or "scheduled")."""
    from cchc.portal import services

    news = services.news_create(
        actor=p.editor,
        title=title,
        category=category,
        summary=f"Tóm tắt của {title}.",
        body=body,
        image=image_upload() if image else None,
        image_alt="Ảnh minh họa kiểm thử" if image else "",
    )
    if state == "draft":
        return news
    news = services.news_submit(actor=p.editor, news=news)
    if state == "review":
        return news
    when = published_at
    if state == "scheduled":
        when = when or timezone.now() + timedelta(days=2)
    return services.news_publish(actor=p.admin, news=news, published_at=when)


def make_plan(p, text: str = PLAN_TEXT):
    """A plan confirmed by officer A (not public yet)."""
    from cchc.plans.services import import_confirm, import_create, parse_import_item

    [item] = import_create(files=[SimpleUploadedFile("kh.txt", text.encode())], actor=p.officer_a)
    item = parse_import_item(item.pk)
    return import_confirm(item=item, actor=p.officer_a)


def make_public_plan(p, *, allow_download=True):
    from cchc.portal import services

    plan = make_plan(p)
    services.plan_publish(actor=p.admin, plan=plan, allow_download=allow_download)
    return plan
