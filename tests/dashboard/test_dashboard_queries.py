"""The dashboard costs a fixed number of queries, whatever the number of units, assignments
and reports: figures are aggregated in the database, never per row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.core import demo_data

pytestmark = pytest.mark.django_db

# Session, user, unread notifications of the menu, the unit tree's stamp (and the tree itself when
# units changed), plan years, completion by unit (the per-unit due-date summaries, then the per-unit
# period summaries), by task, the task labels, deliverables, reports, overdue work: 12 or 13 today,
# some slack.
MAX_QUERIES = 14
WIDE = demo_data.Scale(
    "wide",
    provinces=3,
    communes=40,
    bodies=8,
    optional_body_share=0.0,
    tasks_committee=6,
    tasks_body=3,
    tasks_commune=3,
    group_tasks=2,
)


def _leader_of(unit):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username=f"lanhdao-{unit.pk}", role="unit_leader", unit=unit)


def _queries_for(client, url, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(MAX_QUERIES) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_query_count_does_not_grow_with_the_number_of_units(
    personas, client_for, django_assert_max_num_queries
):
    from django.test import Client

    from cchc.orgs.models import Unit

    url = reverse("dashboard:index") + "?ky=2024-Q2"
    admin = client_for("admin")
    demo_data.generate(scale="small", seed=3, out=lambda line: None)
    small = _queries_for(admin, url, django_assert_max_num_queries)
    demo_data.generate(scale=WIDE, seed=3, replace=True, out=lambda line: None)
    assert Unit.objects.filter(code__startswith="demo-").count() == 3 * (1 + 8 + 40)
    wide = _queries_for(admin, url, django_assert_max_num_queries)
    assert wide == small

    province = Unit.objects.filter(code__startswith="demo-", parent=None).first()
    leader = Client()
    leader.force_login(_leader_of(province))
    _queries_for(leader, url, django_assert_max_num_queries)
    drilled = reverse("dashboard:index") + f"?ky=2024-Q2&don_vi={province.pk}&cap=commune_committee"
    _queries_for(admin, drilled, django_assert_max_num_queries)
    commune = Unit.objects.filter(parent=province, kind="commune_committee").first()
    _queries_for(
        admin, reverse("dashboard:unit", args=[commune.pk]) + "?ky=2024-Q2", django_assert_max_num_queries
    )
