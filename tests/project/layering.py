"""The import order of the project, and a check that the code keeps it.

Run it: ``python -m tests.project.layering`` (exit status 1 and one line per offence), or as
part of the suite (tests/project/test_layering.py). The order is the README's "Layout" section.

Each layer may import only the layers before it (and itself). Apps on the same layer
(``explore`` and ``mentoring``) do not import each other. No module imports an underscore name
from another app: what an app offers others is its public names.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. A name is an app under apps/ or a module of the careermap package.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("accounts",),
    # The toolkit every app shares; it imports no app but the user model's types.
    (
        "careermap.web",
        "careermap.forms",
        "careermap.fields",
        "careermap.sql",
        "careermap.exports",
        "careermap.tabular",
        "careermap.env",
        "careermap.embedded",
        "careermap.middleware",
        "careermap.cache",
        "careermap.versioning",
        "careermap.backup",
        "careermap.messages",
        "careermap.i18n",
    ),
    ("notifications",),
    ("skills",),
    ("roles",),
    ("employees",),
    ("learning",),
    ("careermaps",),
    ("explore", "mentoring", "checkins"),
    ("succession",),
    ("dashboards", "imports", "opportunities"),
    # The JSON API reads through every domain app's access rules and services.
    ("api",),
    # SCIM provisioning authenticates with the API's tokens.
    ("scim",),
    ("demo",),
    # The wiring: settings, URLs, the shell's context and the process entry points.
    (
        "careermap.urls",
        "careermap.settings",
        "careermap.context_processors",
        "careermap.views",
        "careermap.celery",
        "careermap.wsgi",
        "careermap.asgi",
        "careermap.devserver",
        "careermap.sso",
    ),
)
RANK = {name: rank for rank, layer in enumerate(LAYERS) for name in layer}
# Apps that share a layer but must not import each other (toolkit and wiring modules may).
APPS_ON_A_LAYER = {name for layer in LAYERS for name in layer if len(layer) > 1 and "." not in name}
# The order of the domain apps as one line, the way the README's Layout section writes it.
DOMAIN_ORDER = " <- ".join(
    "(" + ", ".join(layer) + ")" if len(layer) > 1 else layer[0] for layer in LAYERS[3:-1]
)


@dataclass(frozen=True, slots=True)
class Offence:
    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


def unit_of(module: str) -> str | None:
    """The layer unit a dotted module belongs to: ``apps.roles.views`` -> ``roles``."""
    parts = module.split(".")
    if parts[0] == "apps" and len(parts) > 1:
        return parts[1]
    if parts[0] == "careermap" and len(parts) > 1:
        return f"careermap.{parts[1]}"
    return None


def module_name(path: Path, root: Path) -> str:
    relative = path.relative_to(root).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(dotted: str, root: Path) -> bool:
    path = root.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _imports(tree: ast.AST, module: str, root: Path) -> Iterator[tuple[int, str, list[str]]]:
    """(line, imported module, names taken from it) for every import in the file."""
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [alias.name for alias in node.names]
            yield node.lineno, base, names
            # ``from apps.roles import views`` imports the module apps.roles.views.
            for name in names:
                if _is_module(f"{base}.{name}", root):
                    yield node.lineno, f"{base}.{name}", []


def offences_in(path: Path, root: Path) -> Iterator[Offence]:
    module = module_name(path, root)
    home = unit_of(module)
    if home is None or home not in RANK:
        return
    shown = str(path.relative_to(root))
    tree = ast.parse(path.read_text(), filename=shown)
    for line, target, names in _imports(tree, module, root):
        there = unit_of(target)
        if there is None or there == home:
            continue
        if there not in RANK:
            yield Offence(shown, line, f"imports {target}, which has no place in the order")
        elif RANK[there] > RANK[home] or (RANK[there] == RANK[home] and home in APPS_ON_A_LAYER):
            yield Offence(shown, line, f"{home} imports {target} (not below it)")
        private = [n for n in names if n.startswith("_")]
        if private:
            yield Offence(shown, line, f"imports private {', '.join(private)} from {target}")


def source_files(root: Path) -> Iterable[Path]:
    for folder in ("apps", "careermap"):
        for path in sorted((root / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def offences(root: Path = ROOT) -> list[Offence]:
    return [offence for path in source_files(root) for offence in offences_in(path, root)]


def unplaced_units(root: Path = ROOT) -> list[str]:
    """Apps and toolkit modules that exist but have no layer (a new app must be placed)."""
    units = {unit_of(module_name(path, root)) for path in source_files(root)}
    return sorted(unit for unit in units if unit and unit != "careermap." and unit not in RANK)


def main() -> int:
    found = [str(offence) for offence in offences()]
    found += [f"{unit}: not in LAYERS (tests/project/layering.py)" for unit in unplaced_units()]
    print("\n".join(found) or f"Imports follow the order: {DOMAIN_ORDER}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
