"""The bench's table and verdicts against the budgets of issue 13."""

from __future__ import annotations

from bench.load import BUDGET as LOAD_BUDGET
from bench.measure import Result
from bench.scenarios import BUDGETS, MAX_HTML_BYTES

COLUMNS = (
    f"{'scenario':<40}{'p50':>8}{'p95':>8}{'max':>8}{'floor':>7}{'ratio':>7}{'KB':>7}{'SQL':>5}"
    "  verdict"
)


def verdict(result: Result) -> str:
    budget = BUDGETS[result.budget]
    problems = []
    if result.statuses != [200]:
        problems.append(f"status {result.statuses}")
    if budget.ratio is not None and result.ratio > budget.ratio:
        problems.append(f"ratio > {budget.ratio:g}x")
    if budget.p95_ms is not None and result.p95_ms > budget.p95_ms:
        problems.append(f"p95 > {budget.p95_ms:g} ms")
    if result.html and result.bytes > MAX_HTML_BYTES:
        problems.append("HTML > 150 KB")
    return "; ".join(problems) or "ok"


def load_verdict(result: dict[str, object]) -> str:
    problems = []
    if int(result["errors"]) > LOAD_BUDGET["errors"]:  # type: ignore[call-overload]
        problems.append(f"{result['errors']} errors")
    if float(result["requests_per_s"]) < LOAD_BUDGET["requests_per_s"]:  # type: ignore[arg-type]
        problems.append(f"< {LOAD_BUDGET['requests_per_s']:g} requests/s")
    if float(result["p95_ms"]) > LOAD_BUDGET["p95_ms"]:  # type: ignore[arg-type]
        problems.append(f"p95 > {LOAD_BUDGET['p95_ms']:g} ms")
    return "; ".join(problems) or "ok"


def print_header() -> None:
    print(COLUMNS)


def print_row(r: Result) -> None:
    print(
        f"{r.name[:39]:<40}{r.p50_ms:>8.1f}{r.p95_ms:>8.1f}{r.max_ms:>8.1f}{r.floor_p50_ms:>7.1f}"
        f"{r.ratio:>6.1f}x{r.bytes / 1024:>7.0f}{r.queries:>5}  {verdict(r)}",
        flush=True,
    )


def print_load(result: dict[str, object]) -> None:
    print(
        f"\nload: {result['connections']} connections for {result['seconds']} s: "
        f"{result['requests']} requests, {result['requests_per_s']} requests/s, "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms, "
        f"{result['errors']} errors  {load_verdict(result)}"
    )
