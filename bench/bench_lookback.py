"""The look-back over a year of daily check-ins (done together, both partners answering) and
trigger moments (one or two a day, with strengths): the store's read of the household
(SQLite file on disk; DynamoDB's item as the skill gets it, parsed) plus the core's turn for
"hoe ging onze week?" and "... maand?". Dates are fixed, never the machine's clock.
Target: p99 < 5 ms (wall clock). The CPU time of the same turns is printed beside it: on a
busy machine the slowest percent of wall-clock samples is time spent waiting for a core
(the load average is printed too), which the CPU time leaves out."""

from __future__ import annotations

import datetime
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dialogue import (
    CheckinEntry,
    Coach,
    Household,
    Intent,
    MarkIntroduced,
    SaveCheckin,
    SaveConsent,
    SaveNames,
    SaveTriggerMoment,
)
from dialogue.model import Effect
from household.dynamodb import apply_to_attributes, household_from_attributes
from household.store import HouseholdStore
from locale_files import load_locale

TARGET_P99_MS = 5.0
REPETITIONS = 2000
DAYS = 365
TODAY = datetime.date(2026, 11, 27)
WEATHERS = ("ZONNIG", "WISSELVALLIG", "BEWOLKT", "REGEN", "STORM")
NEEDS = ("RUIMTE", "AANDACHT", "KNUFFEL", "GERUSTSTELLING", "GESPREK", "RUST", "TIJD_SAMEN", "HULP")


def year_of_effects() -> list[Effect]:
    """What a year of use stores: a check-in together every day, and a trigger moment or two."""
    chance = random.Random(10)
    effects: list[Effect] = [SaveNames("Sam", "Lotte"), SaveConsent(True), MarkIntroduced()]
    for back in range(DAYS - 1, -1, -1):
        date = TODAY - datetime.timedelta(days=back)
        entries = tuple(CheckinEntry(chance.choice(WEATHERS), chance.choice(NEEDS)) for _ in range(2))
        effects.append(SaveCheckin(date, entries))
        for _ in range(chance.choice((1, 1, 2))):
            before = chance.randrange(4, 11)
            effects.append(SaveTriggerMoment(date, before, max(0, before - chance.randrange(0, 5))))
    return effects


def _percentile(ordered: list[int], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] / 1e6


def _measure(name: str, load: Callable[[datetime.date], Household], coach: Coach, words: int) -> None:
    events = (Intent.of("LookBackIntent"), Intent.of("LookBackIntent", period="MONTH"))
    for event in events:  # warm up, and check it says what it should
        turn = coach.handle(coach.begin(load(TODAY)), event)
        assert turn.reply.text().startswith(("De afgelopen week hebben jullie op zeven dagen",
                                             "De afgelopen vier weken hebben jullie op achtentwintig dagen"))
    for event, period in zip(events, ("week", "month"), strict=True):
        samples = []
        cpu = []
        for _ in range(REPETITIONS):
            start, start_cpu = time.perf_counter_ns(), time.process_time_ns()
            turn = coach.handle(coach.begin(load(TODAY)), event)
            samples.append(time.perf_counter_ns() - start)
            cpu.append(time.process_time_ns() - start_cpu)
        ordered = sorted(samples)
        p99 = _percentile(ordered, 0.99)
        verdict = "ok" if p99 < TARGET_P99_MS else "OVER TARGET"
        print(f"look-back ({period}), {name} read + core turn, {words} records over {DAYS} days:"
              f" n={len(ordered)}  p50 {_percentile(ordered, 0.5):.3f} ms  p99 {p99:.3f} ms"
              f"  max {ordered[-1] / 1e6:.3f} ms  (target p99 < {TARGET_P99_MS:.0f} ms: {verdict});"
              f" CPU time p99 {_percentile(sorted(cpu), 0.99):.3f} ms", flush=True)


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    coach = Coach(load_locale())
    effects = year_of_effects()
    records = sum(isinstance(e, (SaveCheckin, SaveTriggerMoment)) for e in effects)
    with tempfile.TemporaryDirectory() as folder:
        store = HouseholdStore(Path(folder) / "samen-sterker.sqlite3")
        store.apply(effects)
        _measure("SQLite file", store.load, coach, records)
        store.close()
    attributes: dict[str, Any] | None = apply_to_attributes({}, effects)
    assert attributes is not None
    _measure("DynamoDB item", lambda today: household_from_attributes(attributes, today), coach, records)


if __name__ == "__main__":
    main()
