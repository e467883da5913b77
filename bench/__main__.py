"""`make bench`: the pages over real HTTP, against a floor measured in the same run.

Builds (once) the bench organisation in its own database (``careermap_bench``, see
bench/org.py), serves it with gunicorn (2 sync workers, DEBUG off, every production
middleware) and requests each scenario (bench/scenarios.py) as its persona, interleaved with
the floor page (a signed-in page rendering the base template). Prints p50, p95, max, bytes and
SQL queries per request, the ratio p50 / floor p50 and the verdict against the budgets of
issue 13, then a 50-connection load run (wrk). Results go to bench/results/. Speed is measured
here, never asserted in tests.

    make bench                                  # everything
    .venv/bin/python -m bench --only team --samples 30 --no-load
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", default=[], help="scenario names containing")
    parser.add_argument("--samples", type=int, default=15, help="requests per scenario")
    parser.add_argument("--no-load", action="store_true", help="skip the 60 s load run")
    parser.add_argument("--load-only", action="store_true", help="only the load run")
    return parser.parse_args()


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.database import point_at_bench_database

    point_at_bench_database()
    os.environ["DEBUG"] = "false"  # no query log growing in memory while seeding
    import django

    django.setup()
    from bench.database import ensure_database, prepare

    ensure_database()
    prepare()


def main() -> int:
    args = _arguments()
    _setup()
    from apps.employees.models import Employee
    from bench import load, server
    from bench.measure import measure
    from bench.personas import personas
    from bench.report import print_header, print_load, print_row

    people = personas()
    chosen = _chosen(people, args.only)
    server.collect_static()
    results, load_result, rss = [], None, 0.0
    print(f"careermap bench: {Employee.objects.count()} people, gunicorn {server.WORKERS} sync "
          f"workers, {args.samples} samples per scenario\n")  # fmt: skip
    with server.serving() as running:
        if not args.load_only:
            print_header()
            for scenario in chosen:
                cookie = people[scenario.persona].cookie
                result = measure(running.port, scenario, cookie, cookie, samples=args.samples)
                results.append(result)
                print_row(result)
        rss = running.peak_rss_mb()
        if not args.no_load:
            if load.available():
                load_result = load.run(running.port, _chosen(people, []), people)
                print_load(load_result)
            else:
                print("\nload run skipped: wrk is not installed (apt-get install -y wrk)")
    print(f"\nworker peak RSS: {rss:.0f} MB")
    failed = _write(results, load_result, rss)
    return 1 if failed else 0


def _chosen(people: dict, only: list[str]) -> list:
    from bench.scenarios import scenarios

    every = scenarios(people)
    return [s for s in every if not only or any(part in s.name for part in only)]


def _write(results: list, load_result: dict | None, rss: float) -> bool:
    from bench.report import load_verdict, verdict

    rows = [{**r.as_dict(), "verdict": verdict(r)} for r in results]
    document = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "scenarios": rows,
        "load": load_result and {**load_result, "verdict": load_verdict(load_result)},
        "worker_peak_rss_mb": round(rss, 1),
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, indent=2)
    (out / "latest.json").write_text(text)
    (out / f"http-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(text)
    over = [row for row in rows if row["verdict"] != "ok"]
    return bool(over) or bool(load_result and load_verdict(load_result) != "ok")


if __name__ == "__main__":
    raise SystemExit(main())
