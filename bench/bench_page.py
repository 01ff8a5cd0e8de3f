"""The page at home over a year of daily check-ins: one whole request for the overview
(open the store, read every check-in, build the calendar and needs, render the template),
through Flask's test client. Target: p99 < 50 ms."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from tests.page_helpers import TODAY, page_app, seed_store

TARGET_P99_MS = 50.0
REPETITIONS = 300
DAYS = 365


def _percentile(ordered: list[int], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] / 1e6


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        checkins = seed_store(data_dir, TODAY, days=DAYS, every_day=True)
        client = page_app(data_dir).test_client()
        client.environ_base["REMOTE_ADDR"] = "127.0.0.1"
        for _ in range(10):  # warm up (templates compiled, cookie given)
            assert client.get("/").status_code == 200
        samples = []
        for _ in range(REPETITIONS):
            start = time.perf_counter_ns()
            response = client.get("/")
            samples.append(time.perf_counter_ns() - start)
            assert response.status_code == 200
        ordered = sorted(samples)
        p99 = _percentile(ordered, 0.99)
        verdict = "ok" if p99 < TARGET_P99_MS else "OVER TARGET"
        print(f"page overview, {len(checkins)} check-ins over {DAYS} days, {len(response.data) // 1024} KB:"
              f" n={len(ordered)}  p50 {_percentile(ordered, 0.5):.2f} ms  p99 {p99:.2f} ms"
              f"  max {ordered[-1] / 1e6:.2f} ms  (target p99 < {TARGET_P99_MS:.0f} ms: {verdict})")


if __name__ == "__main__":
    main()
