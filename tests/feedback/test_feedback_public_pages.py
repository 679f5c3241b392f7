"""The citizens' pages: sending with the question answered, the honeypot, replays, rate limits,
following an item with its code, and the list of published answers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_citizen_sends_feedback_and_gets_a_code(client, form_data):
    from cchc.feedback.models import Feedback

    data = form_data(client, attachments=SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n...."))
    response = client.post(reverse("feedback:submit"), data)
    assert response.status_code == 302 and response["Location"] == reverse("feedback:submitted")
    feedback = Feedback.objects.get()
    assert feedback.attachments.count() == 1
    page = client.get(reverse("feedback:submitted"))
    assert feedback.code in page.content.decode()
    # The address itself is never stored, only a keyed hash of it.
    assert feedback.client_hash and "127.0.0.1" not in feedback.client_hash


def test_the_question_may_be_answered_in_words(client, form_data):
    from cchc.feedback.models import Feedback
    from cchc.feedback.protection import NUMBER_WORDS

    data = form_data(client)
    number = int(data["challenge_answer"])
    words = NUMBER_WORDS[number] if number <= 10 else f"mười {NUMBER_WORDS[number - 10]}"
    data["challenge_answer"] = words.upper()
    assert client.post(reverse("feedback:submit"), data).status_code == 302
    assert Feedback.objects.count() == 1


def test_a_wrong_answer_is_refused_and_a_new_question_is_asked(client, form_data):
    from cchc.feedback.models import Feedback

    data = form_data(client)
    data["challenge_answer"] = str(int(data["challenge_answer"]) + 1)
    response = client.post(reverse("feedback:submit"), data)
    assert response.status_code == 400
    assert "chưa đúng" in response.content.decode()
    assert response.context["form"].data["challenge_token"] != data["challenge_token"]
    # The typed content is kept for the second try.
    assert data["content"] in response.content.decode()
    # The same question cannot be guessed again.
    data["challenge_answer"] = str(int(data["challenge_answer"]) - 1)
    assert client.post(reverse("feedback:submit"), data).status_code == 400
    assert Feedback.objects.count() == 0


def test_a_replayed_form_is_refused(client, form_data):
    from cchc.feedback.models import Feedback

    data = form_data(client)
    assert client.post(reverse("feedback:submit"), data).status_code == 302
    assert client.post(reverse("feedback:submit"), data).status_code == 400
    assert Feedback.objects.count() == 1


def test_a_tampered_token_is_refused(client, form_data):
    data = form_data(client)
    data["challenge_token"] = data["challenge_token"][:-3] + "abc"
    response = client.post(reverse("feedback:submit"), data)
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()


def test_a_filled_honeypot_is_refused(client, form_data):
    from cchc.feedback.models import Feedback

    response = client.post(reverse("feedback:submit"), form_data(client, website="http://spam.example"))
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_a_form_sent_too_fast_is_refused(client, form_data, settings):
    settings.FEEDBACK_MIN_SECONDS = 60
    response = client.post(reverse("feedback:submit"), form_data(client))
    assert response.status_code == 400 and "quá nhanh" in response.content.decode()


def test_one_address_may_send_only_so_many_in_an_hour(client, form_data, settings):
    from cchc.feedback.models import Feedback

    settings.FEEDBACK_SUBMITS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(reverse("feedback:submit"), form_data(client)).status_code == 302
    response = client.post(reverse("feedback:submit"), form_data(client))
    assert response.status_code == 429
    assert Feedback.objects.count() == 2
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(reverse("feedback:submit"), form_data(other)).status_code == 302


def test_robots_guessing_answers_are_stopped_too(client, form_data, settings):
    settings.FEEDBACK_ATTEMPTS_PER_HOUR = 3
    data = form_data(client, challenge_answer="99")
    codes = [client.post(reverse("feedback:submit"), data).status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]


def test_the_status_page_follows_the_item_and_shows_the_answer(client, personas, feedback_of_a):
    from cchc.feedback.services import feedback_answer

    url = reverse("feedback:status", args=[feedback_of_a.code])
    page = client.get(url).content.decode()
    assert "Đã chuyển đơn vị xử lý" in page and personas.unit_a.name in page
    assert "nguoidan@example.vn" not in page
    feedback_answer(feedback=feedback_of_a, answer="Đơn vị đã giải quyết xong.", actor=personas.officer_a)
    page = client.get(url).content.decode()
    assert "Đơn vị đã giải quyết xong." in page
    # Internal notes and officers' names stay in the back office.
    assert personas.officer_a.full_name not in page


def test_the_lookup_form_finds_a_code_typed_loosely(client, feedback_of_a):
    typed = feedback_of_a.code.lower().replace("-", " - ", 1)
    response = client.get(reverse("feedback:lookup"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:status", args=[feedback_of_a.code])
    unknown = client.get(reverse("feedback:lookup"), {"code": "PA-2026-ZZZZZZZZ"})
    assert unknown.status_code == 200 and "Không có phản ánh nào" in unknown.content.decode()


def test_guessing_codes_is_rate_limited(client, settings):
    settings.FEEDBACK_LOOKUPS_PER_10_MIN = 3
    codes = [
        client.get(reverse("feedback:status", args=[f"PA-2026-AAAAAAA{i}"])).status_code for i in range(2, 6)
    ]
    assert codes == [404, 404, 404, 429]


def test_only_answers_with_consent_are_listed_publicly(client, personas, submit):
    from cchc.feedback.services import feedback_answer, feedback_assign

    shown, hidden = submit(title="Công khai được"), submit(title="Không công khai", consent_publish=False)
    for item in (shown, hidden):
        item = feedback_assign(feedback=item, unit=personas.unit_a, actor=personas.admin)
        feedback_answer(feedback=item, answer="Trả lời của đơn vị A.", actor=personas.officer_a)
    page = client.get(reverse("feedback:answers")).content.decode()
    assert "Công khai được" in page and "Không công khai" not in page
    assert client.get(reverse("feedback:answer_detail", args=[shown.pk])).status_code == 200
    assert client.get(reverse("feedback:answer_detail", args=[hidden.pk])).status_code == 404
    detail = client.get(reverse("feedback:answer_detail", args=[shown.pk])).content.decode()
    assert "nguoidan@example.vn" not in detail


def test_the_submitted_page_without_a_submission_goes_back_to_the_form(client):
    response = client.get(reverse("feedback:submitted"))
    assert response.status_code == 302 and response["Location"] == reverse("feedback:submit")
