"""Plans the corpus does not show: inside a Quyết định, behind website metadata,
in another province; and a guard that the parser names no corpus document."""

from __future__ import annotations

import re
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.ingest.parse import ParseError
from cchc.ingest.pipeline import parse_file, parse_source
from cchc.ingest.readers.base import ReaderError
from cchc.ingest.readers.text import text_to_source

FIXTURES = Path(__file__).parent / "fixtures" / "text"
INGEST_SOURCE = Path(__file__).resolve().parents[2] / "src" / "cchc" / "ingest"


def test_it_reads_a_plan_issued_by_article_1_of_a_decision():
    plan = parse_file(FIXTURES / "decision_article.txt")
    assert plan.container == {
        "doc_type": "QĐ",
        "number": "215/QĐ-UBND",
        "issue_date": "2025-02-14",
        "title": "Về việc ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2025",
    }
    assert plan.title == "Tuyên truyền cải cách hành chính năm 2025 của huyện Đông Lâm"
    assert plan.issuer == "Ủy ban nhân dân huyện Đông Lâm"
    assert (plan.signer.name, plan.signer.position) == ("Hoàng Minh Đức", "Chủ tịch")


def test_it_reads_the_decisions_bases_as_the_plans_bases():
    plan = parse_file(FIXTURES / "decision_article.txt")
    assert [(c.number, c.role) for c in plan.legal_bases] == [("41/KH-UBND", "basis")]


def test_it_reads_a_plan_attached_to_a_decision_by_its_issued_with_line():
    plan = parse_file(FIXTURES / "decision_attached.txt")
    assert plan.container["number"] == "215/QĐ-UBND"
    assert plan.container["issue_date"] == "2025-02-14"
    assert plan.title == "Tuyên truyền cải cách hành chính năm 2025 của huyện Đông Lâm"
    assert [s.heading for s in plan.sections][-1] == "III. TỔ CHỨC THỰC HIỆN"
    assert plan.responsibilities[-1].agency == (
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các tổ chức chính trị - xã hội huyện"
    )


def test_it_skips_website_metadata_before_the_document():
    plan = parse_file(FIXTURES / "plan_web_meta.txt")
    assert plan.number == "41/KH-UBND"
    assert plan.issuer == "Ủy ban nhân dân tỉnh Hòa Phong"
    assert plan.title == "Tuyên truyền cải cách hành chính năm 2025"
    assert len(plan.tasks) == 5


def test_it_marks_an_appendix_only_when_its_text_is_present():
    assert parse_file(FIXTURES / "plan_header_lines.txt").has_appendix is True
    assert parse_file(FIXTURES / "decision_article.txt").has_appendix is False


def test_the_parser_names_no_corpus_place_or_document():
    # The parser must work from structure and general vocabulary only.
    corpus_words = re.compile(r"hưng yên|hung yen|hưngyên|yên mỹ|thuvienphapluat|184/kh|193/kh|203/kh")
    parser_files = [
        *INGEST_SOURCE.joinpath("parse").rglob("*.py"),
        *INGEST_SOURCE.joinpath("layout").rglob("*.py"),
        INGEST_SOURCE / "normalize" / "citations.py",
        INGEST_SOURCE / "normalize" / "agencies.py",
        INGEST_SOURCE / "pipeline.py",
        INGEST_SOURCE / "text.py",
        INGEST_SOURCE / "readers" / "text.py",
    ]
    offenders = [
        str(path.relative_to(INGEST_SOURCE))
        for path in parser_files
        if corpus_words.search(path.read_text(encoding="utf-8").casefold())
    ]
    assert offenders == []


_PLAN_WORDS = [
    "STT",
    "Nhiệm vụ",
    "Sản phẩm",
    "Cơ quan chủ trì",
    "Phối hợp",
    "Thời gian",
    "Sở Nội vụ",
    "UBND tỉnh",
    "Các sở, ban, ngành",
    "Thường xuyên",
    "Quý II/2025",
    "KẾ HOẠCH",
    "Số: 12/KH-UBND",
    "Căn cứ",
    "Kế hoạch số 3/KH-",
    "UBND",
    "ngày 05/01/2025",
    "I. MỤC ĐÍCH",
    "1.",
    "a)",
    "-",
    ";",
    ",",
    "(",
    ")",
    "Phụ lục",
    "TM. ỦY BAN NHÂN DÂN",
    "Trần Văn Bình",
    "\n",
    "\n\n",
    " ",
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_PLAN_WORDS), st.text(max_size=12)), max_size=120))
def test_any_text_ends_in_a_plan_or_a_clear_error(pieces):
    try:
        plan = parse_source(text_to_source(" ".join(pieces), "ngau-nhien.txt"))
    except (ParseError, ReaderError) as exc:
        assert str(exc)
    else:
        assert isinstance(plan.to_dict(), dict)


def test_a_very_long_line_and_a_very_long_table_stay_fast():
    started = time.perf_counter()
    parse_source(text_to_source("Sở " * 50_000, "dai.txt"))
    rows = "\n".join(
        f"{n} Tuyên truyền nội dung {n}\nSở Nội vụ\nCác sở, ban, ngành\nThường xuyên" for n in range(1, 800)
    )
    plan = parse_source(
        text_to_source("STT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian\n" + rows, "bang.txt")
    )
    assert len(plan.tasks) == 799
    assert time.perf_counter() - started < 20


def test_repeated_citation_and_date_fragments_stay_fast():
    for fragment in ("Kế hoạch số 1", ", ngày 1 tháng ", "Ke hoach s6 ", "/QĐ - ", "của Ủy ban "):
        text = (fragment * 50 + "\n") * 200
        started = time.perf_counter()
        parse_source(text_to_source(text, "lap.txt"))
        assert time.perf_counter() - started < 5, fragment
