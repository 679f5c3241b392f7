"""Every agency string of the corpus truth resolves to the right units as of its plan's date.

The expected answers below were written by hand from shared/reference/vn-admin-facts.md
and the plans themselves; the test fails when the truth gains a string the table lacks.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest

from cchc.orgs.resolve import resolve

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]

TRUTH_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "truth"

INDEFINITE = "indefinite"

# 2022–2024: the 17 specialised agencies under UBND tỉnh.
DEPARTMENTS = {
    "hy-vp-ubnd",
    "hy-so-noi-vu",
    "hy-so-ldtbxh",
    "hy-so-khdt",
    "hy-so-tai-chinh",
    "hy-so-gtvt",
    "hy-so-xay-dung",
    "hy-so-nnptnt",
    "hy-so-tnmt",
    "hy-so-tttt",
    "hy-so-khcn",
    "hy-so-tu-phap",
    "hy-so-cong-thuong",
    "hy-so-vhttdl",
    "hy-so-gddt",
    "hy-so-y-te",
    "hy-thanh-tra-tinh",
}
DISTRICTS = {
    "hy-tp-hung-yen-ubnd",
    "hy-tx-my-hao-ubnd",
    "hy-h-van-lam-ubnd",
    "hy-h-van-giang-ubnd",
    "hy-h-yen-my-ubnd",
    "hy-h-khoai-chau-ubnd",
    "hy-h-kim-dong-ubnd",
    "hy-h-an-thi-ubnd",
    "hy-h-phu-cu-ubnd",
    "hy-h-tien-lu-ubnd",
}
# Only the communes named in the corpus are in the registry before 01/7/2025.
COMMUNES_BEFORE_2025 = {"hy-tt-yen-my-ubnd"}
PROVINCE_MASS_ORGANISATIONS = {
    "hy-mttq-tinh",
    "hy-ldld-tinh",
    "hy-tinh-doan",
    "hy-hoi-lhpn-tinh",
    "hy-hoi-nong-dan-tinh",
    "hy-hoi-ccb-tinh",
}
KHCN_DIVISIONS = {
    "hy-so-khcn-van-phong",
    "hy-so-khcn-thanh-tra",
    "hy-so-khcn-chi-cuc-tdc",
    "hy-so-khcn-tt-thong-tin",
}
RADIO = {"hy-dai-ptth"}

EXPECTED: dict[tuple[str, str], set[str] | str] = {
    # 000: appendix of the provincial 2024 plan
    ("000", "Các sở, ban, ngành tỉnh"): DEPARTMENTS,
    ("000", "các đơn vị SNCL trực thuộc UBND tỉnh"): RADIO,
    ("000", "UBND cấp huyện, cấp xã"): DISTRICTS | COMMUNES_BEFORE_2025,
    ("000", "Sở Nội vụ"): {"hy-so-noi-vu"},
    ("000", "Sở Thông tin và Truyền thông"): {"hy-so-tttt"},
    ("000", "Đài Phát thanh và Truyền hình Hưng Yên"): RADIO,
    ("000", "Đài Phát thanh - Truyền hình Hưng Yên"): RADIO,
    ("000", "Đài Phát thanh và Truyền hình tỉnh"): RADIO,
    ("000", "Báo Hưng Yên"): {"hy-bao-hung-yen"},
    ("000", "Các cơ quan, đơn vị có liên quan"): INDEFINITE,
    ("000", "Các sở, ban, ngành, đoàn thể tỉnh"): DEPARTMENTS | PROVINCE_MASS_ORGANISATIONS,
    ("000", "Các cơ quan, đơn vị được tham luận, kiểm tra"): INDEFINITE,
    ("000", "Sở Tư pháp"): {"hy-so-tu-phap"},
    ("000", "UBND huyện, thị xã, thành phố"): DISTRICTS,
    ("000", "Trung tâm Phục vụ hành chính chính công và Kiểm soát thủ tục hành chính, Văn phòng UBND tỉnh"): {
        "hy-vp-ubnd-ttpvhcc"
    },
    ("000", "Các cơ quan, tổ chức, cá nhân có liên quan"): INDEFINITE,
    ("000", "Đài truyền thanh các huyện, thị xã, thành phố"): DISTRICTS,
    ("000", "Các cơ quan có liên quan"): INDEFINITE,
    ("000", "Sở Kế hoạch và Đầu tư"): {"hy-so-khdt"},
    ("000", "Các cơ quan, đơn vị"): INDEFINITE,
    ("000", "Các cơ quan, đơn vị, cá nhân liên quan"): INDEFINITE,
    ("000", "Các cơ quan, đơn vị liên quan"): INDEFINITE,
    # 001: UBND thị trấn Yên Mỹ; its civil-servant posts are named without the town
    ("001", "Cán bộ, công chức UBND thị trấn"): {"hy-tt-yen-my-ubnd"},
    ("001", "Văn phòng UBND thị trấn"): {"hy-tt-yen-my-van-phong-thong-ke"},
    ("001", "Văn hóa xã hội"): {"hy-tt-yen-my-van-hoa-xa-hoi"},
    ("001", "Tư pháp hộ tịch"): {"hy-tt-yen-my-tu-phap-ho-tich"},
    ("001", "Tài chính - Kế toán"): {"hy-tt-yen-my-tai-chinh-ke-toan"},
    ("001", "Ủy ban Mặt trận Tổ quốc Việt Nam thị trấn và các tổ chức chính trị - xã hội thị trấn"): {
        "hy-tt-yen-my-mttq"
    },
    # 002: Sở KH&CN; divisions relative to the department
    ("002", "Trung tâm Thông tin, thống kê, ứng dụng KHCN"): {"hy-so-khcn-tt-thong-tin"},
    ("002", "Trung tâm Thông tin và Thống kê KH&CN"): {"hy-so-khcn-tt-thong-tin"},
    ("002", "Trung tâm Thông tin, thống kê và ứng dụng KH&CN"): {"hy-so-khcn-tt-thong-tin"},
    ("002", "Văn phòng Sở"): {"hy-so-khcn-van-phong"},
    ("002", "Thanh tra Sở"): {"hy-so-khcn-thanh-tra"},
    ("002", "Chi cục Tiêu chuẩn Đo lường Chất lượng"): {"hy-so-khcn-chi-cuc-tdc"},
    ("002", "Các phòng chuyên môn, đơn vị trực thuộc"): KHCN_DIVISIONS,
    ("002", "các phòng chuyên môn, đơn vị trực thuộc"): KHCN_DIVISIONS,
    ("002", "Phòng chuyên môn, đơn vị trực thuộc"): KHCN_DIVISIONS,
    ("002", "các phòng, đơn vị"): KHCN_DIVISIONS,
    ("002", "Các đơn vị trực thuộc"): KHCN_DIVISIONS,
    ("002", "Các phòng, đơn vị thuộc Sở"): KHCN_DIVISIONS,
    # 003: the 2022 provincial plan, OCR without diacritics, "…" where text was lost
    ("003", "… Truyền thông"): {"hy-so-tttt"},
    ("003", "Đài … Yên"): RADIO,
    ("003", "… hình Hưng Yên"): RADIO,
    ("003", "Báo Hưng Yên"): {"hy-bao-hung-yen"},
    ("003", "Các cơ quan, đơn vị được …"): INDEFINITE,
    ("003", "Các sở, ban, ngành … và UBND cấp huyện, cấp xã"): DEPARTMENTS | DISTRICTS | COMMUNES_BEFORE_2025,
    ("003", "Sở Nội vụ"): {"hy-so-noi-vu"},
    ("003", "Đài Phát thanh - Truyền hình Hưng Yên"): RADIO,
    ("003", "Đài Phát thanh và Truyền hình Hưng Yên"): RADIO,
    ("003", "Các cơ quan, đơn vị … liên quan"): INDEFINITE,
    ("003", "Các sở, ban, ngành tỉnh và UBND cấp huyện"): DEPARTMENTS | DISTRICTS,
    ("003", "Sở Tư pháp"): {"hy-so-tu-phap"},
    ("003", "Các sở, ban, ngành, đoàn thể tỉnh"): DEPARTMENTS | PROVINCE_MASS_ORGANISATIONS,
    ("003", "UBND … thị xã, thành phố"): DISTRICTS,
    ("003", "… thể tỉnh"): DEPARTMENTS | PROVINCE_MASS_ORGANISATIONS,
    ("003", "các cơ … chức, cá nhân có liên quan"): INDEFINITE,
    ("003", "Sở Kế hoạch và Đầu tư"): {"hy-so-khdt"},
    ("003", "Các cơ quan, đơn vị liên quan"): INDEFINITE,
    ("003", "Các sở, ban, ngành tỉnh; UBND các huyện, thị xã, thành phố"): DEPARTMENTS | DISTRICTS,
    ("003", "Văn phòng UBND tỉnh"): {"hy-vp-ubnd"},
    ("003", "Sở Thông tin và Truyền thông"): {"hy-so-tttt"},
    ("003", "Sở Tài chính"): {"hy-so-tai-chinh"},
    (
        "003",
        "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội tỉnh",
    ): PROVINCE_MASS_ORGANISATIONS,
    # 004: Sở Nội vụ; only its Văn phòng is named, so "the heads of its divisions" means that one
    ("004", "Trưởng các phòng, ban, trung tâm thuộc và trực thuộc Sở"): {"hy-so-noi-vu-van-phong"},
    ("004", "Văn phòng Sở"): {"hy-so-noi-vu-van-phong"},
}


def _plan_date(truth: dict) -> date:
    """The issue date; else the reconstructed one; else 31/12 of the year before the plan year,
    when these annual plans are drafted (the units then are the ones the plan names)."""
    found = truth.get("issue_date") or truth.get("issue_date_reconstructed")
    return date.fromisoformat(found) if found else date(truth["plan_year"] - 1, 12, 31)


def _corpus_cases() -> list[tuple[str, str, date, str]]:
    if not TRUTH_DIR.is_dir():
        return []
    cases = []
    for path in sorted(TRUTH_DIR.glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        names = [a for t in truth["tasks"] for a in (*t["lead"], *t["coordinators"])]
        names += [r["agency"] for r in truth["responsibilities"]]
        for name in dict.fromkeys(names):
            cases.append((path.name[:3], name, _plan_date(truth), truth["issuer"]))
    return cases


CASES = _corpus_cases()
needs_corpus = pytest.mark.skipif(not CASES, reason=f"corpus truth not found at {TRUTH_DIR}")


@needs_corpus
def test_the_table_covers_every_agency_string_of_the_truth():
    missing = [(seed, name) for seed, name, _on, _issuer in CASES if (seed, name) not in EXPECTED]
    assert missing == []


@needs_corpus
@pytest.mark.parametrize(("seed", "name", "on", "issuer"), CASES, ids=[f"{c[0]}:{c[1][:40]}" for c in CASES])
def test_it_resolves_the_corpus_agency_string_as_of_the_plan_date(registry, seed, name, on, issuer):
    expected = EXPECTED[(seed, name)]
    found = resolve(name, on=on, issuer=issuer)
    if expected == INDEFINITE:
        assert found.indefinite and found.flagged and found.units == []
    else:
        assert not found.indefinite
        assert {m.code for m in found.units} == expected


@needs_corpus
def test_it_resolves_the_whole_corpus_table_within_two_seconds(registry):
    resolve("Sở Nội vụ", on=date(2024, 1, 1))  # builds the index once, as a running process would have
    started = time.perf_counter()
    for _seed, name, on, issuer in CASES:
        resolve(name, on=on, issuer=issuer)
    assert time.perf_counter() - started < 2.0
