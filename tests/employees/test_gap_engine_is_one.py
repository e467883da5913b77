"""The readiness formula exists once: in ``apps.employees.gaps``, and nowhere else.

Every other module builds its SQL from the engine's public blocks (``with_requirement``,
``current_level``, ``gap``, ``fit_columns``, ...). This test reads the source of every module
under ``apps/`` and ``careermap/`` except the engine and fails when one of them types the
formula again, reaches into the engine's private names, or cuts its SQL strings apart.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ENGINE_MODULE = "apps.employees.gaps"
ROOT = Path(settings.BASE_DIR)
ENGINE = ROOT / "apps" / "employees" / "gaps.py"

# What typing the formula again looks like in source text.
FORMULA = {
    "the effective weight": re.compile(r"effective_weight"),
    "the current level (manager, else self, else 0)": re.compile(
        r"COALESCE\(\s*(\w+)\.manager_level\s*,\s*\1\.self_level", re.IGNORECASE
    ),
    "cutting a WITH off the engine's SQL": re.compile(r"removeprefix\(\s*['\"]\s*WITH"),
}
# min(current, required) and max(0, required - current): judged one LEAST(...) / GREATEST(...)
# call at a time, so a GREATEST about something else followed later by ``required_level`` (the
# dashboard's page clamp, the mentor ranking's lead) does not count.
MIN_MAX = "min/max against the required level"
MIN_MAX_CALL = re.compile(r"\b(?:LEAST|GREATEST)\s*\(", re.IGNORECASE)


def _modules() -> list[Path]:
    return [
        path
        for top in ("apps", "careermap")
        for path in sorted((ROOT / top).rglob("*.py"))
        if path != ENGINE and "migrations" not in path.parts
    ]


def _calls(source: str) -> list[str]:
    """The text of each LEAST(...) / GREATEST(...) call, up to its matching parenthesis."""
    calls = []
    for match in MIN_MAX_CALL.finditer(source):
        depth, end = 0, match.end() - 1
        for end in range(match.end() - 1, len(source)):
            depth += {"(": 1, ")": -1}.get(source[end], 0)
            if depth == 0:
                break
        calls.append(source[match.start() : end + 1])
    return calls


def _formula_copies(source: str) -> list[str]:
    found = [what for what, pattern in FORMULA.items() if pattern.search(source)]
    if any("required_level" in call for call in _calls(source)):
        found.append(MIN_MAX)
    return found


def _private_engine_names(tree: ast.Module) -> list[str]:
    """Underscore names taken from the engine, by ``from ... import _x`` or ``gaps._x``."""
    found, engine_aliases = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == ENGINE_MODULE:
            found += [alias.name for alias in node.names if alias.name.startswith("_")]
        elif isinstance(node, ast.ImportFrom) and node.module == "apps.employees":
            engine_aliases |= {a.asname or a.name for a in node.names if a.name == "gaps"}
        elif isinstance(node, ast.Import):
            engine_aliases |= {a.asname for a in node.names if a.name == ENGINE_MODULE and a.asname}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and isinstance(node.value, ast.Name)
            and node.value.id in engine_aliases
        ):
            found.append(node.attr)
    return found


def _offences() -> dict[str, list[str]]:
    offences: dict[str, list[str]] = {}
    for path in _modules():
        source = path.read_text()
        found = _formula_copies(source)
        found += [
            f"imports {name} from the engine" for name in _private_engine_names(ast.parse(source))
        ]
        if found:
            offences[str(path.relative_to(ROOT))] = found
    return offences


def test_no_module_but_the_engine_types_the_readiness_formula() -> None:
    assert _offences() == {}


def test_the_guard_recognises_the_engines_own_sql() -> None:
    # If this fails, the patterns above no longer match the formula as the engine writes it.
    from apps.employees import gaps

    engine_sql = " ".join(
        [gaps.with_requirement()[0], gaps.current_level("r"), gaps.gap(), gaps.fit_columns()]
    )
    expected = [what for what in FORMULA if "WITH" not in what] + [MIN_MAX]
    assert _formula_copies(engine_sql) == expected


@pytest.mark.parametrize(
    ("source", "offence"),
    [
        ("x = 'COALESCE(mine.manager_level, mine.self_level, 0)'", "the current level"),
        ("x = 'GREATEST(n.required_level - level, 0)'", MIN_MAX),
        ("x = 'LEAST(cur, q.required_level)'", MIN_MAX),
        ("x = 'sum(q.effective_weight)'", "the effective weight"),
        ("x = CTE.strip().removeprefix('WITH')", "cutting a WITH off"),
    ],
)
def test_the_guard_recognises_a_copy(source: str, offence: str) -> None:
    assert any(found.startswith(offence) for found in _formula_copies(source))


@pytest.mark.parametrize(
    "source",
    [
        "from apps.employees.gaps import _CURRENT",
        "from apps.employees import gaps\nx = gaps._fetch",
        "import apps.employees.gaps as engine\nx = engine._REQUIREMENT_CTE",
    ],
)
def test_the_guard_recognises_a_private_import(source: str) -> None:
    assert _private_engine_names(ast.parse(source))


def test_the_guard_lets_other_arithmetic_through() -> None:
    # The mentor ranking's lead and the dashboard's page clamp are not the readiness formula.
    assert _formula_copies("'GREATEST(l.mentor_level - l.my_level, 0)'") == []
    clamp = "LEAST(%s, (SELECT (GREATEST(count(*), 1) - 1) FROM scored)) -- required_level"
    assert _formula_copies(clamp) == []
