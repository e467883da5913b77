"""Who the bench signs in as, and their session cookies (made in the database, as sign-in would).

The demo's employee (the worked example's Maya), HR, and three generated managers whose
sub-trees hold about 200, about 2,000 and (the CEO) the whole organisation. A session is
written the way allauth leaves it after a sign-in: the user, the backend, the password hash
check, the idle-timeout clock and, for HR, the passed MFA check.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

DEMO = "@demo.careermap.test"
BENCH_LOGIN = "bench-{size}@large.careermap.test"
SUBTREES = {"manager-200": 200, "director-2000": 2000}


@dataclass(frozen=True)
class Persona:
    name: str
    cookie: str
    employee: Any


def personas() -> dict[str, Persona]:
    from apps.accounts.models import User
    from apps.employees.models import Employee

    found = {
        "employee": _signed_in(User.objects.get(email=f"employee{DEMO}")),
        "hr": _signed_in(User.objects.get(email=f"hr{DEMO}"), hr=True),
    }
    for name, size in SUBTREES.items():
        manager, _ = manager_near(size)
        found[name] = _signed_in(_login_for(manager, BENCH_LOGIN.format(size=size)))
    ceo = Employee.objects.get(manager__isnull=True)
    found["ceo"] = _signed_in(_login_for(ceo, BENCH_LOGIN.format(size="ceo")))
    return {name: Persona(name, cookie, employee) for name, (cookie, employee) in found.items()}


def manager_near(size: int, *, depths: tuple[int, int] = (1, 5)) -> tuple[Any, int]:
    """The manager whose sub-tree is the smallest one of at least ``size`` people, and its
    size (managers at ``depths`` only)."""
    from django.db import connection

    from apps.employees.models import Employee

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT id, size FROM (
                SELECT m.id, (SELECT count(*) FROM employees_employee e
                               WHERE e.path LIKE m.path || '%%' AND e.id <> m.id) AS size
                  FROM employees_employee m
                 WHERE m.depth BETWEEN %s AND %s
                   AND EXISTS (SELECT 1 FROM employees_employee r WHERE r.manager_id = m.id)
            ) managers
             ORDER BY (size < %s), abs(size - %s), id
             LIMIT 1
            """,
            [*depths, size, size],
        )
        pk, found = cursor.fetchone()
    return Employee.objects.get(pk=pk), found


def _login_for(employee: Any, email: str) -> Any:
    """A bench-only login linked to a generated person (they have none of their own)."""
    from apps.accounts.models import User
    from apps.employees.models import Employee

    if employee.user_id:
        return employee.user
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, None, name=employee.full_name
    )
    Employee.objects.filter(user=user).exclude(pk=employee.pk).update(user=None)
    Employee.objects.filter(pk=employee.pk).update(user=user)
    return user


def _signed_in(user: Any, *, hr: bool = False) -> tuple[str, Any]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from apps.accounts.middleware import IDLE_KEY, SESSION_FLAG
    from apps.employees.models import Employee

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[IDLE_KEY] = int(time.time())
    if hr:
        session[SESSION_FLAG] = True  # as after the TOTP step of a real sign-in
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return cookie, Employee.objects.filter(user=user).first()
