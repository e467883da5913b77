"""Notifications are their owner's alone: anyone else's id answers 404, like none at all.
The unsubscribe link needs no sign-in: its signature is the access rule."""

from __future__ import annotations

from typing import Any

from apps.notifications.models import Kind, Notification
from apps.notifications.services import unsubscribe_token
from tests.access_matrix import Expect, everyone, signed_in
from tests.conftest import Org


def _employees_notification(org: Org) -> dict[str, Any]:
    notification = Notification.objects.create(
        user=org.employee.user, kind=Kind.REFLECTION, title="Time to reflect", url="/map/"
    )
    return {"public_id": notification.public_id}


def _unsubscribe(org: Org) -> dict[str, Any]:
    assert org.employee.user_id is not None
    return {"token": unsubscribe_token(user_id=org.employee.user_id, kind=Kind.REFLECTION)}


THE_OWNER = signed_in(404, employee=302)

RULES: dict[str, Expect] = {
    "notifications:list": Expect(signed_in(200)),
    # Without htmx the bell's URL sends you to the list it stands for.
    "notifications:bell": Expect(signed_in(302)),
    "notifications:read-all": Expect(signed_in(302), method="post"),
    "notifications:read": Expect(THE_OWNER, kwargs=_employees_notification, method="post"),
    "notifications:open": Expect(THE_OWNER, kwargs=_employees_notification, method="post"),
    "notifications:unsubscribe": Expect(everyone(200), kwargs=_unsubscribe),
}
