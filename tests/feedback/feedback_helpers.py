"""Helpers shared by the feedback tests (a module of its own: conftest modules are not importable)."""

from __future__ import annotations

import re

NUMBERS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}


def solve(question: str) -> str:
    """The answer to "Ba cộng bốn bằng mấy?" as a person would type it."""
    match = re.match(r"(\w+) (cộng|trừ) (\w+) bằng mấy\?", question.strip().lower())
    assert match, question
    a, op, b = NUMBERS[match.group(1)], match.group(2), NUMBERS[match.group(3)]
    return str(a + b if op == "cộng" else a - b)
