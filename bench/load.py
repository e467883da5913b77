"""The load run: 50 connections for 60 s against the same 2 workers, with wrk.

The mix is what a working day looks like: employees on their maps, managers on their team
page, HR on a report. wrk (Debian's ``wrk``, C, light on the shared CPU) cycles through the
requests below, each with its persona's session cookie; a Lua ``done`` hook prints the
percentiles as JSON.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.personas import Persona
from bench.scenarios import Scenario

CONNECTIONS = 50
SECONDS = 60
MIX = (
    "map: overview",
    "map: goals tab",
    "map: assessment tab",
    "explore roles",
    "notifications",
    "map: plan tab",
    "team ~200: dashboard",
    "team ~2,000: dashboard",
    "succession report",
    "people directory",
)
BUDGET = {"errors": 0, "requests_per_s": 40.0, "p95_ms": 1000.0}

SCRIPT = """
local requests = {%(requests)s}
local counter = 0
request = function()
  counter = counter + 1
  local r = requests[(counter %% #requests) + 1]
  return wrk.format("GET", r[1], {["Cookie"] = r[2], ["Accept-Encoding"] = "identity"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "max_us": %%d, ' ..
    '"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def run(port: int, scenarios: list[Scenario], people: dict[str, Persona]) -> dict[str, object]:
    by_name = {s.name: s for s in scenarios}
    chosen = [by_name[name] for name in MIX if name in by_name]
    entries = ", ".join(
        '{"%s", "%s"}' % (s.path, people[s.persona].cookie)  # noqa: UP031 - Lua source
        for s in chosen
    )
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "mix.lua"
        script.write_text(SCRIPT % {"requests": entries})
        completed = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "60s",
             "-s", str(script), f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    stats = json.loads(completed.stdout.strip().splitlines()[-1])
    errors = sum(stats[key] for key in ("connect", "read", "write", "status", "timeout"))
    seconds = stats["duration_us"] / 1e6
    return {
        "connections": CONNECTIONS,
        "seconds": round(seconds, 1),
        "mix": [s.name for s in chosen],
        "requests": stats["requests"],
        "requests_per_s": round(stats["requests"] / seconds, 1),
        "p50_ms": round(stats["p50_us"] / 1000, 1),
        "p95_ms": round(stats["p95_us"] / 1000, 1),
        "max_ms": round(stats["max_us"] / 1000, 1),
        "errors": errors,
        "error_kinds": {k: stats[k] for k in ("connect", "read", "write", "status", "timeout")},
    }
