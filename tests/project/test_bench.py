"""The HTTP bench keeps working: every scenario answers 200 for its persona on the demo data.

``make bench`` is not part of the test run (speed is never asserted in tests), so this is what
keeps it from rotting: the floor page and the query-count header of ``bench.settings``, and
each scenario of ``bench.scenarios`` requested through the same sessions the bench makes.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from bench import org
from bench.measure import FLOOR_PATH
from bench.personas import personas
from bench.scenarios import BUDGETS, scenarios

pytestmark = pytest.mark.django_db

BENCH = {
    "ROOT_URLCONF": "bench.urls",
    "MIDDLEWARE": ["bench.probe.CountQueries", *settings.MIDDLEWARE],
}


@pytest.fixture
def bench_org() -> None:
    call_command("seed_demo", verbosity=0)
    org.build(log=lambda *args: None)


def _client(cookie: str) -> Client:
    client = Client()
    name, value = cookie.split("=", 1)
    client.cookies[name] = value
    return client


@override_settings(**BENCH)
def test_every_scenario_answers_200_with_its_query_count(bench_org) -> None:
    people = personas()
    chosen = scenarios(people)
    assert {s.budget for s in chosen} <= set(BUDGETS)
    assert len({s.name for s in chosen}) == len(chosen)
    for scenario in chosen:
        client = _client(people[scenario.persona].cookie)
        headers = {"HX-Request": "true"} if scenario.htmx else {}
        response = client.get(scenario.path, headers=headers)
        assert response.status_code == 200, (scenario.name, response.status_code)
        assert int(response["X-Bench-Queries"]) > 0, scenario.name


@override_settings(**BENCH)
def test_the_floor_renders_the_base_layout_for_a_signed_in_person(bench_org) -> None:
    people = personas()
    response = _client(people["hr"].cookie).get(FLOOR_PATH)

    assert response.status_code == 200
    assert b'class="app' in response.content  # the layout, with its navigation
    assert int(response["X-Bench-Queries"]) > 0
    assert Client().get(FLOOR_PATH).status_code == 302  # signed out: to the sign-in page
