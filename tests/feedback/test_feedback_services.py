"""The life of a feedback item through the services: codes, steps, permissions, audit, e-mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


def test_it_gives_each_submission_a_readable_unguessable_code(submit):
    from cchc.feedback.models import Status

    first, second = submit(), submit()
    assert re.fullmatch(r"PA-\d{4}-[2-9A-HJKMNP-Z]{8}", first.code)
    assert first.code != second.code
    assert first.status == Status.RECEIVED
    assert [e.kind for e in first.events.all()] == ["submitted"]


def test_it_normalizes_a_code_as_people_type_it():
    from cchc.feedback.services import normalize_code

    assert normalize_code(" pa-2026-7k3q 9xmf ") == "PA-2026-7K3Q9XMF"


def test_it_refuses_too_short_content(submit):
    with pytest.raises(ValidationError) as caught:
        submit(title="Hi", content="ngắn")
    assert set(caught.value.error_dict) == {"title", "content"}


def test_it_stores_allowed_attachments_under_a_random_name(submit):
    pdf = SimpleUploadedFile("biên bản.pdf", b"%PDF-1.4\n...", content_type="application/pdf")
    feedback = submit(attachments=[pdf])
    [attachment] = feedback.attachments.all()
    assert attachment.original_name == "biên bản.pdf"
    assert attachment.content_type == "application/pdf"
    assert "biên" not in attachment.file.name and attachment.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ...", "chỉ nhận"),
        ("anh.png", b"not really a png", "không khớp"),
        ("to.pdf", b"%PDF-" + b"x" * (5 * 1024 * 1024), "lớn hơn"),
    ],
)
def test_it_refuses_attachments_of_the_wrong_type_or_size(submit, name, content, message):
    with pytest.raises(ValidationError) as caught:
        submit(attachments=[SimpleUploadedFile(name, content)])
    assert message in " ".join(caught.value.message_dict["attachments"])


def test_it_refuses_more_than_three_attachments(submit):
    files = [SimpleUploadedFile(f"{i}.txt", b"noi dung") for i in range(4)]
    with pytest.raises(ValidationError):
        submit(attachments=files)


def test_the_whole_way_from_receipt_to_a_published_answer(
    personas, submit, django_capture_on_commit_callbacks
):
    from cchc.audit.models import AuditEntry
    from cchc.feedback.models import Status
    from cchc.feedback.services import feedback_answer, feedback_assign, feedback_start

    personas.officer_a.email = "canbo.a@example.vn"
    personas.officer_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        feedback = submit()
    assert [m.to for m in mail.outbox] == [["nguoidan@example.vn"]]
    assert feedback.code in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        feedback = feedback_assign(feedback=feedback, unit=personas.unit_a, actor=personas.admin, note="Gấp")
    assert feedback.status == Status.ASSIGNED
    recipients = sorted(tuple(m.to) for m in mail.outbox[1:])
    assert recipients == [("canbo.a@example.vn",), ("nguoidan@example.vn",)]

    feedback = feedback_start(feedback=feedback, actor=personas.officer_a)
    assert feedback.status == Status.IN_PROGRESS
    with django_capture_on_commit_callbacks(execute=True):
        feedback = feedback_answer(
            feedback=feedback, answer="Hồ sơ đã được giải quyết ngày 12/3.", actor=personas.officer_a
        )
    assert feedback.status == Status.ANSWERED and feedback.is_published
    assert "Hồ sơ đã được giải quyết" in mail.outbox[-1].body

    assert [e.kind for e in feedback.events.all()] == ["submitted", "assigned", "started", "answered"]
    actions = list(
        AuditEntry.objects.filter(object_id=str(feedback.pk), object_type="feedback.feedback")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "feedback.feedback.submitted",
        "feedback.feedback.assigned",
        "feedback.feedback.started",
        "feedback.feedback.answered",
    ]


def test_it_sends_nothing_to_a_citizen_who_left_no_address(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(email="")
    assert mail.outbox == []


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "leader", "editor"])
def test_only_the_administrator_assigns(personas, submit, persona):
    from cchc.feedback.services import feedback_assign

    with pytest.raises(PermissionDenied):
        feedback_assign(feedback=submit(), unit=personas.unit_a, actor=personas.get(persona))


@pytest.mark.parametrize("persona", ["officer_b", "leader", "editor"])
def test_only_the_assigned_unit_answers(personas, feedback_of_a, persona):
    from cchc.feedback.services import feedback_answer

    with pytest.raises(PermissionDenied):
        feedback_answer(
            feedback=feedback_of_a, answer="Trả lời thay đơn vị khác.", actor=personas.get(persona)
        )


def test_an_answer_stays_private_without_consent(personas, submit):
    from cchc.feedback.selectors import published_answers
    from cchc.feedback.services import feedback_answer, feedback_assign

    feedback = feedback_assign(
        feedback=submit(consent_publish=False), unit=personas.unit_a, actor=personas.admin
    )
    feedback = feedback_answer(feedback=feedback, answer="Đã xử lý xong hồ sơ.", actor=personas.officer_a)
    assert not feedback.is_published
    assert list(published_answers()) == []


def test_rejecting_as_spam_closes_it_and_it_cannot_be_answered(personas, feedback_of_a):
    from cchc.feedback.models import Status
    from cchc.feedback.services import feedback_answer, feedback_close

    feedback = feedback_close(feedback=feedback_of_a, actor=personas.admin, reject=True, note="quảng cáo")
    assert feedback.status == Status.REJECTED
    with pytest.raises(ValidationError):
        feedback_answer(feedback=feedback, answer="Không còn mở để trả lời.", actor=personas.officer_a)


def test_closing_an_answered_item_keeps_its_published_answer(personas, feedback_of_a):
    from cchc.feedback.services import feedback_answer, feedback_close

    feedback = feedback_answer(
        feedback=feedback_of_a, answer="Đã xử lý xong hồ sơ.", actor=personas.officer_a
    )
    feedback = feedback_close(feedback=feedback, actor=personas.admin)
    assert feedback.is_published


def test_officers_see_only_what_their_unit_was_given(personas, feedback_of_a, submit):
    from cchc.feedback.selectors import feedback_list

    submit()  # not assigned yet
    assert list(feedback_list(actor=personas.officer_a)) == [feedback_of_a]
    assert list(feedback_list(actor=personas.leader)) == [feedback_of_a]
    assert list(feedback_list(actor=personas.officer_b)) == []
    assert feedback_list(actor=personas.admin).count() == 2
    with pytest.raises(PermissionDenied):
        feedback_list(actor=personas.editor)
