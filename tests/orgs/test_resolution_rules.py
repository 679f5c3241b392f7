"""Resolution behaviours beyond the corpus table: succession, groups over time, OCR, issuers."""

from datetime import date

import pytest

from cchc.orgs.resolve import make_ingest_resolver, resolve

pytestmark = pytest.mark.django_db


def codes(found):
    return {m.code for m in found.units}


def test_it_carries_the_information_department_forward_to_science_and_technology_in_2026(registry):
    found = resolve("Sở Thông tin và Truyền thông", on=date(2026, 3, 1))
    assert codes(found) == {"hy-so-khcn"}
    assert found.units[0].method == "successor"


def test_it_keeps_the_information_department_itself_before_the_merger(registry):
    found = resolve("Sở TT&TT", on=date(2025, 2, 28))
    assert codes(found) == {"hy-so-tttt"}
    assert found.units[0].method == "abbreviation-expansion"


def test_it_carries_the_radio_station_into_bao_hung_yen_from_april_2025(registry):
    assert codes(resolve("Đài PT-TH Hưng Yên", on=date(2025, 3, 31))) == {"hy-dai-ptth"}
    assert codes(resolve("Đài PT-TH Hưng Yên", on=date(2025, 4, 1))) == {"hy-bao-hung-yen"}


def test_it_carries_both_merged_departments_into_the_new_agriculture_and_environment_department(registry):
    assert codes(resolve("Sở NN&PTNT", on=date(2025, 6, 1))) == {"hy-so-nnmt"}
    assert codes(resolve("Sở TN&MT", on=date(2025, 6, 1))) == {"hy-so-nnmt"}


def test_the_district_group_is_empty_after_the_district_level_ended(registry):
    found = resolve("UBND cấp huyện", on=date(2025, 7, 1))
    assert found.is_group and found.units == [] and found.flagged


def test_the_district_group_has_the_ten_districts_the_day_before_it_ended(registry):
    assert len(resolve("UBND cấp huyện", on=date(2025, 6, 30)).units) == 10


def test_a_former_district_asked_about_after_july_2025_is_flagged_as_ended_without_successor(registry):
    found = resolve("UBND huyện Văn Lâm", on=date(2025, 8, 1))
    assert codes(found) == {"hy-h-van-lam-ubnd"}
    assert found.flagged and "không có đơn vị kế thừa" in found.units[0].note


def test_the_department_group_reflects_the_march_2025_mergers(registry):
    departments = codes(resolve("Các sở, ban, ngành tỉnh", on=date(2025, 3, 1)))
    assert "hy-so-nnmt" in departments
    assert not departments & {
        "hy-so-tttt",
        "hy-so-khdt",
        "hy-so-gtvt",
        "hy-so-ldtbxh",
        "hy-so-nnptnt",
        "hy-so-tnmt",
    }
    # the twelve agencies every province has under NĐ 45/2025/NĐ-CP
    assert len(departments) == 12


@pytest.mark.parametrize("damaged", ["So Noi vu", "Sé Noi vu", "Sở Nôi vu"])
def test_it_matches_ocr_damaged_names_with_a_confidence_below_one(registry, damaged):
    found = resolve(damaged, on=date(2022, 1, 1))
    assert codes(found) == {"hy-so-noi-vu"}
    assert 0.8 <= found.units[0].confidence < 1.0
    assert found.units[0].method == "fuzzy"


def test_it_matches_a_truncated_name_without_diacritics(registry):
    found = resolve("Dai Phat thanh", on=date(2022, 1, 1))
    assert codes(found) == {"hy-dai-ptth"}
    assert found.units[0].confidence < 1.0


def test_it_flags_text_too_far_from_any_unit_instead_of_guessing(registry):
    found = resolve("Công ty cổ phần ABC", on=date(2024, 1, 1))
    assert found.units == [] and found.flagged and not found.indefinite


def test_it_reads_van_phong_so_against_the_issuing_department(registry):
    home_affairs = resolve("Văn phòng Sở", on=date(2023, 1, 1), issuer="Sở Nội vụ tỉnh Hưng Yên")
    science = resolve("Văn phòng Sở", on=date(2023, 1, 1), issuer="hy-so-khcn")
    assert codes(home_affairs) == {"hy-so-noi-vu-van-phong"}
    assert codes(science) == {"hy-so-khcn-van-phong"}
    assert home_affairs.units[0].method == "relative-division"


def test_it_needs_an_issuer_for_the_issuers_own_divisions(registry):
    found = resolve("các phòng, đơn vị", on=date(2023, 1, 1))
    assert found.indefinite and found.flagged


def test_it_expands_sncl_to_the_public_service_units_under_the_province(registry):
    found = resolve("các đơn vị SNCL trực thuộc UBND tỉnh", on=date(2024, 1, 1))
    assert found.is_group and codes(found) == {"hy-dai-ptth"}
    assert found.units[0].method == "group"


def test_it_reports_abbreviation_expansion_as_the_method(registry):
    found = resolve("Văn phòng UBND tỉnh", on=date(2024, 1, 1))
    assert found.units[0].method == "abbreviation-expansion"


def test_it_refuses_an_empty_name():
    with pytest.raises(ValueError, match="trống"):
        resolve("   ")


def test_it_refuses_an_issuer_it_cannot_identify(registry):
    with pytest.raises(ValueError, match="cơ quan ban hành"):
        resolve("Văn phòng Sở", on=date(2023, 1, 1), issuer="Bộ Ngoại giao nước ngoài")


def test_the_ingest_resolver_returns_plain_dicts(registry):
    resolver = make_ingest_resolver(on=date(2024, 1, 1), issuer="Sở Khoa học và Công nghệ tỉnh Hưng Yên")
    [office] = resolver("Văn phòng Sở")
    assert office["name"] == "Văn phòng Sở Khoa học và Công nghệ"
    assert set(office) == {"unit_id", "name", "kind", "valid_from", "valid_to", "confidence", "method"}
    assert resolver("Các cơ quan, đơn vị có liên quan") == []


def test_it_sees_a_new_alias_without_a_restart(registry, unit_by_code):
    from cchc.orgs.services import unit_update

    assert resolve("Đài tỉnh Hưng Yên xưa", on=date(2022, 1, 1)).units == []
    unit_update(actor=None, system=True, unit=unit_by_code("hy-dai-ptth"), aliases=["Đài tỉnh Hưng Yên xưa"])
    assert codes(resolve("Đài tỉnh Hưng Yên xưa", on=date(2022, 1, 1))) == {"hy-dai-ptth"}


def test_it_resolves_an_unsplit_table_cell_listing_several_agencies(registry):
    found = resolve("Sở Nội vụ, Sở Thông tin và Truyền thông", on=date(2023, 12, 31))
    assert found.is_group and codes(found) == {"hy-so-noi-vu", "hy-so-tttt"}


def test_a_comma_inside_a_group_phrase_stays_with_its_phrase(registry):
    found = resolve(
        "Văn phòng Sở, Trung tâm Thông tin và Thống kê KH&CN, các phòng, đơn vị",
        on=date(2022, 1, 1),
        issuer="Sở Khoa học và Công nghệ tỉnh Hưng Yên",
    )
    assert codes(found) == {
        "hy-so-khcn-van-phong",
        "hy-so-khcn-tt-thong-tin",
        "hy-so-khcn-chi-cuc-tdc",
        "hy-so-khcn-thanh-tra",
    }
