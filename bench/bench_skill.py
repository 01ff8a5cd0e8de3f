"""The Alexa skill in-process: a turn through lambda_handler, and the cold import.

1. Turns: a launch, a whole check-in and a whole trigger plan as request envelopes
   (tests/envelopes) through the Lambda handler, session attributes carried along;
   without persistence and with the SQLite store; beside a hello-world ask-sdk-core
   skill in the same run. Targets: p50 at most 5x hello world without persistence,
   p99 under 10 ms with SQLite.
2. Cold start: import plus the first LaunchRequest in a fresh interpreter, as a ratio to a
   hello-world ask-sdk-core skill's (target at most 1.3), ours with SAMEN_STERKER_SKILL_ID
   set as deployed (and once more without, where a warning is logged); also importing
   lambda_handler alone against ask_sdk_core.skill_builder (target at most 1.5).
"""

from __future__ import annotations

import copy
import datetime
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model.response import Response

from dialogue import Effect, Household
from household.store import SqliteHouseholds
from locale_files import COMPILED_FILE, compiled_locale
from skill.adapter import SKILL_ID_ENV, build_skill, make_conversation
from skill.dataclass_code import CODE_NAME as DATACLASS_CODE
from skill.lambda_entry import handler_for
from skill.package import dataclass_code, lambda_files

ROOT = Path(__file__).resolve().parent.parent
ENVELOPES = ROOT / "tests" / "envelopes"
ROUNDS = 300
COLD_RUNS = 9
Handler = Callable[[dict[str, Any], Any], dict[str, Any]]

# (envelope file, slot overrides): the conversation a household has, in order.
SCRIPT: list[tuple[str, dict[str, str]]] = [
    ("launch", {}),
    ("intent_startcheckin", {}),
    ("intent_together", {}),
    ("intent_weather_matched", {}),
    ("intent_need_matched", {}),
    ("intent_gratitude_matched", {}),
    ("intent_weather_matched", {"weather": "STORM"}),
    ("intent_need_matched", {"need": "RUIMTE"}),
    ("intent_gratitude_unmatched", {}),
    ("intent_starttriggerplan", {}),
    ("intent_amazon_next", {}),
    ("intent_feeling_matched", {}),
    ("intent_need_matched", {"need": "GERUSTSTELLING"}),
    ("intent_amazon_no", {}),
]


class NoHouseholds:
    """No persistence: every household is new, nothing is kept."""

    def load(self, today: datetime.date, household_id: str = "") -> Household:
        return Household(today=today)

    def apply(self, effects: Iterable[Effect], household_id: str = "") -> None:
        pass

    def erase(self, household_id: str = "") -> None:
        pass


class HelloHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.speak("Hallo wereld").set_should_end_session(False).response


def hello_world() -> Handler:
    builder = SkillBuilder()
    builder.add_request_handler(HelloHandler())
    handler: Handler = builder.lambda_handler()
    return handler


def _envelopes() -> list[dict[str, Any]]:
    result = []
    for name, slots in SCRIPT:
        data = json.loads((ENVELOPES / f"{name}.json").read_text(encoding="utf-8"))
        for slot, value_id in slots.items():
            data["request"]["intent"]["slots"][slot]["resolutions"]["resolutionsPerAuthority"][0]["values"][0]["value"]["id"] = value_id
        result.append(data)
    return result


_request_ids = itertools.count()


def _conversation(handler: Handler, envelopes: list[dict[str, Any]], samples: list[int]) -> None:
    attributes: dict[str, Any] = {}
    for template in envelopes:
        event = copy.deepcopy(template)
        # Each request its own id, as Alexa sends them: a repeated id is a replay, not stored again.
        event["request"]["requestId"] = f"amzn1.echo-api.request.bench-{next(_request_ids)}"
        if "session" in event:
            event["session"]["attributes"] = attributes
        start = time.perf_counter_ns()
        result = handler(event, None)
        samples.append(time.perf_counter_ns() - start)
        ended = result["response"].get("shouldEndSession", True)
        attributes = {} if ended else result.get("sessionAttributes", {})


def _ms(ordered: list[int], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] / 1e6


def turns() -> None:
    envelopes = _envelopes()
    with tempfile.TemporaryDirectory() as folder:
        handlers: dict[str, Handler] = {
            "hello world": hello_world(),
            "samen sterker, no store": handler_for(build_skill(make_conversation(NoHouseholds()))),
            "samen sterker, sqlite": handler_for(build_skill(make_conversation(SqliteHouseholds(Path(folder) / "h.sqlite3")))),
        }
        results: dict[str, list[int]] = {name: [] for name in handlers}
        for _ in range(20):  # warm up
            for name, handler in handlers.items():
                _conversation(handler, envelopes, [])
        for _ in range(ROUNDS):
            for name, handler in handlers.items():
                _conversation(handler, envelopes, results[name])
    p50 = {name: _ms(sorted(s), 0.5) for name, s in results.items()}
    for name, samples in results.items():
        ordered = sorted(samples)
        print(f"turn via lambda_handler, {name:24s} n={len(ordered):6d}  p50 {p50[name]:.3f} ms"
              f"  p99 {_ms(ordered, 0.99):.3f} ms  max {ordered[-1] / 1e6:.3f} ms")
    ratio = p50["samen sterker, no store"] / p50["hello world"]
    p99_sqlite = _ms(sorted(results["samen sterker, sqlite"]), 0.99)
    print(f"  no store vs hello world (p50): {ratio:.2f}x (target <= 5x: {'ok' if ratio <= 5 else 'OVER TARGET'})")
    print(f"  sqlite p99: {p99_sqlite:.3f} ms (target < 10 ms: {'ok' if p99_sqlite < 10 else 'OVER TARGET'})")


def _lambda_tree(folder: Path) -> Path:
    """The project's files as the Lambda zip holds them, compiled locale and dataclass code
    included (its dependencies come from this interpreter's site-packages)."""
    for path, name in lambda_files(ROOT):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, folder / name)
    (folder / "interaction_models" / "nl-NL" / COMPILED_FILE).write_bytes(compiled_locale())
    (folder / "skill" / DATACLASS_CODE).write_bytes(dataclass_code([folder]))
    return folder


def _cold(statement: str, bytecode: str, cwd: Path = ROOT, environ: dict[str, str] | None = None) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    # As deployed: the Lambda zip ships compiled bytecode (skill/package.py), so every
    # process here reads it from one cache instead of compiling the sources again, for our
    # modules and the hello-world skill alike (a shell with PYTHONDONTWRITEBYTECODE set
    # would otherwise compile ours on every start, and not ask-sdk's, which pip compiled).
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = bytecode
    with tempfile.TemporaryDirectory() as folder:
        env["SAMEN_STERKER_STORE"] = f"sqlite:{folder}/h.sqlite3"
        env.pop(SKILL_ID_ENV, None)
        env.update(environ or {})
        out = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def cold_start() -> None:
    """Whole processes, side by side: import plus the first LaunchRequest, ours against a
    hello-world ask-sdk-core skill (bench/hello_skill.py); and the import alone.

    Ours runs as deployed, SAMEN_STERKER_SKILL_ID set to the envelope's skill (the skill
    checks every request's id against it); and once more without it, as a development setup
    runs, where the first request logs a warning (and so loads `logging`)."""
    launch = ENVELOPES / "launch.json"
    request = f"(json.load(open({str(launch)!r})), None)"
    ours = f"import json, lambda_handler as h; h.lambda_handler{request}"
    skill_id = json.loads(launch.read_text(encoding="utf-8"))["session"]["application"]["applicationId"]
    statements = {
        "hello world + first request": f"import json, bench.hello_skill as h; h.lambda_handler{request}",
        "lambda_handler + first request": ours,
        "  ..., no skill id (warns)": ours,
        "ask_sdk_core.skill_builder": "import ask_sdk_core.skill_builder",
        "lambda_handler": "import lambda_handler",
    }
    environ = {name: {} if name.startswith("  ") else {SKILL_ID_ENV: skill_id} for name in statements}
    samples: dict[str, list[float]] = {name: [] for name in statements}
    with tempfile.TemporaryDirectory() as bytecode, tempfile.TemporaryDirectory() as folder:
        tree = _lambda_tree(Path(folder))
        where = {name: ROOT if name.startswith(("hello", "ask_sdk")) else tree for name in statements}
        for name, statement in statements.items():
            _cold(statement, bytecode, where[name], environ[name])  # writes the bytecode, as the zip's build does
        for _ in range(COLD_RUNS):  # interleaved, so a busy moment of the machine hits both
            for name, statement in statements.items():
                samples[name].append(_cold(statement, bytecode, where[name], environ[name]))
    figures = {name: statistics.median(values) for name, values in samples.items()}
    for name, seconds in figures.items():
        print(f"cold start, {name:32s} median {seconds * 1000:7.1f} ms")
    first = figures["lambda_handler + first request"] / figures["hello world + first request"]
    print(f"  import + first launch vs hello world: {first:.2f}x (target <= 1.3: {'ok' if first <= 1.3 else 'OVER TARGET'})")
    warned = figures["  ..., no skill id (warns)"] / figures["hello world + first request"]
    print(f"  the same without a skill id (a warning logged): {warned:.2f}x")
    ratio = figures["lambda_handler"] / figures["ask_sdk_core.skill_builder"]
    print(f"  import alone vs ask_sdk_core.skill_builder: {ratio:.2f}x (target <= 1.5: {'ok' if ratio <= 1.5 else 'OVER TARGET'})")


def main() -> None:
    turns()
    cold_start()


if __name__ == "__main__":
    main()
