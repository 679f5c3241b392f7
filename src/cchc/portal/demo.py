"""Sample news for a demo installation (`cchc portal-demo`, run by `cchc bootstrap`).

The texts are written for this project and say that they are samples; they are not taken
from any real document. Running it again adds nothing: items are found by title.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from cchc.portal import services
from cchc.portal.models import Category, News

SAMPLE_MARK = "(tin mẫu)"

SAMPLES = [
    (
        Category.NEWS,
        "Hướng dẫn dùng trang thông tin cải cách hành chính",
        "Trang giới thiệu các chuyên mục: tin tức, kế hoạch, văn bản, kết quả chỉ số.",
        "<p>Đây là tin mẫu do hệ thống tạo ra khi cài đặt, để người quản trị thấy trang "
        "thông tin trông như thế nào khi có nội dung.</p>"
        "<h2>Các chuyên mục</h2><ul><li><strong>Tin tức</strong>: hoạt động cải cách hành chính.</li>"
        "<li><strong>Kế hoạch</strong>: các kế hoạch đã được công khai, kèm nhiệm vụ và thời hạn.</li>"
        "<li><strong>Văn bản</strong>: văn bản pháp lý mà các kế hoạch nêu làm căn cứ.</li>"
        "<li><strong>Chỉ số CCHC</strong>: kết quả PAR Index và SIPAS theo năm.</li></ul>"
        "<p>Biên tập viên có thể sửa hoặc gỡ tin này trong mục Biên tập.</p>",
    ),
    (
        Category.ANNOUNCEMENT,
        "Thông báo lịch tiếp nhận hồ sơ trong dịp nghỉ lễ",
        "Nội dung mẫu minh họa chuyên mục Thông báo.",
        "<p>Đây là thông báo mẫu. Khi đưa vào sử dụng, thông báo thật sẽ nêu rõ thời gian, "
        "địa điểm và đầu mối liên hệ.</p>",
    ),
    (
        Category.CONTEST,
        "Cuộc thi tìm hiểu về cải cách hành chính",
        "Nội dung mẫu minh họa chuyên mục Cuộc thi: thể lệ, thời hạn, cách dự thi.",
        "<p>Đây là nội dung mẫu cho một cuộc thi tìm hiểu.</p>"
        "<ol><li>Đối tượng dự thi</li><li>Hình thức dự thi</li><li>Thời gian nhận bài</li>"
        "<li>Cơ cấu giải thưởng</li></ol>",
    ),
    (
        Category.GUIDE,
        "Làm thế nào để gửi phản ánh, kiến nghị về thủ tục hành chính?",
        "Nội dung mẫu minh họa chuyên mục Hỏi đáp, hướng dẫn.",
        "<p>Đây là bài hỏi đáp mẫu. Người dân có thể gửi phản ánh, kiến nghị qua trang thông tin; "
        "cơ quan có thẩm quyền trả lời và công khai câu trả lời.</p>",
    ),
]


def _publisher():
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(role="province_admin") | Q(is_superuser=True))
        .order_by("pk")
        .first()
    )


def add_demo_news() -> int:
    """Add the sample items that are not there yet, published an hour apart; return how many."""
    actor = _publisher()
    if actor is None:
        return 0
    now = timezone.now()
    added = 0
    for index, (category, title, summary, body) in enumerate(SAMPLES):
        full_title = f"{title} {SAMPLE_MARK}"
        if News.objects.filter(title=full_title).exists():
            continue
        news = services.news_create(
            actor=actor, title=full_title, category=category, summary=summary, body=body
        )
        services.news_publish(actor=actor, news=news, published_at=now - timedelta(hours=index + 1))
        added += 1
    return added
