"""Who may use the opportunity pages: everyone in the organisation (and HR) browses and
expresses interest; managers and HR post; only the poster and HR manage a post."""

from __future__ import annotations

from typing import Any

from apps.opportunities.services import interest_express
from tests.access_matrix import Expect, signed_in
from tests.conftest import Org
from tests.opportunities.helpers import make_world, needs, post


def _posted(org: Org) -> Any:
    world = make_world()
    assert org.manager.user is not None
    return post(org.manager.user, title="Dashboard gig", skills=needs((world.python, 2)))


def _opportunity(org: Org) -> dict[str, Any]:
    return {"opportunity_id": _posted(org).public_id}


def _interest(org: Org) -> dict[str, Any]:
    opportunity = _posted(org)
    interest = interest_express(opportunity=opportunity, employee=org.teammate)
    return {"opportunity_id": opportunity.public_id, "interest_id": interest.public_id}


BROWSERS = signed_in(200, nobody=404)
POSTERS = signed_in(404, manager=200, director=200, hr=200)
THE_POSTER = signed_in(404, manager=200, hr=200)
THE_POSTER_WRITES = signed_in(404, manager=302, hr=302)

RULES: dict[str, Expect] = {
    "opportunities:index": Expect(BROWSERS),
    "opportunities:create": Expect(POSTERS),
    "opportunities:detail": Expect(BROWSERS, kwargs=_opportunity),
    "opportunities:edit": Expect(THE_POSTER, kwargs=_opportunity),
    # HR has no employee record to be interested with: the form says so (400).
    "opportunities:interest": Expect(
        signed_in(302, nobody=404, hr=400), kwargs=_opportunity, method="post"
    ),
    "opportunities:withdraw": Expect(
        signed_in(302, nobody=404), kwargs=_opportunity, method="post"
    ),
    "opportunities:close": Expect(THE_POSTER_WRITES, kwargs=_opportunity, method="post"),
    "opportunities:interested": Expect(THE_POSTER, kwargs=_opportunity),
    "opportunities:shortlist": Expect(THE_POSTER_WRITES, kwargs=_interest, method="post"),
    "opportunities:fill": Expect(THE_POSTER_WRITES, kwargs=_interest, method="post"),
}
