"""Every page and API operation of the feedback app against every persona.

Public pages answer everyone; the back office follows the rules feedback.view (administrators;
officers and leaders for the units they read), feedback.manage (administrators) and
feedback.handle (officers of the assigned unit; administrators).
"""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "officer_a", "officer_b", "leader", "editor", "anonymous")
NAMESPACES = ("feedback", "feedback_admin")
API_PREFIX = "feedback_"

EVERYONE_200 = dict.fromkeys(PERSONAS, 200)
EVERYONE_302 = dict.fromkeys(PERSONAS, 302)
BACK_OFFICE = {
    "admin": 200,
    "officer_a": 200,
    "officer_b": 200,
    "leader": 200,
    "editor": 403,
    "anonymous": "login",
}
READ_A = {
    "admin": 200,
    "officer_a": 200,
    "officer_b": 403,
    "leader": 200,
    "editor": 403,
    "anonymous": "login",
}
HANDLE_A = {
    "admin": 200,
    "officer_a": 200,
    "officer_b": 403,
    "leader": 403,
    "editor": 403,
    "anonymous": "login",
}
HANDLE_A_POST = {**HANDLE_A, "admin": 302, "officer_a": 302}
MANAGE_POST = {
    "admin": 302,
    "officer_a": 403,
    "officer_b": 403,
    "leader": 403,
    "editor": 403,
    "anonymous": "login",
}
API_BACK_OFFICE = {**BACK_OFFICE, "anonymous": 401}
API_READ_A = {**READ_A, "anonymous": 401}
API_SIGNED_IN = {**EVERYONE_200, "anonymous": 401}


def _setup(p):
    """An item assigned to unit A (with a PDF attached), and a published answer."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cchc.feedback.services import feedback_answer, feedback_assign, feedback_submit

    def send(title):
        return feedback_submit(
            title=title,
            content="Nội dung phản ánh đủ dài để được tiếp nhận.",
            consent_publish=True,
            attachments=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 test")],
        )

    item = feedback_assign(feedback=send("Phản ánh của đơn vị A"), unit=p.unit_a, actor=p.admin)
    answered = feedback_assign(feedback=send("Đã có trả lời"), unit=p.unit_a, actor=p.admin)
    answered = feedback_answer(feedback=answered, answer="Trả lời công khai.", actor=p.officer_a)
    return item, answered


def item_of_a(p):
    return [_setup(p)[0].pk]


def code_of_a(p):
    return [_setup(p)[0].code]


def published(p):
    return [_setup(p)[1].pk]


def attachment_of_a(p):
    item = _setup(p)[0]
    return [item.pk, item.attachments.get().pk]


# (url name, args from personas or None, method, expected status by persona)
PAGES = [
    ("feedback:submit", None, "get", EVERYONE_200),
    ("feedback:submitted", None, "get", EVERYONE_302),
    ("feedback:lookup", None, "get", EVERYONE_200),
    ("feedback:status", code_of_a, "get", EVERYONE_200),
    ("feedback:answers", None, "get", EVERYONE_200),
    ("feedback:answer_detail", published, "get", EVERYONE_200),
    ("feedback_admin:list", None, "get", BACK_OFFICE),
    ("feedback_admin:detail", item_of_a, "get", READ_A),
    ("feedback_admin:attachment", attachment_of_a, "get", READ_A),
    ("feedback_admin:assign", item_of_a, "post", MANAGE_POST),
    ("feedback_admin:start", item_of_a, "post", HANDLE_A_POST),
    ("feedback_admin:answer", item_of_a, "get", HANDLE_A),
    ("feedback_admin:close", item_of_a, "post", MANAGE_POST),
    ("api:feedback_list", None, "get", API_BACK_OFFICE),
    ("api:feedback_detail", item_of_a, "get", API_READ_A),
    ("api:feedback_answers", None, "get", API_SIGNED_IN),
]


def _named_urls(resolver, namespace=""):
    from django.urls import URLPattern, URLResolver

    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def _ours(name: str) -> bool:
    namespace, _, operation = name.partition(":")
    return namespace in NAMESPACES or (namespace == "api" and operation.startswith(API_PREFIX))


def test_it_covers_every_named_url_of_the_feedback_app():
    ours = {name for name in _named_urls(get_resolver()) if _ours(name)}
    assert ours == {page[0] for page in PAGES}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "args", "method", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_it_answers_each_persona_as_the_rules_say(
    client_for, personas, persona, name, args, method, expected
):
    url = reverse(name, args=args(personas) if args else None)
    response = getattr(client_for(persona), method)(url)
    wanted = expected[persona]
    if wanted == "login":
        assert response.status_code == 302, f"{persona} {method.upper()} {url}"
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    else:
        assert response.status_code == wanted, f"{persona} {method.upper()} {url}: {response.content[:300]!r}"
