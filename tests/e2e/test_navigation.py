"""The main navigation never cuts an item off (issue 15): at a phone's width and at the common
desktop widths, for every demo persona, each nav item lies inside the viewport, clear of the
brand, and is reachable: visible on the bar, or inside a menu that opens. The print view hides
the whole header rather than printing a clipped brand.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Locator, Page, expect

from apps.demo import data as demo
from apps.employees.models import Employee
from apps.skills.models import ProficiencyLevel
from tests.e2e.pages import PERSONAS, signed_in
from tests.e2e.test_accessibility import SCALE

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (390, 1280, 1440, 1920)
# What each persona must find, so a nav that renders nothing cannot pass.
BAR = {
    demo.EMPLOYEE_LOGIN: {
        "My map",
        "Explore roles",
        "Opportunities",
        "Mentoring",
        "Learning",
        "People",
    },
    demo.MANAGER_LOGIN: {"My map", "Opportunities", "My team", "Talent and succession"},
    demo.DIRECTOR_LOGIN: {"My map", "Opportunities", "My team", "Talent and succession"},
    demo.HR_LOGIN: {"Explore roles", "My team", "People", "Talent and succession", "Organisation"},
}
# HR's opportunities sit in the menu: on the bar they would push it onto a second row at 1280.
ORGANISATION = {"Opportunities", "Invitations", "Catalogue", "Imports", "API tokens"}

# The element's box, and whether a click at its centre would land on it (nothing on top).
GEOMETRY = """(element) => {
  const box = element.getBoundingClientRect();
  const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
          width: box.width, height: box.height, onTop: !!hit && element.contains(hit)};
}"""


@pytest.fixture
def demo_org(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for level, name, descriptor in SCALE:  # transactional tests flush the migration's rows
        ProficiencyLevel.objects.update_or_create(
            level=level, defaults={"name": name, "descriptor": descriptor}
        )
    call_command("seed_demo", stdout=StringIO())


def _geometry(locator: Locator) -> dict[str, Any]:
    return dict(locator.evaluate(GEOMETRY))


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


def _problems(name: str, box: dict[str, Any], brand: dict[str, Any], width: int) -> list[str]:
    found = []
    if box["width"] == 0 or box["height"] == 0:
        found.append(f"{name} has no size")
    if box["left"] < 0 or box["right"] > width or box["top"] < 0:
        found.append(f"{name} is outside the viewport: {box}")
    if _overlaps(box, brand):
        found.append(f"{name} lies under the brand")
    if not box["onTop"]:
        found.append(f"{name} is covered by something else")
    return found


def _bar(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Main").locator(".site-nav__list > li > *")


def _check_menu(page: Page, summary: Locator, brand: dict[str, Any], width: int) -> list[str]:
    """Open the menu, check each of its links, close it again with Escape."""
    summary.click()
    links = summary.locator("xpath=..").locator(".menu__panel a")
    expect(links.first).to_be_visible()
    found = []
    for index in range(links.count()):
        link = links.nth(index)
        found += _problems(f"menu link {link.inner_text()}", _geometry(link), brand, width)
    page.keyboard.press("Escape")
    expect(links.first).to_be_hidden()
    return found


def _labels(page: Page) -> tuple[set[str], set[str]]:
    bar = {text.strip() for text in _bar(page).all_inner_texts()}
    menu = page.locator(".site-nav__menu .menu__panel a").all_text_contents()
    return bar, {text.strip() for text in menu}


@pytest.mark.parametrize("login", PERSONAS)
def test_every_nav_item_is_in_view_clear_of_the_brand_and_reachable(
    demo_org: None, live_server: Any, browser: Browser, login: str
) -> None:
    context = signed_in(browser, live_server.url, login)
    page = context.new_page()
    problems: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/people/")
        brand = _geometry(page.locator("[data-brand]").first)
        items = _bar(page)
        for index in range(items.count()):
            item = items.nth(index)
            tag = item.evaluate("(e) => e.tagName.toLowerCase()")
            target = item.locator("summary") if tag == "details" else item
            name = f"{width}px {target.inner_text().strip()}"
            problems += _problems(name, _geometry(target), brand, width)
            if tag == "details":
                problems += _check_menu(page, target, brand, width)
        bar, menu = _labels(page)
        assert BAR[login] <= bar, (width, bar)
        assert (menu == ORGANISATION) == (login == demo.HR_LOGIN), (width, menu)
    context.close()

    assert problems == []


def test_my_profile_is_in_the_account_menu(
    demo_org: None, live_server: Any, browser: Browser
) -> None:
    me = Employee.objects.get(user__email=demo.EMPLOYEE_LOGIN)
    context = signed_in(browser, live_server.url, demo.EMPLOYEE_LOGIN)
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/people/")
    expect(page.get_by_role("navigation", name="Main").get_by_text("My profile")).to_have_count(0)
    page.get_by_label("Account menu", exact=False).click()
    page.get_by_role("link", name="My profile").click()
    expect(page).to_have_url(f"{live_server.url}/people/{me.public_id}/")
    context.close()


def test_the_print_view_hides_the_header_instead_of_clipping_the_brand(
    demo_org: None, live_server: Any, browser: Browser
) -> None:
    context = signed_in(browser, live_server.url, demo.HR_LOGIN)
    page = context.new_page()
    page.goto("/succession/reports/print/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.emulate_media(media="screen")
    brand = page.locator("[data-brand] .brand__name")
    box = brand.evaluate("(e) => ({shown: e.getBoundingClientRect().width, full: e.scrollWidth})")
    assert box["shown"] >= box["full"], box  # the whole name, never "Care"
    context.close()


@pytest.mark.parametrize("language", ["en-gb", "de"])
def test_hrs_bar_is_one_row_on_desktop_even_on_the_widest_items_page(
    demo_org: None, live_server: Any, browser: Browser, language: str
) -> None:
    """The current item used to be bold: on the talent pages its wider label pushed
    "Organisation" onto a second row at every desktop width. German words are longer: the
    bar has its own shorter wording there."""
    context = signed_in(browser, live_server.url, demo.HR_LOGIN)
    context.set_extra_http_headers({"Accept-Language": language})
    page = context.new_page()
    rows = {}
    for width in (1280, 1440, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/people/", "/talent/"):
            page.goto(path)
            # By its class: the bar's accessible name is translated too.
            tops = page.locator(".site-nav__list > li > *").evaluate_all(
                "(items) => items.map((item) => Math.round(item.getBoundingClientRect().top))"
            )
            rows[(width, path)] = len(set(tops))
    assert page.locator("html").get_attribute("lang") == language
    context.close()
    assert set(rows.values()) == {1}, rows
