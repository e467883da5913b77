"""The vocabulary of the URL access matrix (tests/project/test_url_access.py).

Each app's rules live in ``tests/<app>/url_rules.py`` as ``RULES: dict[str, Expect]`` keyed by
URL name; the matrix collects them, so an app adds its rules without touching the others'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.conftest import PERSONAS, Org

LOGIN = "login"  # a redirect to the sign-in page
ADMIN_LOGIN = "admin-login"

Code = int | str | tuple[int, ...]


def everyone(code: Code, **overrides: Code) -> dict[str, Code]:
    return {persona: overrides.get(persona, code) for persona in PERSONAS}


def signed_in(code: Code, *, anonymous: Code = LOGIN, **overrides: Code) -> dict[str, Code]:
    return everyone(code, anonymous=anonymous, **overrides)


def no_kwargs(org: Org) -> dict[str, Any]:
    return {}


@dataclass
class Expect:
    codes: dict[str, Code]
    kwargs: Callable[[Org], dict[str, Any]] = no_kwargs
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
