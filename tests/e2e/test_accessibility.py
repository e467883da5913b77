"""Every main page, as each demo persona, in Chromium: axe-core finds no serious or critical
violation, the browser reports no CSP violation (on load and through htmx swaps), and at 390 px
no page is wider than the screen. Then the keyboard-only SWOT journey, and the heatmap, the
roadmap and the 9-box on a phone.

axe-core is vendored (tests/e2e/vendor/axe.min.js, see its README) and injected with
page.evaluate: a <script> tag would itself be refused by our CSP.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page, expect

from apps.careermaps.models import CareerMap
from apps.careermaps.services.maps import map_create
from apps.demo import data as demo
from apps.employees.models import Employee
from apps.skills.models import ProficiencyLevel
from apps.succession.models import TalentReview
from tests.conftest import Org
from tests.e2e.pages import PERSONAS, main_pages, opened, signed_in, talent_data
from tests.e2e.test_foundation_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 3).map((n) => n.target.join(" ")));
}"""
# Reported to Python as it happens, so a violation during a navigation is not lost with the page.
LISTEN_FOR_CSP = """document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
});"""
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# Pages each persona must reach, so a broken list or sign-in cannot pass by checking nothing.
AT_LEAST = {
    demo.EMPLOYEE_LOGIN: 17,
    demo.MANAGER_LOGIN: 17,
    demo.DIRECTOR_LOGIN: 17,
    demo.HR_LOGIN: 29,
}
SCALE = importlib.import_module("apps.skills.migrations.0002_proficiency_scale").LEVELS


@pytest.fixture
def demo_org(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Transactional tests flush the migration's scale rows: put them back.
    for level, name, descriptor in SCALE:
        ProficiencyLevel.objects.update_or_create(
            level=level, defaults={"name": name, "descriptor": descriptor}
        )
    call_command("seed_demo", stdout=StringIO())
    talent_data()


def watch_csp(context: BrowserContext) -> list[str]:
    """Every CSP violation any page of `context` reports, from the event and the console."""
    reports: list[str] = []

    def on_violation(text: str) -> None:
        reports.append(text)

    context.expose_function("cspViolation", on_violation)
    context.add_init_script(LISTEN_FOR_CSP)

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            reports.append(f"console: {message.text}")

    context.on("console", on_console)
    return reports


def axe_problems(page: Page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return list(page.evaluate(RUN_AXE))


def page_width_at_390(page: Page) -> int:
    page.set_viewport_size(PHONE)
    width = int(page.evaluate("document.documentElement.scrollWidth"))
    page.set_viewport_size(DESKTOP)
    return width


def _search_people(page: Page) -> None:
    search = page.get_by_label("Search people")
    search.fill("a")
    expect(page).to_have_url(re.compile(r"q=a"))
    expect(search).to_be_focused()  # a live search keeps focus in its field


def _sort_heatmap(page: Page) -> None:
    page.locator("#heatmap").get_by_role("link", name="Total gap").click()
    expect(page).to_have_url(re.compile(r"sort=gap"))


def _open_swot_editor(page: Page) -> None:
    board = page.locator("#swot-S")
    board.get_by_label("Add to strengths").fill("Calm on difficult calls")
    board.get_by_role("button", name="Add to strengths").click()
    expect(board.get_by_text("Calm on difficult calls", exact=True)).to_be_visible()
    board.get_by_role("link", name=re.compile("Edit item")).first.click()
    expect(board.locator(".swot__item--editing")).to_be_visible()


# Pages where htmx swaps part of the page: (path picker, the swap); axe runs again after it.
SWAPS: tuple[tuple[Callable[[list[str]], str | None], Callable[[Page], None]], ...] = (
    (lambda pages: "/people/", _search_people),
    (lambda pages: "/team/" if "/team/" in pages else None, _sort_heatmap),
    (lambda pages: next((p for p in pages if p.endswith("/assessment/")), None), _open_swot_editor),
)


def _htmx_swaps(page: Page, checked: list[str]) -> Iterator[tuple[str, list[str]]]:
    for pick, swap in SWAPS:
        path = pick(checked)
        if path is None:
            continue
        page.goto(path)
        swap(page)
        yield f"{path} after {swap.__name__}", axe_problems(page)


def test_the_csp_listener_hears_an_inline_style(live_server, browser: Browser) -> None:
    context = browser.new_context(base_url=live_server.url)
    reports = watch_csp(context)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    for _ in range(40):
        if reports:
            break
        page.wait_for_timeout(50)
    context.close()
    assert any("style-src" in report for report in reports), reports


@pytest.mark.parametrize("login", PERSONAS)
def test_every_main_page_is_accessible_within_the_csp_and_fits_a_phone(
    demo_org: None, live_server, browser: Browser, login: str
) -> None:
    context = signed_in(browser, live_server.url, login, viewport=DESKTOP)
    csp_reports = watch_csp(context)
    page = context.new_page()
    checked: list[str] = []
    problems: dict[str, list[str]] = {}
    too_wide: dict[str, int] = {}
    for path in main_pages(login):
        if not opened(page, path):
            continue
        checked.append(path)
        if found := axe_problems(page):
            problems[path] = found
        if (width := page_width_at_390(page)) > PHONE["width"]:
            too_wide[path] = width
    for where, found in _htmx_swaps(page, checked):
        if found:
            problems[where] = found
    context.close()

    assert len(checked) >= AT_LEAST[login], checked
    assert problems == {}
    assert too_wide == {}
    assert csp_reports == []


def _focused(page: Page) -> str:
    """What has focus: its id, else its tag and accessible text."""
    return str(
        page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e.id || `${e.tagName.toLowerCase()}:${e.textContent.trim()}`; })()"
        )
    )


def _tab_until(page: Page, is_there: Callable[[], bool], limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if is_there():
            return
    raise AssertionError(f"{limit} presses of Tab never reached it; focus is on {_focused(page)}")


def test_the_swot_editor_works_with_the_keyboard_alone_and_focus_follows_each_swap(
    org: Org, live_server, page: Page
) -> None:
    career_map = map_create(employee=org.employee)
    sign_in(page, live_server.url, "employee@example.com")
    page.goto(f"{live_server.url}{reverse('careermaps:assessment', args=[career_map.public_id])}")
    board = page.locator("#swot-S")
    add_field = board.get_by_label("Add to strengths")
    field_id = add_field.get_attribute("id")

    _tab_until(page, lambda: _focused(page) == field_id)
    page.keyboard.type("Patient with upset customers")
    page.keyboard.press("Enter")
    # The quadrant was swapped: focus is back in its add field, below the status message.
    expect(board.get_by_role("status")).to_have_text("Added.")
    expect(add_field).to_be_focused()

    item = career_map.swot_items.get()
    row = f"swot-item-{item.public_id}"
    edit = board.get_by_role("link", name="Edit item “Patient with upset customers”")
    _tab_until(page, lambda: edit.evaluate("e => e === document.activeElement"))
    page.keyboard.press("Enter")
    # The editor opened in place of the item: focus is in its first field.
    expect(page.locator(f"#{row}").get_by_label("Edit the item")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("Patient and kind with upset customers")
    _tab_until(page, lambda: _focused(page) == "button:Save")
    page.keyboard.press("Enter")
    # Saved: focus is on the saved item, which shows the new text.
    saved = page.locator(f"#{row}")
    expect(saved).to_contain_text("Patient and kind with upset customers")
    expect(saved).to_be_focused()
    item.refresh_from_db()
    assert item.text == "Patient and kind with upset customers"


def _columns_and_rows(page: Page, selector: str) -> tuple[int, int]:
    boxes = [page.locator(selector).nth(i).bounding_box() for i in range(9)]
    assert all(boxes), boxes
    lefts = {round(box["x"]) for box in boxes if box}
    tops = {round(box["y"]) for box in boxes if box}
    return len(lefts), len(tops)


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_heatmap_roadmap_and_nine_box_are_usable_at_390px(
    demo_org: None, live_server, browser: Browser
) -> None:
    hr = signed_in(browser, live_server.url, demo.HR_LOGIN, viewport=PHONE)
    page = hr.new_page()
    review = TalentReview.objects.get(name=demo.CLOSED_REVIEW)
    page.goto(reverse("succession:nine-box", args=[review.public_id]))
    expect(page.locator(".nine-box__cell")).to_have_count(9)
    assert _columns_and_rows(page, ".nine-box__cell") == (3, 3)
    for axis in ("Potential", "Performance"):
        expect(page.locator(".nine-box__axis", has_text=axis)).to_be_visible()
    for label in ("High", "Moderate", "Low"):
        expect(page.locator(".nine-box__label--row", has_text=label)).to_be_visible()
    _fits(page)

    manager = Employee.objects.get(user__email=demo.MANAGER_LOGIN)
    page.goto(f"{reverse('dashboards:team')}?manager={manager.public_id}")
    heatmap = page.locator("#heatmap table")
    expect(heatmap).to_be_visible()
    _fits(page)
    scroller = page.locator("#heatmap .table-wrap").first
    _scrolls_inside(scroller)
    hr.close()

    employee = signed_in(browser, live_server.url, demo.EMPLOYEE_LOGIN, viewport=PHONE)
    page = employee.new_page()
    career_map = CareerMap.objects.get(employee__user__email=demo.EMPLOYEE_LOGIN)
    page.goto(reverse("careermaps:goals", args=[career_map.public_id]))
    roadmap = page.locator(".roadmap__scroll")
    expect(roadmap.locator("svg")).to_be_visible()
    _fits(page)
    _scrolls_inside(roadmap)
    # Its far end is reachable: scrolled to the end, the SVG's right edge is inside the view.
    roadmap.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    svg_right = roadmap.locator("svg").bounding_box()
    assert svg_right
    assert svg_right["x"] + svg_right["width"] <= PHONE["width"] + 1
    employee.close()


def _scrolls_inside(scroller: Locator) -> None:
    """Wider than the phone, it scrolls in its own box, and the keyboard can reach it."""
    overflow = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert overflow[0] > overflow[1], overflow
    expect(scroller).to_have_attribute("tabindex", "0")
    expect(scroller).to_have_attribute("role", "region")
