"""The shipped Hưng Yên facts file: well-formed, sourced, and honest about what is unverified."""

import json
import unicodedata
from importlib import resources

import pytest

from cchc.orgs.models import AliasKind, SuccessionKind, UnitKind

DATA = json.loads(
    resources.files("cchc.orgs").joinpath("data", "hungyen_registry.json").read_text(encoding="utf-8")
)
UNITS = {u["code"]: u for u in DATA["units"]}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_every_string_is_nfc():
    assert [s for s in _strings(DATA) if unicodedata.normalize("NFC", s) != s] == []


def test_codes_are_unique_and_every_reference_points_at_a_unit():
    assert len(UNITS) == len(DATA["units"])
    assert all(u["parent"] in UNITS for u in DATA["units"] if u["parent"])
    for event in DATA["events"]:
        assert set(event["predecessors"]) | set(event["successors"]) <= set(UNITS)


def test_kinds_are_known():
    assert {u["kind"] for u in DATA["units"]} <= set(UnitKind.values)
    assert {e["kind"] for e in DATA["events"]} <= set(SuccessionKind.values)
    assert {a["kind"] for u in DATA["units"] for a in u["aliases"]} <= set(AliasKind.values)


@pytest.mark.parametrize("record", DATA["units"] + DATA["events"], ids=lambda r: r["code"])
def test_every_record_names_its_source_and_unverified_marks_clear_the_verified_flag(record):
    assert record["source"].strip()
    # A unit from the reference's unverified list that a corpus plan names is confirmed by that plan.
    confirmed_by_corpus = "kho ngữ liệu" in record["source"]
    if "[unverified" in record["source"] and not confirmed_by_corpus:
        assert record["verified"] is False


def test_the_ten_former_districts_end_on_30_june_2025_with_no_successor():
    districts = [
        u for u in DATA["units"] if u["kind"] == "district_committee" and u["parent"] == "hy-ubnd-tinh"
    ]
    assert len(districts) == 10
    assert {u["valid_to"] for u in districts} == {"2025-06-30"}
    [ended] = [e for e in DATA["events"] if set(e["predecessors"]) == {u["code"] for u in districts}]
    assert (
        ended["kind"] == "dissolved" and ended["successors"] == [] and ended["effective_date"] == "2025-07-01"
    )


def test_the_new_communes_stay_within_the_104_and_include_all_11_wards():
    new = [u for u in DATA["units"] if u["kind"] == "commune_committee" and u["valid_from"] == "2025-07-01"]
    assert len(new) <= 104
    assert sum(1 for u in new if " phường " in u["name"]) == 11


def test_the_file_says_the_commune_list_is_incomplete():
    assert any("CHƯA ĐẦY ĐỦ" in note and "104" in note for note in DATA["notes"])
