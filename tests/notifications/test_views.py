"""The bell, the list of my notifications and marking them read: only ever my own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Kind, Notification
from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def _notify(user: Any, title: str = "Time to reflect", *, read: bool = False, **fields: Any):
    return Notification.objects.create(
        user=user,
        kind=fields.pop("kind", Kind.REFLECTION),
        title=title,
        body=fields.pop("body", "Your reflection was due on Saturday."),
        url=fields.pop("url", "/map/"),
        read_at=timezone.now() if read else None,
        **fields,
    )


def test_it_renders_the_bell_in_the_header_without_a_query_and_loads_the_count(
    org: Org,
) -> None:
    client = client_for(org.employee.user)
    page = client.get(reverse("notifications:list")).content.decode()
    bell = page[
        page.index('id="notification-bell"') - 60 : page.index(
            "</a>", page.index("notification-bell")
        )
    ]
    assert f'href="{reverse("notifications:list")}"' in bell
    assert f'hx-get="{reverse("notifications:bell")}"' in bell
    assert 'hx-trigger="load, notifications-changed from:body"' in bell


def test_the_bell_shows_my_unread_count(org: Org) -> None:
    _notify(org.employee.user)
    _notify(org.employee.user, "Coming up this week")
    _notify(org.employee.user, "Read already", read=True)
    _notify(org.teammate.user, "Not mine")

    response = client_for(org.employee.user).get(reverse("notifications:bell"), headers=HX)

    html = response.content.decode()
    assert 'aria-label="Notifications, 2 unread"' in html
    assert 'data-unread="2"' in html
    # Loaded: it refreshes on change, not on load again (that would loop).
    assert 'hx-trigger="notifications-changed from:body"' in html


def test_the_bell_shows_no_badge_when_all_is_read(org: Org) -> None:
    _notify(org.employee.user, read=True)

    html = client_for(org.employee.user).get(reverse("notifications:bell"), headers=HX)
    assert 'aria-label="Notifications"' in html.content.decode()
    assert "data-unread" not in html.content.decode()


def test_the_bell_caps_its_badge_at_99(org: Org) -> None:
    Notification.objects.bulk_create(
        Notification(user=org.employee.user, kind=Kind.GOAL_DUE, title=f"n{i}") for i in range(120)
    )
    html = client_for(org.employee.user).get(reverse("notifications:bell"), headers=HX)
    assert ">99+</span>" in html.content.decode()
    assert "120 unread" in html.content.decode()


def test_without_htmx_the_bell_is_a_link_to_the_list(org: Org) -> None:
    response = client_for(org.employee.user).get(reverse("notifications:bell"))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")


def test_the_list_shows_only_my_notifications_newest_first(org: Org) -> None:
    old = _notify(org.employee.user, "Older reminder")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    _notify(org.employee.user, "Newer reminder")
    _notify(org.teammate.user, "Teammate's reminder")

    html = client_for(org.employee.user).get(reverse("notifications:list")).content.decode()

    assert html.index("Newer reminder") < html.index("Older reminder")
    assert "Teammate" not in html
    assert "2 unread." in html


def test_the_list_shows_text_typed_by_users_as_text(org: Org) -> None:
    _notify(org.employee.user, "Milestone: <script>alert(1)</script>", body="<b>bold</b>")

    html = client_for(org.employee.user).get(reverse("notifications:list")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_it_marks_one_of_mine_read(org: Org) -> None:
    notification = _notify(org.employee.user)

    response = client_for(org.employee.user).post(
        reverse("notifications:read", args=[notification.public_id])
    )

    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_read_with_htmx_swaps_the_item_and_tells_the_bell(org: Org) -> None:
    notification = _notify(org.employee.user)

    response = client_for(org.employee.user).post(
        reverse("notifications:read", args=[notification.public_id]), headers=HX
    )

    html = response.content.decode()
    assert html.lstrip().startswith(
        f'<li class="notification" id="notification-{notification.public_id}"'
    )
    assert "Mark read" not in html
    assert response["HX-Trigger"] == "notifications-changed"


def test_someone_elses_notification_is_not_found(org: Org) -> None:
    notification = _notify(org.teammate.user)
    client = client_for(org.employee.user)

    for name in ("notifications:read", "notifications:open"):
        response = client.post(reverse(name, args=[notification.public_id]))
        assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_hr_cannot_read_anyone_elses_notifications_either(org: Org) -> None:
    notification = _notify(org.employee.user)
    response = client_for(org.hr_user).post(
        reverse("notifications:read", args=[notification.public_id])
    )
    assert response.status_code == 404


def test_opening_a_notification_marks_it_read_and_follows_its_link(org: Org) -> None:
    notification = _notify(org.employee.user, url="/map/#write")

    response = client_for(org.employee.user).post(
        reverse("notifications:open", args=[notification.public_id])
    )

    assert response.status_code == 302
    assert response["Location"] == "/map/#write"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_never_leaves_the_site(org: Org) -> None:
    notification = _notify(org.employee.user, url="//evil.example.com/")

    response = client_for(org.employee.user).post(
        reverse("notifications:open", args=[notification.public_id])
    )
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read_touches_only_mine(org: Org) -> None:
    _notify(org.employee.user)
    _notify(org.employee.user)
    theirs = _notify(org.teammate.user)

    response = client_for(org.employee.user).post(reverse("notifications:read-all"))

    assert response.status_code == 302
    assert not Notification.objects.filter(user=org.employee.user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_needs_a_post(org: Org) -> None:
    notification = _notify(org.employee.user)
    response = client_for(org.employee.user).get(
        reverse("notifications:read", args=[notification.public_id])
    )
    assert response.status_code == 405


def _queries(client: Any, url: str, **kwargs: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **kwargs).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["notifications:list", "careermaps:preferences"])
def test_the_pages_run_a_fixed_number_of_queries(org: Org, name: str) -> None:
    client = client_for(org.employee.user)
    for i in range(5):
        _notify(org.employee.user, f"n{i}")
    few = _queries(client, reverse(name))
    for i in range(60):
        _notify(org.employee.user, f"m{i}")
    assert _queries(client, reverse(name)) == few


def test_the_bell_runs_a_fixed_number_of_queries(org: Org) -> None:
    client = client_for(org.employee.user)
    _notify(org.employee.user)
    few = _queries(client, reverse("notifications:bell"), headers=HX)
    for i in range(60):
        _notify(org.employee.user, f"m{i}")
    assert _queries(client, reverse("notifications:bell"), headers=HX) == few


def test_the_list_pages_through_many_notifications(org: Org) -> None:
    for i in range(25):
        _notify(org.employee.user, f"Reminder number {i:02d}")

    client = client_for(org.employee.user)
    first = client.get(reverse("notifications:list")).content.decode()
    second = client.get(reverse("notifications:list") + "?page=2").content.decode()

    assert first.count('class="notification notification--unread"') == 20
    assert second.count('class="notification notification--unread"') == 5
    assert "Showing 21\N{EN DASH}25 of 25" in second
