"""The one succession walk (cchc.orgs.succession.successors_on) on an invented registry:
mergers, a split, a chain, an event not yet in force, a dissolution and a cycle in bad data.
Validity dates are inclusive: a unit merged on 01/03/2025 ends on 28/02/2025."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.orgs.resolve import IndexedEvent, IndexedUnit, RegistryIndex, _Resolver, invalidate_index
from cchc.orgs.succession import Arrival, Hop, successors_on

MERGER = date(2025, 3, 1)
SPLIT = date(2025, 4, 1)
SECOND_MERGER = date(2026, 1, 1)
LATER = date(2027, 1, 1)
DISSOLUTION = date(2025, 7, 1)
CYCLE = date(2024, 1, 1)

# id: (name, last day)
UNITS = {
    1: ("Sở Thông tin và Truyền thông", date(2025, 2, 28)),
    2: ("Sở Khoa học và Công nghệ (cũ)", date(2025, 2, 28)),
    3: ("Sở Khoa học và Công nghệ", date(2025, 12, 31)),  # merged again from 2026
    4: ("Sở Khoa học, Công nghệ và Đổi mới sáng tạo", None),
    5: ("Ban Quản lý dự án chung", date(2025, 3, 31)),  # split in two
    6: ("Ban Quản lý dự án dân dụng", None),
    7: ("Ban Quản lý dự án giao thông", None),
    8: ("Trung tâm Hội nghị", date(2026, 12, 31)),  # merges only in 2027
    9: ("Nhà Văn hóa tỉnh", None),
    10: ("UBND huyện Văn Lâm", date(2025, 6, 30)),  # dissolved
    11: ("Trung tâm A", date(2023, 12, 31)),  # bad data: A → B → A
    12: ("Trung tâm B", date(2023, 12, 31)),
    13: ("Phòng đã đóng, chưa ghi sự kiện", date(2024, 12, 31)),
}
EVENTS = [
    IndexedEvent(1, "merged_into", MERGER, (1, 2), (3,)),
    IndexedEvent(2, "split_into", SPLIT, (5,), (6, 7)),
    IndexedEvent(3, "renamed", SECOND_MERGER, (3,), (4,)),
    IndexedEvent(4, "merged_into", LATER, (8,), (9,)),
    IndexedEvent(5, "dissolved", DISSOLUTION, (10,), ()),
    IndexedEvent(6, "merged_into", CYCLE, (11,), (12,)),
    IndexedEvent(7, "merged_into", CYCLE, (12,), (11,)),
]


@pytest.fixture(scope="module")
def index():
    units = [
        IndexedUnit(uid, f"u{uid}", name, "", "department", "Sở", None, None, last, True)
        for uid, (name, last) in UNITS.items()
    ]
    return RegistryIndex(units, [], EVENTS)


def test_a_unit_still_in_existence_carries_its_own_work(index):
    walk = successors_on(1, date(2025, 2, 28), index=index)  # its last day
    assert walk.unit_ids == [1]
    assert walk.steps == (Arrival(1, None, "open"),)


def test_a_merger_hands_both_predecessors_to_the_merged_unit(index):
    for predecessor in (1, 2):
        walk = successors_on(predecessor, MERGER, index=index)  # the event's own date counts
        assert walk.unit_ids == [3]
        assert walk.hops == [Hop(predecessor, EVENTS[0])]
        assert walk.arrivals == [Arrival(3, Hop(predecessor, EVENTS[0]), "open")]


def test_a_split_gives_every_successor_in_the_events_order(index):
    walk = successors_on(5, date(2025, 6, 1), index=index)
    assert walk.unit_ids == [6, 7]
    assert [a.via.event.id for a in walk.arrivals] == [2, 2]


def test_a_chain_of_two_mergers_is_followed_to_the_end(index):
    walk = successors_on(1, date(2026, 6, 1), index=index)
    assert walk.unit_ids == [4]
    assert walk.hops == [Hop(1, EVENTS[0]), Hop(3, EVENTS[2])]
    assert walk.arrivals[0].via == Hop(3, EVENTS[2])  # reached from the unit before it
    # Between the two events the chain stops at the first successor.
    assert successors_on(1, date(2025, 12, 31), index=index).unit_ids == [3]


def test_an_event_not_yet_in_force_is_not_followed(index):
    walk = successors_on(8, date(2026, 12, 31), index=index)
    assert walk.unit_ids == [8] and walk.arrivals[0].end == "open"
    walk = successors_on(8, date(2027, 6, 1), index=index)  # ended, but its merger is later still
    assert walk.unit_ids == [9]
    # Ended without the event in force yet: kept, and said so.
    early = RegistryIndex(
        [
            IndexedUnit(
                8, "u8", "Trung tâm Hội nghị", "", "department", "Sở", None, None, date(2026, 6, 30), True
            )
        ],
        [],
        [EVENTS[3]],
    )
    assert successors_on(8, date(2026, 8, 1), index=early).steps == (Arrival(8, None, "no-successor"),)


def test_an_ended_unit_without_any_event_stays_with_no_successor(index):
    assert successors_on(13, date(2025, 6, 1), index=index).steps == (Arrival(13, None, "no-successor"),)


def test_a_dissolution_ends_the_walk_only_when_asked_to(index):
    on = date(2025, 8, 1)
    stopped = successors_on(10, on, index=index, stop_at_dissolution=True)
    assert stopped.steps == (Arrival(10, None, "dissolved", EVENTS[4]),)
    passed_over = successors_on(10, on, index=index)
    assert passed_over.steps == (Arrival(10, None, "no-successor"),)


def test_a_cycle_in_bad_data_stops_where_it_comes_back(index):
    walk = successors_on(11, date(2024, 6, 1), index=index)
    assert walk.hops == [Hop(11, EVENTS[5]), Hop(12, EVENTS[6])]
    assert walk.arrivals == [Arrival(11, Hop(12, EVENTS[6]), "cycle")]
    assert walk.unit_ids == [11]


def test_a_unit_reached_twice_is_listed_once():
    # A split whose two halves merge again: the merged unit arrives by both branches.
    units = [
        IndexedUnit(uid, f"u{uid}", f"Đơn vị {uid}", "", "department", "Sở", None, None, last, True)
        for uid, last in ((1, date(2024, 12, 31)), (2, date(2025, 5, 31)), (3, date(2025, 5, 31)), (4, None))
    ]
    events = [
        IndexedEvent(1, "split_into", date(2025, 1, 1), (1,), (2, 3)),
        IndexedEvent(2, "merged_into", date(2025, 6, 1), (2, 3), (4,)),
    ]
    walk = successors_on(1, date(2025, 7, 1), index=RegistryIndex(units, [], events))
    assert [a.unit_id for a in walk.arrivals] == [4, 4]
    assert walk.unit_ids == [4]


def test_the_resolver_words_each_carried_unit_from_the_walk(index):
    resolver = _Resolver(index, date(2026, 6, 1), None)
    carried = resolver.carry_forward(resolver.match(1, 0.9, "exact"))
    assert [(m.unit_id, m.method, m.confidence) for m in carried] == [(4, "successor", 0.9)]
    assert carried[0].note == "Kế thừa Sở Khoa học và Công nghệ từ 01/01/2026."
    resolver = _Resolver(index, date(2025, 8, 1), None)
    ended = resolver.carry_forward(resolver.match(10, 1.0, "exact"))
    assert ended[0].note == "Đã kết thúc hoạt động từ 01/07/2025, không có đơn vị kế thừa."
    resolver = _Resolver(index, date(2024, 6, 1), None)
    looped = resolver.carry_forward(resolver.match(11, 1.0, "exact"))
    assert [m.unit_id for m in looped] == [11] and "quay lại Trung tâm A" in looped[0].note


@pytest.mark.django_db
def test_without_an_index_it_reads_the_registry_once_then_walks_without_queries(django_assert_num_queries):
    from cchc.orgs.models import SuccessionEvent, Unit
    from cchc.orgs.resolve import get_index

    old = Unit.objects.create(code="dedupe-old", name="Sở cũ", kind="department", valid_to=date(2025, 2, 28))
    new = Unit.objects.create(code="dedupe-new", name="Sở mới", kind="department")
    event = SuccessionEvent.objects.create(code="dedupe-merger", kind="merged_into", effective_date=MERGER)
    event.predecessors.set([old])
    event.successors.set([new])
    invalidate_index()
    try:
        assert successors_on(old.pk, date(2025, 3, 1)).unit_ids == [new.pk]
        index = get_index()
        with django_assert_num_queries(0):
            walk = successors_on(old.pk, date(2025, 3, 1), index=index)
        assert walk.hops[0].event.id == event.pk
    finally:
        invalidate_index()
