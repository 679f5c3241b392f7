"""The dashboard and search selectors check permissions themselves."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from cchc.web import selectors

pytestmark = pytest.mark.django_db


def test_it_refuses_the_dashboard_to_an_anonymous_visitor(personas):
    with pytest.raises(PermissionDenied):
        selectors.dashboard(actor=AnonymousUser())


def test_it_refuses_search_to_an_anonymous_visitor(personas):
    with pytest.raises(PermissionDenied):
        selectors.search(actor=AnonymousUser(), query="sở")


def test_it_refuses_search_to_a_deactivated_account(personas):
    personas.officer_a.is_active = False
    with pytest.raises(PermissionDenied):
        selectors.search(actor=personas.officer_a, query="sở")


def test_it_marks_a_closed_unit_as_no_longer_in_operation(personas):
    from datetime import date

    personas.unit_b.valid_to = date(2025, 6, 30)
    personas.unit_b.save()
    hits = selectors.search(actor=personas.officer_a, query="tu phap").units
    assert [(hit.name, hit.current) for hit in hits] == [(personas.unit_b.name, False)]


def test_it_counts_only_units_in_operation_today_as_current(personas):
    from datetime import date

    personas.unit_b.valid_to = date(2025, 6, 30)
    personas.unit_b.save()
    board = selectors.dashboard(actor=personas.officer_a)
    assert board.unit_total - board.unit_current == 1
