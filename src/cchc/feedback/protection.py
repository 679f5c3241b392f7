"""Keeping the public form usable for people and costly for robots, without outside services:

* rate limits per client address (form posts, accepted submissions, status lookups), counted
  in Django's cache, which every web process shares (CACHES in the settings: files under the
  data folder by default, or CCHC_CACHE_BACKEND/CCHC_CACHE_LOCATION);
* a honeypot field that people never see and robots fill in;
* a small arithmetic question written in Vietnamese words ("Ba cộng bốn bằng mấy?"), carried in
  a signed token (django.core.signing) so that no session or script is needed; the token holds
  a keyed hash of the answer, not the answer, expires, and is used once.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from cchc.config import env_int
from cchc.search.text import fold

CHALLENGE_SALT = "cchc.feedback.challenge"
CHALLENGE_MAX_AGE_S = 2 * 60 * 60

NUMBER_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]
# How people may type an answer in words, folded: "mười hai", "muoi hai", "mười lăm", "bon".
_SPOKEN = {fold(word): n for n, word in enumerate(NUMBER_WORDS)} | {"tu": 4, "lam": 5, "bay": 7}


def setting(name: str, default: int) -> int:
    """A limit from settings (tests), else from the environment (CCHC_<NAME>), else `default`."""
    value = getattr(settings, name, None)
    return int(value) if value is not None else env_int(f"CCHC_{name}", default)


# --- client address and rate limits ------------------------------------------------------------


def client_address(request) -> str:
    """The sender's address. Behind the reverse proxy (CCHC_BEHIND_PROXY) that is the last
    X-Forwarded-For entry, the one the proxy itself added; earlier entries are the client's word."""
    if settings.SECURE_PROXY_SSL_HEADER and request.META.get("HTTP_X_FORWARDED_FOR"):
        return request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_key(request) -> str:
    """A keyed hash of the address: what the cache and the database keep instead of the address."""
    return salted_hmac("cchc.feedback.client", client_address(request)).hexdigest()[:32]


def allow(bucket: str, key: str, *, limit: int, window_s: int) -> bool:
    """Count one more attempt of `key` in `bucket`; False once more than `limit` fell in the window."""
    cache_key = f"cchc:ratelimit:{bucket}:{key}"
    cache.add(cache_key, 0, window_s)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window_s)
        count = 1
    return count <= limit


def peek(bucket: str, key: str, *, limit: int) -> bool:
    """True while `key` is still under `limit` in `bucket`, without counting anything."""
    return (cache.get(f"cchc:ratelimit:{bucket}:{key}") or 0) < limit


def allow_attempt(request) -> bool:
    """Every POST of the form counts here, accepted or not (robots guessing answers included)."""
    return allow(
        "feedback-attempt",
        client_key(request),
        limit=setting("FEEDBACK_ATTEMPTS_PER_HOUR", 20),
        window_s=60 * 60,
    )


def submission_allowed(request) -> bool:
    return peek("feedback-submit", client_key(request), limit=setting("FEEDBACK_SUBMITS_PER_HOUR", 5))


def count_submission(request) -> None:
    """An accepted submission: counted against FEEDBACK_SUBMITS_PER_HOUR."""
    allow("feedback-submit", client_key(request), limit=10**9, window_s=60 * 60)


def allow_lookup(request) -> bool:
    return allow(
        "feedback-lookup",
        client_key(request),
        limit=setting("FEEDBACK_LOOKUPS_PER_10_MIN", 30),
        window_s=10 * 60,
    )


# --- the arithmetic question -------------------------------------------------------------------


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def _answer_hash(nonce: str, answer: int) -> str:
    return salted_hmac(CHALLENGE_SALT, f"{nonce}:{answer}").hexdigest()


def new_challenge() -> Challenge:
    rng = secrets.SystemRandom()
    a, b = rng.randint(1, 9), rng.randint(1, 9)
    if rng.random() < 0.5:
        a, b = max(a, b), min(a, b)
        question, answer = _("%(a)s trừ %(b)s bằng mấy?"), a - b
    else:
        question, answer = _("%(a)s cộng %(b)s bằng mấy?"), a + b
    text = question % {"a": NUMBER_WORDS[a], "b": NUMBER_WORDS[b]}
    text = text[:1].upper() + text[1:]
    nonce = secrets.token_urlsafe(12)
    token = signing.dumps(
        {"q": text, "n": nonce, "h": _answer_hash(nonce, answer), "t": int(time.time())},
        salt=CHALLENGE_SALT,
    )
    return Challenge(question=text, token=token)


def question_of(token: str) -> str:
    """The question a token was issued for (to show it again), or "" for a bad token."""
    try:
        return signing.loads(token, salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE_S)["q"]
    except (signing.BadSignature, KeyError, TypeError):
        return ""


def parse_answer(value: str) -> int | None:
    """ "7", " 7 ", "bảy", "bay", "mười hai", "muoi hai" → the number; None if unreadable."""
    words = fold(value or "").replace("-", " ").split()
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    if not words or any(w not in _SPOKEN and w != "muoi" for w in words):
        return None
    if words[0] == "muoi" and len(words) == 2:
        return 10 + _SPOKEN[words[1]]
    if len(words) == 1:
        return _SPOKEN.get(words[0])
    return None


class ChallengeFailed(Exception):
    pass


def verify_challenge(token: str, answer: str) -> str:
    """Check the answer to the question in `token`; returns the token's nonce (to `consume` once
    the whole submission is accepted). Raises ChallengeFailed with a message for the person."""
    try:
        data = signing.loads(token, salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE_S)
        nonce, expected, issued = data["n"], data["h"], data["t"]
    except signing.SignatureExpired:
        raise ChallengeFailed(_("Câu hỏi kiểm tra đã hết hạn; vui lòng trả lời câu hỏi mới.")) from None
    except (signing.BadSignature, KeyError, TypeError):
        raise ChallengeFailed(_("Câu hỏi kiểm tra không hợp lệ; vui lòng trả lời câu hỏi mới.")) from None
    if time.time() - issued < setting("FEEDBACK_MIN_SECONDS", 3):
        raise ChallengeFailed(_("Biểu mẫu được gửi quá nhanh; vui lòng kiểm tra lại rồi gửi."))
    if cache.get(f"cchc:challenge-used:{nonce}"):
        raise ChallengeFailed(_("Câu hỏi kiểm tra này đã được dùng; vui lòng trả lời câu hỏi mới."))
    number = parse_answer(answer)
    if number is None or not constant_time_compare(_answer_hash(nonce, number), expected):
        consume(nonce)  # one guess per question: a new question comes with the form shown again
        raise ChallengeFailed(_("Câu trả lời cho câu hỏi kiểm tra chưa đúng."))
    return nonce


def consume(nonce: str) -> bool:
    """Mark a question as used; False if it already was (a replayed form)."""
    return cache.add(f"cchc:challenge-used:{nonce}", 1, CHALLENGE_MAX_AGE_S)
