"""The production shape: docker-compose.yml and the Dockerfile, read as data (no Docker engine)."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, Any]:
    return compose["services"]


@pytest.fixture(scope="module")
def dockerfile() -> list[str]:
    """Instructions with line continuations joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def command_words(service: dict[str, Any]) -> list[str]:
    command = service["command"]
    words = shlex.split(command) if isinstance(command, str) else list(command)
    if words[:2] == ["sh", "-c"]:
        return shlex.split(" ".join(words[2:]))
    return words


def settings_env_names() -> set[str]:
    source = (ROOT / "careermap" / "settings.py").read_text()
    return set(re.findall(r"\benv(?:_bool|_list)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


def test_it_defines_the_five_services(services: dict[str, Any]) -> None:
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)


def test_it_runs_postgres_17_with_a_pg_isready_healthcheck_and_a_volume(
    services: dict[str, Any],
) -> None:
    postgres = services["postgres"]
    assert postgres["image"] == "postgres:17"
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in postgres["volumes"])


def test_it_runs_redis_7_with_a_healthcheck(services: dict[str, Any]) -> None:
    assert services["redis"]["image"] == "redis:7"
    assert "ping" in " ".join(services["redis"]["healthcheck"]["test"])


@pytest.mark.parametrize("name", APP_SERVICES)
def test_it_starts_app_services_only_when_postgres_and_redis_are_healthy(
    services: dict[str, Any], name: str
) -> None:
    depends_on = services[name]["depends_on"]
    assert depends_on["postgres"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_it_points_app_services_at_the_compose_postgres_and_redis(
    services: dict[str, Any], name: str
) -> None:
    environment = services[name]["environment"]
    database = urlsplit(environment["DATABASE_URL"])
    redis = urlsplit(environment["REDIS_URL"])
    assert database.scheme == "postgres"
    assert database.hostname == "postgres"
    assert database.path == f"/{services['postgres']['environment']['POSTGRES_DB']}"
    assert database.username == services["postgres"]["environment"]["POSTGRES_USER"]
    assert database.password == services["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert redis.scheme == "redis"
    assert redis.hostname == "redis"


def test_it_requires_a_secret_key_rather_than_defaulting_one(services: dict[str, Any]) -> None:
    assert re.fullmatch(r"\$\{SECRET_KEY:\?.+\}", services["web"]["environment"]["SECRET_KEY"])


def test_it_shares_one_definition_between_web_worker_and_beat(
    compose: dict[str, Any], services: dict[str, Any]
) -> None:
    shared = compose["x-app"]
    for name in APP_SERVICES:
        service = services[name]
        assert service["build"] == shared["build"]
        assert service["image"] == shared["image"]
        assert service["environment"] == shared["environment"]
        assert service["depends_on"] == shared["depends_on"]


def test_it_migrates_before_starting_gunicorn_on_port_8000(services: dict[str, Any]) -> None:
    raw = services["web"]["command"]
    text = raw if isinstance(raw, str) else " ".join(raw)
    assert text.index("manage.py migrate --no-input") < text.index("gunicorn careermap.wsgi")
    # `&&`: gunicorn must not start against a database that failed to migrate.
    assert re.search(r"migrate --no-input\s*&&", text)
    words = command_words(services["web"])
    assert words[words.index("--bind") + 1] == "0.0.0.0:8000"
    assert any(port.endswith(":8000") for port in services["web"]["ports"])


def test_it_checks_web_health_on_healthz(services: dict[str, Any]) -> None:
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_it_runs_celery_for_the_careermap_app(services: dict[str, Any], name: str) -> None:
    words = command_words(services[name])
    assert words[:3] == ["celery", "-A", "careermap"]
    assert words[3] == name


def test_it_sets_only_environment_variables_the_settings_read(compose: dict[str, Any]) -> None:
    unread = set(compose["x-app"]["environment"]) - settings_env_names()
    assert not unread, f"docker-compose.yml sets variables settings.py never reads: {unread}"


def test_it_sets_every_deployment_variable_the_design_names(compose: dict[str, Any]) -> None:
    names = set(compose["x-app"]["environment"])
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"} <= names
    assert {"EMAIL_HOST", "EMAIL_PORT", "DEFAULT_FROM_EMAIL"} <= names


def _compose_environment(compose: dict[str, Any]) -> dict[str, str]:
    """The app services' environment as compose resolves it with an empty .env (every
    ``${NAME:-default}`` at its default), plus the one value it requires: a real secret."""
    values = {}
    for name, value in compose["x-app"]["environment"].items():
        text = str(value)
        text = re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", text)
        text = re.sub(r"\$\{[A-Z_]+:\?[^}]*\}", "", text)
        values[name] = text
    values["SECRET_KEY"] = "k" + "".join(f"{n:02x}" for n in os.urandom(32))
    return values


def test_check_deploy_reports_nothing_with_the_compose_settings(compose: dict[str, Any]) -> None:
    # Only what a container has: the test run's own variables (e.g. the browser journeys'
    # DJANGO_ALLOW_ASYNC_UNSAFE) are no part of production.
    basics = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    environment = {**basics, **_compose_environment(compose)}
    # The settings read the database URL only when connecting; check --deploy does not connect.
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_builds_from_python_3_12_or_newer(dockerfile: list[str]) -> None:
    base = next(line for line in dockerfile if line.upper().startswith("FROM "))
    match = re.match(r"FROM\s+python:3\.(\d+)", base, re.IGNORECASE)
    assert match, base
    assert int(match.group(1)) >= 12


def test_it_runs_as_a_non_root_user(dockerfile: list[str]) -> None:
    users = [line.split()[1] for line in dockerfile if line.upper().startswith("USER ")]
    assert users, "the image runs as root"
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_it_installs_the_hashed_runtime_lock(dockerfile: list[str]) -> None:
    text = "\n".join(dockerfile)
    assert "COPY requirements/runtime.txt requirements/runtime.txt" in text
    assert re.search(r"pip install[^\n]*--require-hashes[^\n]*-r requirements/runtime\.txt", text)


def test_it_builds_from_the_python_of_python_version(dockerfile: list[str]) -> None:
    wanted = (ROOT / ".python-version").read_text().strip()
    base = next(line for line in dockerfile if line.upper().startswith("FROM "))
    assert re.match(rf"FROM\s+python:{re.escape(wanted)}-slim\b", base)


def test_it_collects_static_files_at_build_time(dockerfile: list[str]) -> None:
    run = next(line for line in dockerfile if "collectstatic" in line)
    assert run.startswith("RUN ")
    assert "SECRET_KEY=" in run


def test_it_serves_gunicorn_on_port_8000(dockerfile: list[str]) -> None:
    assert "EXPOSE 8000" in dockerfile
    cmd = next(line for line in dockerfile if line.startswith("CMD "))
    assert "careermap.wsgi" in cmd
    assert "0.0.0.0:8000" in cmd


def test_a_served_worker_freezes_what_start_up_built() -> None:
    """careermap.wsgi, what every gunicorn worker imports, leaves start-up's objects out of
    the collector's walks and collects the young generation less often."""
    probe = "import gc, careermap.wsgi; print(gc.get_freeze_count(), *gc.get_threshold())"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "careermap.settings"}
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    frozen, young, *_older = map(int, out)
    assert frozen > 50_000
    assert young == 10_000


def test_it_keeps_local_state_out_of_the_build_context() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".data", ".env"} <= ignored


# -------------------------------------------------------------------- the lock files


def _group_pins(group: str) -> dict[str, str]:
    """The ``name==version`` pins of a dependency group, included groups resolved."""
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]
    pins: dict[str, str] = {}
    for item in groups[group]:
        if isinstance(item, dict):
            pins |= _group_pins(item["include-group"])
        elif "==" in item:
            name, version = item.split("==")
            pins[re.sub(r"\[.*\]", "", name).lower()] = version
    return pins


def _locked(path: str) -> dict[str, tuple[str, int]]:
    """Each locked package: its version and how many hashes it carries."""
    text = (ROOT / path).read_text().replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        match = re.match(r"([A-Za-z0-9_.\-\[\]]+)==(\S+)", line)
        if match:
            name = re.sub(r"\[.*\]", "", match[1]).lower().replace("_", "-")
            found[name] = (match[2], line.count("--hash=sha256:"))
    return found


@pytest.mark.parametrize(("lock", "group"), [("requirements/dev.txt", "dev"),
                                            ("requirements/runtime.txt", "runtime")])  # fmt: skip
def test_each_lock_pins_its_group_exactly_and_hashes_every_package(lock: str, group: str) -> None:
    locked = _locked(lock)
    assert locked, lock
    for name, version in _group_pins(group).items():
        assert locked[name.replace("_", "-")][0] == version, f"{name}: run `make lock`"
    assert all(hashes for _, hashes in locked.values()), "every package carries its hashes"


def test_make_install_uses_the_lock_with_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes --no-deps -r $(LOCK)" in makefile
    assert "LOCK := requirements/dev.txt" in makefile


def test_no_broker_files_are_tracked() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [
        path for path in tracked if path.startswith("control/") or path.endswith(".exchange")
    ]
    assert "/control/" in (ROOT / ".gitignore").read_text().split()


def test_the_filesystem_broker_keeps_every_file_under_data() -> None:
    """The embedded default's broker (no REDIS_URL): data and control folders in .data/broker."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_BROKER_URL"}}
    script = "import json; from careermap import settings as s; "
    script += "print(json.dumps(s.CELERY_BROKER_TRANSPORT_OPTIONS))"
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    folder = ROOT / ".data" / "broker"
    assert json.loads(out) == {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "control_folder": str(folder / "control"),
    }


def _runtime_imports(path: Path) -> set[str]:
    """Packages a module imports as it loads: not under TYPE_CHECKING, not inside a function
    (a function's import is the optional path, e.g. the embedded server's, guarded there)."""
    tree = ast.parse(path.read_text())
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if (isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test))
        or isinstance(block, functions)
        for stmt in block.body
        for node in ast.walk(stmt)
    }
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_product_code_imports_only_what_the_runtime_lock_installs() -> None:
    """Production installs requirements/runtime.txt only: a development package imported at
    run time (a typing helper, a test tool) would break the server, not the suite."""
    runtime = set(_locked("requirements/runtime.txt"))
    distributions = importlib.metadata.packages_distributions()
    ours = {"apps", "careermap"}
    offenders = []
    for path in [*ROOT.glob("apps/**/*.py"), *ROOT.glob("careermap/**/*.py")]:
        for name in _runtime_imports(path) - ours - set(sys.stdlib_module_names):
            dists = {d.lower().replace("_", "-") for d in distributions.get(name, [name])}
            if not dists & runtime:
                offenders.append(f"{path.relative_to(ROOT)}: {name} ({', '.join(sorted(dists))})")
    assert not offenders, "\n".join(sorted(offenders))
