"""The main pages of the demo organisation, per persona, for the whole-product browser checks.

Each persona visits the same list; a page that is not theirs answers 404 (or forwards them
elsewhere) and is skipped by the caller, so the list needs no copy of the access rules.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page

from apps.accounts.models import User
from apps.careermaps.models import CareerMap
from apps.demo import data as demo
from apps.employees.models import Employee
from apps.opportunities.models import Opportunity
from apps.roles.models import JobFamily, Role
from apps.succession.models import Readiness, SuccessionPlan, TalentRating, TalentReview
from apps.succession.services import plans, reviews

PERSONAS = (demo.EMPLOYEE_LOGIN, demo.MANAGER_LOGIN, demo.DIRECTOR_LOGIN, demo.HR_LOGIN)


def talent_data() -> None:
    """A rated review and a key position with a slate: the demo seed has neither, and the
    9-box, the review and the slate pages draw nothing without them."""
    hr = User.objects.get(email=demo.HR_LOGIN)
    manager = Employee.objects.get(user__email=demo.MANAGER_LOGIN)
    today = timezone.localdate()
    review = reviews.review_create(
        name="Checks review", opens_on=today, closes_on=today + timedelta(days=30), created_by=hr
    )
    team = Employee.objects.filter(manager=manager).order_by("id")
    for number, person in enumerate(team):
        reviews.rating_set(
            review=review,
            employee=person,
            performance=1 + number % 3,
            potential=1 + (number // 3) % 3,
            note="Steady",
            rated_by=manager.user,
        )
    plan = plans.plan_create(actor=hr, role=manager.current_role, incumbent=manager)
    plans.candidate_add(actor=hr, plan=plan, employee=team[0], readiness=Readiness.READY_NOW)


def main_pages(login: str) -> list[str]:
    """Every main page as `login` would reach it (their own map and profile)."""
    me = Employee.objects.filter(user__email=login).first()
    roles = list(Role.objects.order_by("id").values_list("public_id", flat=True)[:2])
    family = JobFamily.objects.order_by("id").values_list("id", flat=True)[0]
    pages = [
        "/map/start/",
        "/explore/",
        "/explore/paths/",
        f"/explore/roles/{roles[0]}/",
        f"/explore/compare/?a={roles[0]}&b={roles[1]}",
        "/mentoring/offer/",
        f"/catalogue/families/{family}/",
        "/resources/",
        "/mentoring/",
        "/opportunities/",
        "/people/",
        "/people/tree/",
        "/people/chart/",
        "/notifications/",
        "/preferences/",
        "/settings/security/",
        "/team/",
        "/team/heatmap/",
        "/team/reviews/",
        "/team/managers/",
        "/catalogue/",
        "/imports/",
        "/people/invitations/",
        "/talent/",
        "/talent/audit/",
        "/succession/key-positions/",
        "/succession/reports/",
        "/succession/reports/skills/",
        "/succession/reports/future-needs/",
        "/succession/reports/equity/",
    ]
    review = TalentReview.objects.order_by("-id").values_list("public_id", flat=True).first()
    if review:
        pages += [f"/talent/reviews/{review}/", f"/talent/reviews/{review}/nine-box/"]
    rating = TalentRating.objects.order_by("id").values_list("public_id", flat=True).first()
    if rating:
        pages.append(f"/talent/ratings/{rating}/")
    plan = SuccessionPlan.objects.order_by("id").values_list("public_id", flat=True).first()
    if plan:
        pages.append(f"/succession/key-positions/{plan}/")
    opening = Opportunity.objects.filter(status="open").order_by("id")
    if opportunity := opening.values_list("public_id", flat=True).first():
        pages.append(f"/opportunities/{opportunity}/")
    if me is not None:
        pages.append(f"/people/{me.public_id}/")
        career_map = CareerMap.objects.filter(employee=me).values_list("public_id", flat=True)
        if career_map:
            base = f"/map/{career_map[0]}/"
            tabs = ("", "assessment/", "goals/", "plan/", "journal/", "quiz/")
            pages = [base + tab for tab in tabs] + pages
    return pages


def signed_in(browser: Browser, base: str, login: str, **options: object) -> BrowserContext:
    """A browser context signed in as `login` (one sign-in, reused for every page)."""
    context = browser.new_context(base_url=base, **options)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("email", re.I)).fill(login)
    page.get_by_label(re.compile("password", re.I)).first.fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.close()
    return context


def opened(page: Page, path: str) -> bool:
    """Open `path`; False when it is not this persona's page (404/403, or forwarded away)."""
    response = page.goto(path)
    if response is None or response.status != 200:
        return False
    return page.url.split("?", 1)[0].endswith(path.split("?", 1)[0])
