"""The demo's internal opportunities: the worked example's employee sees one ranked first that
moves her towards her target, the open role has interest, and a second seed adds nothing."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from apps.demo import data as demo
from apps.demo.opportunities import opportunities_seed
from apps.employees.models import Employee
from apps.opportunities.fit import fits_for_employee, fits_for_interested
from apps.opportunities.models import Opportunity, OpportunityKind, OpportunityStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seeded(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())


def test_the_worked_example_sees_the_gig_first_towards_her_target() -> None:
    maya = Employee.objects.get(user__email=demo.WORKED_EXAMPLE_EMPLOYEE)
    open_ones = Opportunity.objects.filter(status=OpportunityStatus.OPEN)
    first = fits_for_employee(maya, open_ones)[0]
    assert Opportunity.objects.get(pk=first.key).title == "Help-centre article sprint"
    assert first.toward_target


def test_the_open_role_has_interest_and_a_draft_waits() -> None:
    opening = Opportunity.objects.get(kind=OpportunityKind.OPEN_ROLE)
    assert len(fits_for_interested(opening)) == 2
    assert Opportunity.objects.filter(status=OpportunityStatus.DRAFT).count() == 1


def test_a_second_run_adds_no_opportunities() -> None:
    assert opportunities_seed() == 0
