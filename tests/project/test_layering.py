"""The import order (tests/project/layering.py, the README's Layout): kept, and checked for real."""

from __future__ import annotations

from pathlib import Path

from django.urls import URLResolver, get_resolver

from tests.project import layering


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for folder in ("apps", "careermap"):
        (root / folder).mkdir(exist_ok=True)
    return root


def test_the_code_follows_the_import_order() -> None:
    assert [str(offence) for offence in layering.offences()] == []


def test_every_app_and_toolkit_module_has_a_place_in_the_order() -> None:
    assert layering.unplaced_units() == []


def test_it_catches_an_app_importing_one_above_it(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "apps/roles/views.py": "from apps.succession.models import SuccessionPlan\n",
            "apps/succession/models.py": "from apps.roles.models import Role\n",
        },
    )

    found = [str(offence) for offence in layering.offences(root)]

    assert found == ["apps/roles/views.py:1: roles imports apps.succession.models (not below it)"]


def test_it_catches_siblings_and_private_names(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "apps/explore/views.py": "from apps.mentoring import services\n",
            "apps/mentoring/services.py": "from apps.employees.gaps import _CURRENT, skill_gaps\n",
            "apps/employees/gaps.py": "",
        },
    )

    found = [str(offence) for offence in layering.offences(root)]

    assert "apps/explore/views.py:1: explore imports apps.mentoring (not below it)" in found
    assert (
        "apps/mentoring/services.py:1: imports private _CURRENT from apps.employees.gaps" in found
    )


def test_it_lets_the_toolkit_serve_every_app_but_import_none(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "apps/roles/views.py": "from careermap.web import render_page\n",
            "careermap/web.py": "from apps.employees.models import Employee\n",
            "careermap/urls.py": "from apps.dashboards import views\nfrom careermap import views\n",
            "careermap/views.py": "",
        },
    )

    found = [str(offence) for offence in layering.offences(root)]

    assert found == [
        "careermap/web.py:1: careermap.web imports apps.employees.models (not below it)"
    ]


def test_the_readme_layout_shows_the_same_order() -> None:
    readme = (layering.ROOT / "README.md").read_text()

    assert layering.DOMAIN_ORDER in readme


def test_every_url_namespace_is_an_app_folder() -> None:
    apps_folder = layering.ROOT / "apps"
    namespaces = {
        pattern.namespace
        for pattern in get_resolver().url_patterns
        if isinstance(pattern, URLResolver) and pattern.namespace
    }
    ours = namespaces - {"admin"}
    assert ours, "the project has namespaced URLs"
    assert sorted(n for n in ours if not (apps_folder / n / "urls.py").exists()) == []
