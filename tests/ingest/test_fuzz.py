"""Fuzzing: thousands of generated and mutated plans go through the text pipeline; each
ends in a PlanDocument or a ReaderError/ParseError, within a time bound per example.

Profiles: `CCHC_FUZZ=ci` (default, about a minute on two cores) or `CCHC_FUZZ=long`.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render import render_text, sample_plan

from cchc.ingest.model import PlanDocument
from cchc.ingest.normalize.timeframes import normalize_timeframe
from cchc.ingest.parse import ParseError
from cchc.ingest.pipeline import parse_file
from cchc.ingest.readers.base import ReaderError

settings.register_profile(
    "ci", max_examples=700, deadline=2000, suppress_health_check=[HealthCheck.too_slow], derandomize=False
)
settings.register_profile(
    "long", max_examples=10000, deadline=5000, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = os.environ.get("CCHC_FUZZ", "ci")

VIETNAMESE_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
PLAN_WORDS = [
    "Căn cứ",
    "Quyết định số 12/QĐ-UBND ngày 03/01/2031",
    "của UBND tỉnh;",
    "KẾ HOẠCH",
    "Số:",
    "/KH-UBND",
    "I.",
    "II.",
    "III.",
    "IV.",
    "1.",
    "2.",
    "a)",
    "b)",
    "-",
    "STT",
    "Nhiệm vụ",
    "Sản phẩm",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện",
    "Thường xuyên",
    "Quý II, III/2031",
    "Năm 2031",
    "Phụ lục",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Nơi nhận:",
    "Sở Nội vụ",
    "Các sở, ban, ngành tỉnh;",
    "Lam Sơn, ngày 14 tháng 01 năm 2031",
    "Điều 1.",
    "Ban hành kèm theo Quyết định này",
    "(Kèm theo Kế hoạch số",
    "|",
    "…",
    "http://example.invalid/a",
    "\t",
    "  ",
]

FIXTURE_LINES = render_text(sample_plan(task_count=6)).splitlines()
WORKDIR = Path(tempfile.mkdtemp(prefix="cchc-fuzz-"))

line_text = st.one_of(
    st.text(alphabet=VIETNAMESE_LETTERS + " .,;:/-()0123456789", max_size=120),
    st.lists(st.sampled_from(PLAN_WORDS), max_size=12).map(" ".join),
    st.text(max_size=40),  # anything Unicode, control characters included
)


def check(text: str) -> None:
    path = WORKDIR / "fuzz.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        result = parse_file(path)
    except (ReaderError, ParseError) as exc:
        assert str(exc).strip()
        return
    assert isinstance(result, PlanDocument)
    result.to_dict()  # the JSON contract must be producible for whatever was found


@st.composite
def mutated_plan(draw):
    lines = list(FIXTURE_LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        operation = draw(
            st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate_line", "shuffle_block"])
        )
        if not lines:
            break
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "insert":
            lines.insert(index, draw(line_text))
        elif operation == "truncate_line":
            lines[index] = lines[index][: draw(st.integers(min_value=0, max_value=max(0, len(lines[index]))))]
        else:
            end = min(len(lines), index + draw(st.integers(min_value=2, max_value=10)))
            block = lines[index:end]
            draw(st.randoms(use_true_random=False)).shuffle(block)
            lines[index:end] = block
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(min_value=0, max_value=len(text)))]
    return text


@settings(settings.get_profile(PROFILE))
@given(st.lists(line_text, max_size=60).map("\n".join))
def test_generated_documents_end_in_a_plan_or_a_clear_error(text):
    check(text)


@settings(settings.get_profile(PROFILE))
@given(mutated_plan())
def test_mutated_plans_end_in_a_plan_or_a_clear_error(text):
    check(text)


@settings(settings.get_profile(PROFILE))
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_end_in_a_plan_or_a_clear_error(data):
    path = WORKDIR / "fuzz.bin"
    path.write_bytes(data)
    try:
        assert isinstance(parse_file(path), PlanDocument)
    except (ReaderError, ParseError) as exc:
        assert str(exc).strip()


timeframe_text = st.one_of(
    st.text(max_size=80),
    st.lists(
        st.sampled_from(
            [
                "Quý",
                "quy",
                "I",
                "II",
                "III",
                "IV",
                "5",
                "Tháng",
                "3",
                "12",
                "13",
                "/",
                "2031",
                "năm",
                "Năm",
                ",",
                "và",
                "-",
                "đến",
                "Từ",
                "Trước ngày",
                "30/6",
                "31/2",
                "6 tháng đầu năm",
                "Thường xuyên",
                "Định kỳ",
                "Theo",
                "(",
                ")",
                "…",
                "Giai đoạn",
                "2021-2025",
            ]
        ),
        max_size=10,
    ).map(" ".join),
)


@settings(settings.get_profile(PROFILE))
@given(timeframe_text, st.one_of(st.none(), st.integers(min_value=-5, max_value=99999)))
def test_any_timeframe_cell_gives_a_consistent_schedule(raw, year):
    schedule = normalize_timeframe(raw, year)
    if schedule is None:
        assert not raw.strip()
        return
    assert schedule.raw == raw
    assert schedule.kind in {"continuous", "periods", "recurring", "on_demand", "unknown"}
    for period in schedule.periods:
        assert date.fromisoformat(period["start"]) <= date.fromisoformat(period["end"])
        assert period["label"]


@pytest.fixture(scope="module", autouse=True)
def _clean_workdir():
    yield
    for child in WORKDIR.iterdir():
        child.unlink()
    WORKDIR.rmdir()
