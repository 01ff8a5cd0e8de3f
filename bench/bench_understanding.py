"""Understanding typed Dutch: loading the locale, one utterance, and accuracy on the test set.

(a) Loading: `locale_files.load_locale()` plus building the `Understander`, timed in
    fresh processes (imports excluded) and repeated in this one; and, as the voice coach
    starts, `locale_files.load_understanding()` with its snapshot cache warm (written by
    one untimed process first): the Understander read back, not built. Target: < 50 ms.
    The fresh build is what the first start after a change of the code or the locale
    files takes (and the Lambda, which keeps no snapshot).
(b) One utterance with the whole locale loaded: every row of tests/data/understanding.tsv
    and tests/data/understanding_heldout.tsv, at its step, many times over. Target: p99 < 2 ms.
    The first pass over the rows with a fresh Understander (nothing memoised yet) is
    reported on its own line.
(c) Accuracy on each file: the right intent and the right slot values (target >= 90 %),
    safety recall (target 100 %) and ordinary rows taken for danger (target none).
(d) The crisis sets of issue 13 (tests/data/own_words.tsv, crisis_dev.tsv, crisis_heldout.tsv
    (held out in round 1, tuned on in round 2), crisis_heldout_v2.tsv (held out in round 2,
    tuned on in round 3), crisis_heldout_v3.tsv (tuned on in round 4) and, with
    BENCH_CRISIS_HELDOUT=1 in the environment, the held-out crisis_heldout_v4.tsv (danger
    and look-alikes), v5 (own words) and v6 (every class)), by class (`# class N:` blocks): accuracy per
    class and overall (target >= 97 %), danger recall (class 11: by the rules, and with the
    worry model's "ben je nu veilig?") and false alarms on the look-alikes (class 12: help
    lines given, and questions asked). Timing (b) includes their rows.
"""

from __future__ import annotations

import csv
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from dialogue import Coach, Household, Intent, State, Step, Understander
from locale_files import load_locale

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = {
    "table": ROOT / "tests" / "data" / "understanding.tsv",
    "held-out": ROOT / "tests" / "data" / "understanding_heldout.tsv",
}
CRISIS_FILES = {
    "own": ROOT / "tests" / "data" / "own_words.tsv",
    "dev": ROOT / "tests" / "data" / "crisis_dev.tsv",
    "round-2": ROOT / "tests" / "data" / "crisis_heldout.tsv",
    "round-3": ROOT / "tests" / "data" / "crisis_heldout_v2.tsv",
    "round-4": ROOT / "tests" / "data" / "crisis_heldout_v3.tsv",
    "dev v7": ROOT / "tests" / "data" / "crisis_dev_v7.tsv",
    "dev v8": ROOT / "tests" / "data" / "crisis_dev_v8.tsv",
    "dev v9": ROOT / "tests" / "data" / "crisis_dev_v9.tsv",
    "dev v11": ROOT / "tests" / "data" / "crisis_dev_v11.tsv",
    "dev v12": ROOT / "tests" / "data" / "crisis_dev_v12.tsv",
    "dev v13": ROOT / "tests" / "data" / "crisis_dev_v13.tsv",
    "dev v15": ROOT / "tests" / "data" / "crisis_dev_v15.tsv",
    "dev v16": ROOT / "tests" / "data" / "crisis_dev_v16.tsv",
    "dev v18": ROOT / "tests" / "data" / "crisis_dev_v18.tsv",
    "dev v20": ROOT / "tests" / "data" / "crisis_dev_v20.tsv",
    "dev v22": ROOT / "tests" / "data" / "crisis_dev_v22.tsv",
}
# The held-out crisis set, written by someone who saw neither the code nor the other sets, is
# scored only when asked for (BENCH_CRISIS_HELDOUT=1): whoever tunes the understanding must
# not look at its misses, or it stops measuring how a new user is understood.
if os.environ.get("BENCH_CRISIS_HELDOUT") == "1":
    CRISIS_FILES["held-out v4"] = ROOT / "tests" / "data" / "crisis_heldout_v4.tsv"
    CRISIS_FILES["held-out v5"] = ROOT / "tests" / "data" / "crisis_heldout_v5.tsv"
    CRISIS_FILES["held-out v6"] = ROOT / "tests" / "data" / "crisis_heldout_v6.tsv"
    CRISIS_FILES["held-out v10"] = ROOT / "tests" / "data" / "crisis_heldout_v10.tsv"
    CRISIS_FILES["held-out v14"] = ROOT / "tests" / "data" / "crisis_heldout_v14.tsv"
    CRISIS_FILES["held-out v17"] = ROOT / "tests" / "data" / "crisis_heldout_v17.tsv"
    CRISIS_FILES["held-out v19"] = ROOT / "tests" / "data" / "crisis_heldout_v19.tsv"
    CRISIS_FILES["held-out v21"] = ROOT / "tests" / "data" / "crisis_heldout_v21.tsv"
TARGET_CRISIS = 0.97
DANGER_CLASS = "class 11"
LOOK_ALIKE_CLASS = "class 12"
TARGET_LOAD_MS = 50.0
TARGET_P99_MS = 2.0
TARGET_ACCURACY = 0.90
FRESH_PROCESSES = 15
IN_PROCESS_LOADS = 30
ROUNDS = 200
SAFETY = "SafetyIntent"

_LOAD_ONCE = """
import time
from dialogue import Understander
from locale_files import load_locale
start = time.perf_counter()
Understander(load_locale())
print(time.perf_counter() - start)
"""
# The same with the snapshot cache of `load_understanding` in the folder given as argv[1].
_LOAD_SNAPSHOT = """
import sys
import time
from pathlib import Path
from dialogue import Understander
from locale_files import load_understanding
start = time.perf_counter()
load_understanding(cache_dir=Path(sys.argv[1]))
print(time.perf_counter() - start)
"""


@dataclass(frozen=True)
class _Row:
    step: Step
    text: str
    expected: Intent
    expect: tuple[str, ...]


def _rows(coach: Coach, path: Path) -> list[_Row]:
    rows: list[_Row] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            slots = dict(pair.split("=", 1) for pair in filter(None, (record["slots"] or "").split(",")))
            step = Step(record["step"])
            expect = coach.expected_intents(State(household=Household(today=datetime.date(2026, 11, 27)), step=step))
            # (a SafetyIntent is compared without what it is about, as `_understood` gives it)
            expected = Intent(SAFETY) if record["intent"] == SAFETY else Intent.of(record["intent"], **slots)
            rows.append(_Row(step, record["text"], expected, expect))
    return rows


def _understood(understander: Understander, row: _Row) -> object:
    """What `row` is understood as; a SafetyIntent without what it is about (its `concern`),
    which the test sets do not give."""
    event = understander.understand(row.text, row.expect)
    if isinstance(event, Intent) and event.name == SAFETY:
        return Intent(SAFETY)
    return event


def _crisis_rows(coach: Coach, path: Path) -> list[tuple[str, _Row]]:
    """The rows of a crisis file with the block each stands in ("class 4", "extra: ...")."""
    rows: list[tuple[str, _Row]] = []
    block = "?"
    household = Household(today=datetime.date(2026, 11, 27))
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.startswith("#"):
            block = line[1:].split(":")[0].strip()
            continue
        if number == 0 or not line.strip():
            continue
        step_name, text, intent, slots = (line.split("\t") + [""])[:4]
        values = dict(pair.split("=", 1) for pair in filter(None, slots.split(",")))
        step = Step(step_name)
        expect = coach.expected_intents(State(household=household, step=step))
        rows.append((block, _Row(step, text, Intent.of(intent, **values), expect)))
    return rows


def _bench_crisis(understander: Understander, name: str, rows: list[tuple[str, _Row]]) -> None:
    by_block: dict[str, list[bool]] = {}
    for block, row in rows:
        by_block.setdefault(block, []).append(_understood(understander, row) == row.expected)
    for block, results in by_block.items():
        print(f"{name:16s} {block:22s} {sum(results) / len(results):6.1%} ({sum(results)}/{len(results)})")
    mine = [ok for block, results in by_block.items() if block.startswith("class ")
            and int(block.split()[1]) <= 10 for ok in results]
    everything = [ok for results in by_block.values() for ok in results]
    for label, results in (("classes 1-10", mine), ("all rows", everything)):
        if results:
            accuracy = sum(results) / len(results)
            print(f"{name:16s} {label:22s} {accuracy:6.1%} ({sum(results)}/{len(results)})"
                  f"  (target >= {TARGET_CRISIS:.0%}: {'ok' if accuracy >= TARGET_CRISIS else 'BELOW TARGET'})")
    danger = [row for block, row in rows if block == DANGER_CLASS]
    if danger:
        caught = sum(understander.is_danger(r.text) for r in danger)
        asked = sum(understander.is_danger(r.text) or understander.is_worrying(r.text) for r in danger)
        print(f"{name:16s} danger recall (class 11) {caught / len(danger):.1%} ({caught}/{len(danger)}); "
              f"with the worry model's question {asked / len(danger):.1%} ({asked}/{len(danger)})")
    look_alikes = [row for block, row in rows if block == LOOK_ALIKE_CLASS]
    if look_alikes:
        alarms = sum(understander.is_danger(r.text) for r in look_alikes)
        questions = sum(not understander.is_danger(r.text) and understander.is_worrying(r.text) for r in look_alikes)
        print(f"{name:16s} false alarms on look-alikes (class 12): {alarms}/{len(look_alikes)}; "
              f"asked 'ben je nu veilig?': {questions}/{len(look_alikes)}")


def _percentile(ordered: list[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _verdict(ok: bool) -> str:
    return "ok" if ok else "OVER TARGET"


def _fresh_process(code: str, *args: str) -> float:
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(result.stdout.strip()) * 1000


def _bench_loading() -> None:
    fresh = [_fresh_process(_LOAD_ONCE) for _ in range(FRESH_PROCESSES)]
    repeated: list[float] = []
    for _ in range(IN_PROCESS_LOADS):
        start = time.perf_counter()
        Understander(load_locale())
        repeated.append((time.perf_counter() - start) * 1000)
    with tempfile.TemporaryDirectory() as cache:
        written = _fresh_process(_LOAD_SNAPSHOT, cache)  # builds, and writes the snapshot
        snapshot = [_fresh_process(_LOAD_SNAPSHOT, cache) for _ in range(FRESH_PROCESSES)]
    lines = (
        ("load locale + build Understander", "fresh process", fresh),
        ("load locale + build Understander", "repeated", repeated),
        ("load_understanding, warm cache", "fresh process", snapshot),
    )
    for what, name, samples in lines:
        worst = max(samples)
        print(
            f"{what}, {name:13s} n={len(samples):3d}  median {statistics.median(samples):.2f} ms"
            f"  max {worst:.2f} ms  (target < {TARGET_LOAD_MS:.0f} ms: {_verdict(worst < TARGET_LOAD_MS)})"
        )
    print(f"  (warm cache: the Understander read back from the snapshot `load_understanding` keeps, not built;"
          f" the start that wrote it, cold cache: {written:.2f} ms)")


def _bench_understanding(rows: list[_Row]) -> Understander:
    understander = Understander(load_locale())
    first: list[float] = []
    for row in rows:
        start = time.perf_counter()
        understander.understand(row.text, row.expect)
        first.append((time.perf_counter() - start) * 1000)
    timings: list[float] = []
    cpu: list[float] = []
    for _ in range(ROUNDS):
        for row in rows:
            start, start_cpu = time.perf_counter(), time.thread_time()
            understander.understand(row.text, row.expect)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
    for name, samples in (("first pass", first), ("all rounds", timings)):
        ordered = sorted(samples)
        p99 = _percentile(ordered, 0.99)
        print(
            f"understand one utterance, {name:10s} n={len(ordered):6d}  p50 {_percentile(ordered, 0.5):.3f} ms"
            f"  p99 {p99:.3f} ms  max {ordered[-1]:.3f} ms  (target p99 < {TARGET_P99_MS:.0f} ms: {_verdict(p99 < TARGET_P99_MS)})"
        )
    # On a busy machine the wall clock also counts time the process was not running.
    ordered_cpu = sorted(cpu)
    print(
        f"  (the same rounds in thread CPU time: p50 {_percentile(ordered_cpu, 0.5):.3f} ms"
        f"  p99 {_percentile(ordered_cpu, 0.99):.3f} ms; a wall p99 far above it means other load)"
    )
    return understander


def _bench_accuracy(understander: Understander, name: str, rows: list[_Row]) -> None:
    right = sum(_understood(understander, r) == r.expected for r in rows)
    safety = [r for r in rows if r.expected.name == SAFETY]
    caught = sum(_understood(understander, r) == r.expected for r in safety)
    false_danger = sum(understander.is_danger(r.text) for r in rows if r.expected.name != SAFETY)
    accuracy = right / len(rows)
    print(
        f"{name:8s} understanding accuracy {accuracy:.1%} ({right}/{len(rows)} rows, intent and slot values right)"
        f"  (target >= {TARGET_ACCURACY:.0%}: {'ok' if accuracy >= TARGET_ACCURACY else 'BELOW TARGET'})"
    )
    print(
        f"{name:8s} safety recall {caught / len(safety):.1%} ({caught}/{len(safety)} rows)"
        f"  (target 100%: {'ok' if caught == len(safety) else 'BELOW TARGET'});"
        f"  ordinary rows taken for danger: {false_danger} (target 0: {'ok' if false_danger == 0 else 'OVER TARGET'})"
    )


def main() -> None:
    coach = Coach(load_locale())
    tables = {name: _rows(coach, path) for name, path in DATA_FILES.items()}
    crisis = {name: _crisis_rows(coach, path) for name, path in CRISIS_FILES.items() if path.exists()}
    _bench_loading()
    timed = [row for rows in tables.values() for row in rows] + [row for rows in crisis.values() for _, row in rows]
    understander = _bench_understanding(timed)
    for name, rows in tables.items():
        _bench_accuracy(understander, name, rows)
    for name, blocks in crisis.items():
        _bench_crisis(understander, name, blocks)


if __name__ == "__main__":
    main()
