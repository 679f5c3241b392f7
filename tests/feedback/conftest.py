"""Feedback tests: uploads in a temporary folder, jobs (the e-mails) run as their transaction
commits, an empty cache (rate limits, used questions) for each test, and no minimum time
between showing the form and sending it."""

from __future__ import annotations

import pytest
from feedback_helpers import solve


@pytest.fixture(autouse=True)
def _feedback_settings(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CCHC_JOBS_INLINE = True
    settings.CCHC_JOB_WORKERS = 0
    settings.FEEDBACK_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def form_data():
    """`form_data(client, **overrides)` → a valid POST for the public form, with the question
    of a freshly shown form answered."""
    from django.urls import reverse

    def make(client, **overrides):
        page = client.get(reverse("feedback:submit"))
        form = page.context["form"]
        data = {
            "name": "Nguyễn Văn Dân",
            "email": "dan@example.vn",
            "phone": "",
            "topic": "procedure",
            "unit_concerned": "",
            "title": "Thời gian cấp giấy phép xây dựng quá lâu",
            "content": "Tôi nộp hồ sơ cấp phép xây dựng từ tháng trước nhưng chưa nhận được kết quả.",
            "consent_publish": "on",
            "website": "",
            "challenge_token": form.initial["challenge_token"],
            "challenge_answer": solve(form.challenge_question),
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return make


@pytest.fixture
def submit(db):
    """`submit(**fields)` → a Feedback sent through the service, as the public form does."""
    from cchc.feedback.services import feedback_submit

    def make(**fields):
        values = {
            "title": "Thủ tục đăng ký kinh doanh",
            "content": "Đề nghị công khai rõ thời hạn giải quyết thủ tục đăng ký hộ kinh doanh.",
            "email": "nguoidan@example.vn",
            "consent_publish": True,
        }
        values.update(fields)
        return feedback_submit(**values)

    return make


@pytest.fixture
def feedback_of_a(personas, submit):
    """A feedback item the administrator has assigned to unit A."""
    from cchc.feedback.services import feedback_assign

    return feedback_assign(feedback=submit(), unit=personas.unit_a, actor=personas.admin)
