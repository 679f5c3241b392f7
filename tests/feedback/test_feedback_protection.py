"""The arithmetic question and its signed token, on their own."""

from __future__ import annotations

import pytest
from django.core import signing
from feedback_helpers import solve

from cchc.feedback import protection


@pytest.fixture(autouse=True)
def _no_waiting(settings):
    from django.core.cache import cache

    settings.FEEDBACK_MIN_SECONDS = 0
    cache.clear()


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("7", 7),
        (" 12 ", 12),
        ("bảy", 7),
        ("BAY", 7),
        ("mười hai", 12),
        ("muoi lam", 15),
        ("mười năm", 15),
        ("không", 0),
        ("tư", None),
        ("bốn", 4),
        ("", None),
        ("bảy tám", None),
        ("7a", None),
    ],
)
def test_it_reads_answers_typed_in_digits_or_words(typed, number):
    expected = 4 if typed == "tư" else number
    assert protection.parse_answer(typed) == expected


def test_a_question_is_vietnamese_words_and_its_token_hides_the_answer():
    challenge = protection.new_challenge()
    assert challenge.question.endswith("bằng mấy?")
    assert not any(ch.isdigit() for ch in challenge.question)
    payload = signing.loads(challenge.token, salt=protection.CHALLENGE_SALT)
    assert set(payload) == {"q", "n", "h", "t"}
    # The answer is not in the token in clear, only a keyed hash of it.
    assert solve(challenge.question) not in {str(value) for value in payload.values()}


def test_the_right_answer_passes_once():
    challenge = protection.new_challenge()
    nonce = protection.verify_challenge(challenge.token, solve(challenge.question))
    assert protection.consume(nonce) is True
    with pytest.raises(protection.ChallengeFailed):
        protection.verify_challenge(challenge.token, solve(challenge.question))


def test_an_expired_token_is_refused(monkeypatch):
    challenge = protection.new_challenge()
    monkeypatch.setattr(protection, "CHALLENGE_MAX_AGE_S", -1)
    with pytest.raises(protection.ChallengeFailed, match="hết hạn"):
        protection.verify_challenge(challenge.token, solve(challenge.question))


def test_a_token_signed_with_another_salt_is_refused():
    forged = signing.dumps({"q": "x", "n": "n", "h": "h", "t": 0}, salt="other")
    with pytest.raises(protection.ChallengeFailed, match="không hợp lệ"):
        protection.verify_challenge(forged, "1")
