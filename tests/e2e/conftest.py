"""Browser journeys: Playwright drives Debian's Chromium (no browser download is possible)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

# The machine running CI is shared: under load a live-search round trip (typing, the 300 ms
# debounce, the request to the live server in this process, the swap) has taken over the
# default 5 s. A wrong result still fails, only later.
expect.set_options(timeout=15_000)

# pytest-django's live_server and Playwright's sync API share one thread's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], chromium_path: str
) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": chromium_path, "args": CHROMIUM_ARGS}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
