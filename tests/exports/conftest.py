"""Fixtures of the export tests: the fictional plans of export_plans.py."""

from __future__ import annotations

import pytest
from export_plans import department_plan, provincial_plan

from cchc.ingest.model import PlanDocument


@pytest.fixture
def plan() -> PlanDocument:
    return provincial_plan()


@pytest.fixture
def department() -> PlanDocument:
    return department_plan()
