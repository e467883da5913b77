"""The dashboard and each fragment run a fixed number of queries: 5 reports or 200."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.careermaps.models import Goal, Milestone
from apps.dashboards.views import LAZY
from apps.employees.models import Employee
from apps.succession.models import SuccessionPlan
from tests.conftest import Org, client_for
from tests.dashboards.conftest import Catalogue, grow_team

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def _count(client: Any, name: str, params: dict[str, Any], **headers: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name), params, headers=headers)
    assert response.status_code == 200, (name, response.status_code)
    return len(queries)


def _counts(org: Org, viewer: Any, params: dict[str, Any]) -> dict[str, int]:
    client = client_for(viewer)
    filters = {**params, "lens": "target", "sort": "gap", "category": ""}
    return {
        "page": _count(client, "dashboards:team", params),
        "page, target lens": _count(client, "dashboards:team", filters),
        "heatmap": _count(client, "dashboards:heatmap", {**filters, "page": "2"}, **HX),
        "summary": _count(client, "dashboards:summary", filters, **HX),
        "stats": _count(client, "dashboards:stats", params, **HX),
        "health": _count(client, "dashboards:health", {**params, "hpage": "2"}, **HX),
        "reviews": _count(client, "dashboards:reviews", {**params, "rpage": "2"}, **HX),
        "feed": _count(client, "dashboards:feed", params, **HX),
        "page, every panel in place": _count(
            client, "dashboards:team", {**params, "show": list(LAZY)}
        ),
        "csv": _count(client, "dashboards:heatmap-csv", params),
        "csv, all": _count(client, "dashboards:heatmap-csv", {**params, "all": "1"}),
    }


@pytest.fixture
def sizes(org: Org, catalogue: Catalogue) -> Any:
    def measure(size: int) -> dict[str, dict[str, int]]:
        grown = len(Employee.objects.direct_reports_of(org.manager)) - 2
        grow_team(org.manager, size - grown, catalogue)
        SuccessionPlan.objects.get().shared_with.add(org.manager.user)
        return {
            "manager": _counts(org, org.manager.user, {}),
            "director, whole sub-tree": _counts(org, org.director.user, {"scope": "subtree"}),
            "hr, named manager": _counts(org, org.hr_user, {"manager": org.manager.public_id}),
        }

    return measure


def test_every_page_and_fragment_costs_the_same_for_5_or_200_reports(sizes: Any) -> None:
    small = sizes(5)
    assert Goal.objects.count() == 15
    assert Milestone.objects.count() == 30
    large = sizes(200)
    assert Employee.objects.filter(manager__isnull=False).count() > 200
    assert large == small


# Room for the shell (session, user, navigation) to grow a little; the point is "fixed".
BUDGET = {
    "page": 20,
    "heatmap": 14,
    "summary": 12,
    "stats": 12,
    "health": 9,
    "reviews": 12,
    "feed": 10,
}


def test_the_page_stays_within_a_budget_of_queries(sizes: Any) -> None:
    counts = sizes(5)["manager"]
    over = {name: counts[name] for name, budget in BUDGET.items() if counts[name] > budget}
    assert not over, counts
