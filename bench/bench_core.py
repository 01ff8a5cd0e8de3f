"""A core turn (Coach.launch and Coach.handle) over a full check-in and a full trigger plan.

Events are built directly, not understood, so only the core is timed. Target: p99 < 0.5 ms.
"""

from __future__ import annotations

import datetime
import time

from dialogue import Coach, Event, Household, Intent, State
from locale_files import load_locale

TARGET_P99_MS = 0.5
REPETITIONS = 2000
HOUSEHOLD = Household(today=datetime.date(2026, 11, 27), names=("Sam", "Lotte"), checkin_dates=(datetime.date(2026, 11, 23), datetime.date(2026, 11, 25)))

CHECKIN: list[Event] = [
    Intent.of("StartCheckinIntent"),
    Intent.of("TogetherIntent"),
    Intent.of("WeatherIntent", weather="ZONNIG"),
    Intent.of("NeedIntent", need="KNUFFEL"),
    Intent.of("GratitudeIntent", gratitude="HUMOR"),
    Intent.of("WeatherIntent", weather="STORM"),
    Intent.of("AMAZON.HelpIntent"),
    Intent.of("NeedIntent", need="RUIMTE"),
    Intent.of("AMAZON.RepeatIntent"),
    Intent.of("GratitudeIntent"),
]
TRIGGER_PLAN: list[Event] = [
    Intent.of("StartTriggerPlanIntent"),
    Intent.of("SlowerIntent"),
    Intent.of("AMAZON.PauseIntent"),
    Intent.of("AMAZON.ResumeIntent"),
    Intent.of("MoreBreathsIntent"),
    Intent.of("AMAZON.NextIntent"),
    Intent.of("FeelingIntent", feeling="PANIEK"),
    Intent.of("NeedIntent", need="GERUSTSTELLING"),
    Intent.of("AMAZON.YesIntent"),
]


def _run(coach: Coach, script: list[Event], samples: list[int]) -> None:
    start = time.perf_counter_ns()
    turn = coach.launch(HOUSEHOLD)
    samples.append(time.perf_counter_ns() - start)
    state: State = turn.state
    for event in script:
        start = time.perf_counter_ns()
        turn = coach.handle(state, event)
        samples.append(time.perf_counter_ns() - start)
        state = turn.state
    assert turn.reply.end_session, "the scripted conversation did not reach its end"


def _percentile(ordered: list[int], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] / 1e6


def main() -> None:
    coach = Coach(load_locale())
    for script in (CHECKIN, TRIGGER_PLAN):  # warm up
        _run(coach, script, [])
    results: dict[str, list[int]] = {"check-in": [], "trigger plan": []}
    for _ in range(REPETITIONS):
        _run(coach, CHECKIN, results["check-in"])
        _run(coach, TRIGGER_PLAN, results["trigger plan"])
    results["all turns"] = results["check-in"] + results["trigger plan"]
    for name, samples in results.items():
        ordered = sorted(samples)
        p99 = _percentile(ordered, 0.99)
        verdict = "ok" if p99 < TARGET_P99_MS else "OVER TARGET"
        print(
            f"core turn, {name:12s} n={len(ordered):6d}  p50 {_percentile(ordered, 0.5):.4f} ms"
            f"  p99 {p99:.4f} ms  max {ordered[-1] / 1e6:.4f} ms  (target p99 < {TARGET_P99_MS} ms: {verdict})"
        )


if __name__ == "__main__":
    main()
