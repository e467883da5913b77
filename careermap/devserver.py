"""`make run`: the embedded default, everything in one command.

Starts the embedded PostgreSQL, migrates, loads the demo organisation, then runs the web
server, a Celery worker and Celery beat together (honcho) on the filesystem broker. Ctrl-C
stops all of them and the database.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from careermap import embedded

ROOT = Path(__file__).resolve().parent.parent
DEMO_LOGINS = [
    ("Employee (Customer Service Representative)", "employee@demo.careermap.test"),
    ("Manager", "manager@demo.careermap.test"),
    ("Director (the manager's manager)", "director@demo.careermap.test"),
    ("HR", "hr@demo.careermap.test"),
    ("Admin (superuser: /admin/ and break-glass sign-in)", "admin@demo.careermap.test"),
]
DEMO_PASSWORD = "careermap-demo"


def _manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _banner(port: int) -> str:
    lines = [
        "",
        "=" * 64,
        f"  CareerMap is running at http://127.0.0.1:{port}/",
        "",
        "  Demo logins:",
    ]
    lines += [f"    {label:<44} {email}" for label, email in DEMO_LOGINS]
    lines += [
        f"  Password for all: {DEMO_PASSWORD}",
        "  Two-factor sign-in for HR and admin is off in this demo (production requires it).",
        "  Ctrl-C stops everything.",
        "=" * 64,
        "",
    ]
    return "\n".join(lines)


def _procfile(port: int) -> str:
    python = sys.executable
    return (
        f"web: {python} -m gunicorn careermap.wsgi --bind 127.0.0.1:{port} --workers 2 "
        "--access-logfile -\n"
        f"worker: {python} -m celery -A careermap worker --loglevel INFO --concurrency 2\n"
        f"beat: {python} -m celery -A careermap beat --loglevel INFO "
        f"--schedule {embedded.DATA_DIR / 'celerybeat-schedule'}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    port = parser.parse_args().port
    env = dict(os.environ, DATABASE_URL=embedded.start(), SITE_URL=f"http://127.0.0.1:{port}")
    # The demo's HR and admin logins work without a phone; production requires MFA for them.
    env.setdefault("HR_MFA_REQUIRED", "false")
    (embedded.DATA_DIR / "broker").mkdir(parents=True, exist_ok=True)
    _manage("migrate", "--no-input", env=env)
    _manage("seed_demo", env=env)
    _manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
    procfile = embedded.DATA_DIR / "Procfile"
    procfile.write_text(_procfile(port))
    print(_banner(port), flush=True)
    # SIGTERM (docker, systemd, kill) takes the same way out as Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    honcho = subprocess.Popen(
        [sys.executable, "-m", "honcho", "start", "-f", str(procfile), "-d", str(ROOT)], env=env
    )
    try:
        honcho.wait()
    except KeyboardInterrupt:
        # Ctrl-C reaches honcho from the terminal too; SIGTERM on top is harmless. Wait for it
        # to stop web, worker and beat rather than killing it and orphaning them.
        honcho.send_signal(signal.SIGTERM)
        honcho.wait(timeout=30)
    finally:
        embedded.stop()


if __name__ == "__main__":
    main()
