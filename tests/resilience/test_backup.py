"""Backups round-trip: ``python -m careermap.backup`` (what ``make backup`` / ``make restore``
run) dumps a database, restores it into a fresh one and over a changed one, and a real server
(gunicorn) on the restored database signs a person in and shows their name.

The source is this test's own database with an organisation in it; the targets are fresh
databases created here on the same server and dropped afterwards. The embedded run mode gets
its own round trip on a throwaway embedded server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from careermap.backup import MAGIC
from tests import celery_worker
from tests.conftest import Org
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
NAME = "Ada Lovelace-Restored"


def _url_of(database: str) -> str:
    """The test database's URL with another database name."""
    parts = urllib.parse.urlsplit(celery_worker.test_database_url())
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))


@pytest.fixture
def fresh_database() -> Iterator[str]:
    name = f"cm_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_url_of("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _url_of(name)
    finally:
        with psycopg.connect(_url_of("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _backup(*args: str, url: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DATABASE_URL": url, **env}
    return subprocess.run(
        [sys.executable, "-m", "careermap.backup", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _scalar(url: str, sql: str) -> object:
    with psycopg.connect(url) as conn:
        row = conn.execute(sql).fetchone()
    return row[0] if row else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(url: str) -> Iterator[str]:
    """gunicorn on ``url``'s database; the base URL once it answers."""
    port = _free_port()
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"REDIS_URL", "CELERY_BROKER_URL"}  # pages need neither
    }
    # DEBUG serves static files from the source folders (no collectstatic in a test).
    environment |= {"DATABASE_URL": url, "DEBUG": "true", "ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "careermap.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5).close()
                break
            except OSError:  # refused, or accepted while the worker still boots
                assert server.poll() is None, server.communicate()[1].decode()
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.communicate(timeout=20)


def _signed_in_home(base: str, email: str, password: str) -> str:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar := CookieJar()))
    opener.open(f"{base}/accounts/login/", timeout=20).read()
    (token,) = [cookie.value for cookie in jar if cookie.name == "csrftoken"]
    form = {"login": email, "password": password, "csrfmiddlewaretoken": token or ""}
    response = opener.open(
        f"{base}/accounts/login/", urllib.parse.urlencode(form).encode(), timeout=20
    )
    assert not response.url.endswith("/accounts/login/"), "sign-in was refused"
    return str(response.read().decode())


def test_a_backup_restores_into_a_fresh_database_that_then_serves_it(
    org: Org, tmp_path: Path, fresh_database: str
) -> None:
    user = org.employee.user
    assert user is not None
    user.name = NAME
    # The server in the subprocess knows Django's default hashers, not the suite's fast one.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "backup-test-salt")
    user.save()
    source, backup = celery_worker.test_database_url(), tmp_path / "careermap.dump"

    dumped = _backup("dump", str(backup), url=source)

    assert dumped.returncode == 0, dumped.stderr
    assert f"backup written to {backup}" in dumped.stdout
    assert backup.read_bytes().startswith(MAGIC)
    assert backup.stat().st_mode & 0o777 == 0o600  # confidential HR data
    again = _backup("dump", str(backup), url=source)
    assert again.returncode == 1
    assert "exists already" in again.stderr

    restored = _backup("restore", str(backup), url=fresh_database)

    assert restored.returncode == 0, restored.stderr
    people = "SELECT count(*) FROM employees_employee"
    assert _scalar(fresh_database, people) == _scalar(source, people) == 6
    with serving(fresh_database) as base:
        home = _signed_in_home(base, "employee@example.com", PASSWORD)
    assert NAME in home


def test_a_restore_over_a_changed_database_puts_it_back_and_a_broken_one_changes_nothing(
    org: Org, tmp_path: Path, fresh_database: str
) -> None:
    backup = tmp_path / "careermap.dump"
    assert _backup("dump", str(backup), url=celery_worker.test_database_url()).returncode == 0
    assert _backup("restore", str(backup), url=fresh_database).returncode == 0
    name_of_employee = "SELECT name FROM accounts_user WHERE email = 'employee@example.com'"
    with psycopg.connect(fresh_database) as conn:
        conn.execute(
            "UPDATE accounts_user SET name = 'Changed since' WHERE email LIKE 'employee@%'"
        )
        conn.execute("DELETE FROM employees_employee WHERE full_name = 'Teammate'")

    # A backup cut short (a full disk, a copy interrupted) fails and leaves the database be.
    broken = tmp_path / "broken.dump"
    # Cut inside the data at the end, so the drops have run when the restore fails.
    broken.write_bytes(backup.read_bytes()[:-64])
    failed = _backup("restore", str(broken), url=fresh_database)
    assert failed.returncode == 1
    assert "pg_restore failed and changed nothing" in failed.stderr
    assert _scalar(fresh_database, name_of_employee) == "Changed since"
    assert _scalar(fresh_database, "SELECT count(*) FROM employees_employee") == 5

    assert _backup("restore", str(backup), url=fresh_database).returncode == 0
    assert _scalar(fresh_database, name_of_employee) == "Employee"
    assert _scalar(fresh_database, "SELECT count(*) FROM employees_employee") == 6


def test_a_restore_refuses_without_a_file_or_with_one_that_is_not_a_dump(
    tmp_path: Path, fresh_database: str
) -> None:
    missing = _backup("restore", url=fresh_database)
    assert missing.returncode == 2
    assert "restore needs a backup file: make restore FILE=" in missing.stdout
    (not_a_dump := tmp_path / "notes.txt").write_text("SELECT 1;")
    refused = _backup("restore", str(not_a_dump), url=fresh_database)
    assert refused.returncode == 1
    assert "is not a pg_dump custom-format file" in refused.stderr
    nowhere = _backup("restore", str(tmp_path / "nope.dump"), url=fresh_database)
    assert nowhere.returncode == 1
    assert "no backup file" in nowhere.stderr


def test_the_embedded_default_backs_up_and_restores_without_database_url(tmp_path: Path) -> None:
    """No DATABASE_URL: the embedded server (its own PostgreSQL and client programs)."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment["CAREERMAP_DATA"] = str(tmp_path / "data")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", *args], cwd=ROOT, env=environment, capture_output=True,
            text=True, timeout=120,
        )  # fmt: skip

    started = run("careermap.embedded", "start")
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip().splitlines()[-1]
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('before')")
        backup = tmp_path / "embedded.dump"
        dumped = run("careermap.backup", "dump", str(backup))
        assert dumped.returncode == 0, dumped.stderr
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("UPDATE kept SET note = 'after'")
        restored = run("careermap.backup", "restore", str(backup))
        assert restored.returncode == 0, restored.stderr
        assert _scalar(url, "SELECT note FROM kept") == "before"
    finally:
        run("careermap.embedded", "stop")
