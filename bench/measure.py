"""Timing requests over HTTP, each scenario interleaved with the floor page.

The machine is shared and noisy, so a scenario's p50 is compared with the p50 of the floor
requests made in between its own samples: a slow minute slows both.
"""

from __future__ import annotations

import http.client
import statistics
import time
from dataclasses import asdict, dataclass

from bench.scenarios import Scenario

FLOOR_PATH = "/__bench__/floor/"


@dataclass(frozen=True)
class Sample:
    ms: float
    status: int
    bytes: int
    queries: int
    html: bool


def get(port: int, path: str, cookie: str, *, htmx: bool = False) -> Sample:
    headers = {"Cookie": cookie, "Host": "127.0.0.1", "Accept-Encoding": "identity"}
    if htmx:
        headers["HX-Request"] = "true"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    ms = (time.perf_counter() - started) * 1000
    return Sample(
        ms=ms,
        status=response.status,
        bytes=len(body),
        queries=int(response.getheader("X-Bench-Queries") or -1),
        html="text/html" in (response.getheader("Content-Type") or ""),
    )


@dataclass
class Result:
    name: str
    budget: str
    path: str
    samples: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    floor_p50_ms: float
    ratio: float
    bytes: int
    html: bool
    queries: int
    statuses: list[int]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(port: int, scenario: Scenario, cookie: str, floor_cookie: str, *,
            samples: int, warmup: int = 2) -> Result:  # fmt: skip
    for _ in range(warmup):
        get(port, scenario.path, cookie, htmx=scenario.htmx)
        get(port, FLOOR_PATH, floor_cookie)
    own: list[Sample] = []
    floor: list[float] = []
    for _ in range(samples):
        floor.append(get(port, FLOOR_PATH, floor_cookie).ms)
        own.append(get(port, scenario.path, cookie, htmx=scenario.htmx))
    times = [s.ms for s in own]
    floor_p50 = statistics.median(floor)
    p50 = statistics.median(times)
    return Result(
        name=scenario.name,
        budget=scenario.budget,
        path=scenario.path,
        samples=samples,
        p50_ms=round(p50, 1),
        p95_ms=round(percentile(times, 0.95), 1),
        max_ms=round(max(times), 1),
        floor_p50_ms=round(floor_p50, 1),
        ratio=round(p50 / floor_p50, 2),
        bytes=own[-1].bytes,
        html=own[-1].html,
        queries=own[-1].queries,
        statuses=sorted({s.status for s in own}),
    )
